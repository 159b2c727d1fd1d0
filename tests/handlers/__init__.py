"""Tests of the conversation core: replies, dates, dispatch, members, codes."""
