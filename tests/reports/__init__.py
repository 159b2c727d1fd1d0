"""Tests of roll-up rendering."""
