"""The signals the testimonials app sends, defined apart from its receivers
(``testimonials.signals``) so the services can send them without importing the page models."""

from django.dispatch import Signal

# Sent after commit by ``submit_experience`` for every stored experience, private feedback too,
# with ``experience``, ``actor`` (the contributor, or None through a personal link) and
# ``request`` (or None). Not intervision's ``experience_shared``, which is what feeds this app.
experience_submitted = Signal()
