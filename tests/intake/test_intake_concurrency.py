"""A double submit that races: simultaneous identical requests store one request, one mail."""

import pytest

from loket.intake import services
from loket.intake.forms import IntakeRequestForm
from loket.intake.models import IntakeRequest
from loket.mail.models import OutgoingMail
from tests.concurrency import run_concurrently, split_outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_identical_requests_store_one(data):
    form = IntakeRequestForm(data)
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data

    def submit():
        intake, created = services.request_intake(cleaned)
        return intake.pk, created

    results, errors = split_outcomes(run_concurrently(submit, [()] * 10), Exception)
    assert not errors
    assert IntakeRequest.objects.count() == 1
    assert {pk for pk, _created in results} == {IntakeRequest.objects.get().pk}
    assert sum(created for _pk, created in results) == 1
    assert OutgoingMail.objects.filter(template="intake_confirmation").count() == 1
