"""Chat vocabulary shared by every layer: messages and button data."""
