"""Signals of intervision that later layers (testimonials) receive; never import them here."""

from django.dispatch import Signal

# Sent after commit when a participant of a finished group leaves a written experience, with
# ``participant`` (an IntervisionParticipant: member, group, rating, experience). A receiver asks
# the member's consent before anything is published.
experience_shared = Signal()
