"""Tests of reading plans: readers, the deadline grammar, agency names, warnings."""
