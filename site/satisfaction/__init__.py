"""Satisfaction after every contact: one short question per contact, and the Tevredenheid view."""
