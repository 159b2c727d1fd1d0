"""Tests of the chat vocabulary: button data, printable text."""
