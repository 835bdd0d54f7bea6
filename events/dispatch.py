"""The signals the events app sends, defined apart from their receivers (in ``events.signals``)
so the services can send them without importing the page models."""

from django.dispatch import Signal

# Sent (after commit) when someone is checked in for the first time, with ``registration`` and
# ``event``: later layers (referral credits, intervision, testimonials) receive it without this
# app importing them.
attendance_recorded = Signal()
# Sent while the follow-up mail of ``registration`` is built; receivers add to ``context`` (a
# dict), e.g. the testimonials app adds its personal "Deel je ervaring" link.
follow_up_context = Signal()
