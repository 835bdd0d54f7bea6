"""A double submit that races: simultaneous identical requests store one request, one mail."""

import threading

import pytest

from django.db import connection

from loket.intake import services
from loket.intake.forms import IntakeRequestForm
from loket.intake.models import IntakeRequest
from loket.mail.models import OutgoingMail


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_identical_requests_store_one(data):
    form = IntakeRequestForm(data)
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data
    start = threading.Barrier(10)
    results, errors = [], []

    def submit():
        try:
            start.wait()
            intake, created = services.request_intake(cleaned)
            results.append((intake.pk, created))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert IntakeRequest.objects.count() == 1
    assert {pk for pk, _created in results} == {IntakeRequest.objects.get().pk}
    assert sum(created for _pk, created in results) == 1
    assert OutgoingMail.objects.filter(template="intake_confirmation").count() == 1
