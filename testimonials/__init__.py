"""Experiences, consent, moderation, published cases and ambassadors."""
