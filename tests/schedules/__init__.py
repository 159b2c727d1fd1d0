"""Tests of reminders: planner, tick, outbox dispatcher, delivery."""
