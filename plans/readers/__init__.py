"""Readers that turn a plan document (txt/md, docx, xlsx) into raw tasks before resolution (pure)."""
