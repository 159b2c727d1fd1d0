"""Tests of the command line, the Telegram, Zalo and console channels, serve()."""
