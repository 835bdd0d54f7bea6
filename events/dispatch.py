"""The signals the events app sends, defined apart from their receivers (in ``events.signals``)
so the services can send them without importing the page models."""

from django.dispatch import Signal

# Sent (after commit) when someone is checked in for the first time, with ``registration`` and
# ``event``: later layers (referral qualifying in ``campaigns.signals``) receive it without this
# app importing them. What later apps add to the follow-up mail is no signal but the
# ``FOLLOW_UP_CONTEXT`` hook (``loket.core.hooks``).
attendance_recorded = Signal()

# Sent after commit by ``register_for_event`` for every new registration (confirmed or on the
# waiting list), with ``registration``, ``actor`` (the member registered) and ``request`` (the
# member's own request, or None when staff add someone). Attribution counts it as a conversion.
registration_made = Signal()
