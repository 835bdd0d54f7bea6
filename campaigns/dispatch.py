"""The signals the campaigns app sends, defined apart from its receivers (``campaigns.signals``)
so the services can send them without importing the receivers' dependencies."""

from django.dispatch import Signal

# Sent after commit by ``tip_by_mail`` when a member tipped someone by mail, with ``referral``,
# ``actor`` (the member who tipped) and ``request`` (or None). Attribution counts it.
tip_sent = Signal()

# Sent after commit by ``qualify`` when a referral qualified (the person tipped took part), with
# ``referral``. Attribution counts it; receivers need not run after campaigns' own.
referral_qualified = Signal()
