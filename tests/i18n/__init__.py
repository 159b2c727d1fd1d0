"""Tests of the text catalogue and formats."""
