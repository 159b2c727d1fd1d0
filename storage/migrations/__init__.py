"""Append-only numbered migrations: never edit a released one, add the next number."""
