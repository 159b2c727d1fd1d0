"""Tests of what README's guarantees promise, tried against the whole bot."""
