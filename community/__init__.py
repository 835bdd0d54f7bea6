"""Entrepreneur communities, discussions, topic proposals, moderation and intervision groups."""
