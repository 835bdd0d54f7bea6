"""Domain signals of the fitheidscan.

``scan_completed`` is sent after the commit that stored a result, with ``result``, ``actor``
(the member, or ``None`` for a visitor) and ``request``; campaign attribution counts it.
"""

from django.dispatch import Signal

scan_completed = Signal()
