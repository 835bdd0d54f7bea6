"""Receivers of the intake app: a member who logs in gets the requests made with their address."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services


@receiver(user_logged_in)
def _link_requests_at_login(sender, request, user, **kwargs):
    # Logging in needs a verified address, so this address is really the member's.
    services.link_requests_of(user)
