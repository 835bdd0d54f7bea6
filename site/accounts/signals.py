"""Signals of the accounts app.

``member_signed_up`` is sent when a sign-up creates an account or takes over an unconfirmed one,
with ``user`` and ``request`` (``None`` outside a request) and ``data`` (the sign-up form's
cleaned data, so later apps can read their own fields, such as a tip code). Later layers
(referrals, campaign attribution) receive it; the site package imports none of them.
"""

from django.dispatch import Signal

member_signed_up = Signal()
