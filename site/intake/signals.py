"""Signals of intake requests, for later layers (campaign attribution, Tip een ander).

Both are sent after the transaction commits, so a receiver never sees a request that was rolled
back:

- ``intake_requested(sender, intake, request)``: a new request was stored (``request`` is the
  HTTP request, or ``None`` outside one). A double submit stores one request and sends once.
- ``intake_held(sender, intake, user)``: staff recorded that the intake conversation was held;
  ``user`` is the member it belongs to, or ``None``. Sent once per request: the status step that
  sends it can only happen once.
- ``conversation_held(sender, intake, booking, kind, user)``: the same moment, for whatever
  follows a conversation (a follow-up call, a satisfaction question, a handover): ``kind`` is
  ``"intake"`` or ``"speedconsult"``, ``booking`` the booked slot's ``Booking`` or ``None`` when
  staff planned it by hand. Sent once per request, right after ``intake_held``.
"""

from django.dispatch import Signal

intake_requested = Signal()
intake_held = Signal()
conversation_held = Signal()
