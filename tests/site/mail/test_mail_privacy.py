"""AVG: opt-outs hold a keyed hash only and outlive the account; erased mail is anonymised."""

import pytest

from django.core import mail as django_mail

from loket.mail import services
from loket.mail.models import MailOptOut, OutgoingMail, address_hash

pytestmark = pytest.mark.django_db

Status = OutgoingMail.Status


def _stored_values(queryset):
    return [str(value) for row in queryset.values() for value in row.values()]


def test_an_opt_out_stores_a_keyed_hash_not_the_address():
    services.opt_out(" Fatima@Example.nl", "bulk")

    opt_out = MailOptOut.objects.get()
    assert opt_out.address_hash == address_hash("fatima@example.nl")
    assert len(opt_out.address_hash) == 64
    assert not any("fatima" in value.lower() for value in _stored_values(MailOptOut.objects.all()))
    assert "fatima" not in str(opt_out).lower()
    assert services.is_opted_out("FATIMA@example.nl", "bulk")
    assert not services.is_opted_out("fatima@example.nl", "transactional")
    assert not services.is_opted_out("joost@example.nl", "bulk")


def test_the_hash_is_keyed_with_the_secret_key(settings):
    before = address_hash("fatima@example.nl")
    settings.SECRET_KEY = "een-andere-sleutel"  # noqa: S105

    assert address_hash("fatima@example.nl") != before


def test_an_opt_out_survives_a_key_rotation(settings):
    services.opt_out("fatima@example.nl", "bulk")
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY = "de-nieuwe-sleutel"  # noqa: S105
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert services.is_opted_out("fatima@example.nl", "bulk")
    services.opt_out("fatima@example.nl", "bulk")  # already known: no second row
    assert MailOptOut.objects.count() == 1

    services.opt_in("fatima@example.nl", "bulk")
    assert not MailOptOut.objects.exists()


def _mail(key, to="fatima@example.nl", status=Status.SENT, category="transactional"):
    return OutgoingMail.objects.create(
        to=to,
        from_email="Ondernemersloket <hallo@ondernemersloket.nl>",
        reply_to="begeleider@example.nl",
        subject="Hoi Fatima",
        html="<p>Hoi Fatima, je bijeenkomst</p>",
        text="Hoi Fatima, je bijeenkomst",
        headers={"List-Unsubscribe": "<http://testserver/afmelden/fatima/>"},
        template="notification",
        category=category,
        idempotency_key=key,
        status=status,
        last_error="SMTPRecipientsRefused: {'fatima@example.nl': (450, 'later')}",
    )


def test_forgetting_an_address_anonymises_its_mail_and_keeps_its_opt_outs(
    notification_context, django_capture_on_commit_callbacks
):
    sent = _mail("sent")
    queued = _mail("queued", to="Fatima@Example.NL", status=Status.QUEUED)
    failed = _mail("failed", status=Status.FAILED)
    other = _mail("other", to="joost@example.nl")
    services.opt_out("fatima@example.nl", "bulk")

    assert services.forget_address("fatima@example.nl") == 3

    for row in (sent, queued, failed):
        row.refresh_from_db()
        assert row.to == services.FORGOTTEN_ADDRESS
        assert (row.subject, row.html, row.text, row.reply_to, row.headers) == ("", "", "", "", {})
        assert row.last_error == ""
    assert not any(
        "fatima" in value.lower()
        for value in _stored_values(OutgoingMail.objects.exclude(pk=other.pk))
    )
    assert (sent.status, queued.status, failed.status) == (
        Status.SENT,
        Status.SKIPPED,
        Status.SKIPPED,
    )
    other.refresh_from_db()
    assert (other.to, other.subject) == ("joost@example.nl", "Hoi Fatima")
    assert services.is_opted_out("fatima@example.nl", "bulk")  # the wish outlives the account

    # Nothing of the erased address is delivered, queued again or sent twice afterwards.
    with django_capture_on_commit_callbacks(execute=True):
        services.deliver(queued.pk)
        services.resend_stuck()
        services.retry_failed([failed.pk])
        again = services.queue_mail(
            to="fatima@example.nl",
            template="notification",
            context=notification_context,
            idempotency_key="sent",
        )
        mailing = services.queue_mail(
            to="fatima@example.nl",
            template="notification",
            context=notification_context,
            idempotency_key="mailing-after-signing-up-again",
            category="bulk",
        )
    assert again.pk == sent.pk
    assert mailing is None
    assert django_mail.outbox == []
    assert services.forget_address("fatima@example.nl") == 0  # safe to run twice
    assert services.forget_address("  ") == 0
