"""Receivers: a result a visitor kept for sign-up lands on the account they make (or log in to),
and the page cache never serves the scan after its questions changed (Wagtail's publish signal
already purges it)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from loket.accounts.signals import member_signed_up

from .services import claim_pending


@receiver(member_signed_up)
def _keep_result_at_signup(sender, user, request=None, **kwargs):
    claim_pending(request, user)


@receiver(user_logged_in)
def _keep_result_at_login(sender, request, user, **kwargs):
    claim_pending(request, user)
