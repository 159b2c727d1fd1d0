"""Tests of SQLite storage: units of work, repositories, roll-ups, triggers, files."""
