"""Editors change the scan; results keep the version they were taken with."""

import re

import pytest

from community.scan.models import ScanPage, ScanResult, ScanVersion
from community.scan.privacy import export_scans
from community.scan.services import current_version
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

OLD = "Hoe goed weet je hoe je bedrijf er financieel voor staat?"
NEW = "Hoe goed ken je de cijfers van je bedrijf?"


def _without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)


def _edit_first_question(page, text, *, score=None):
    page = ScanPage.objects.get(pk=page.pk)
    data = page.questions.get_prep_value()
    data[0]["value"]["question"] = text
    if score is not None:
        data[0]["value"]["options"][0]["value"]["score"] = score
    page.questions = data
    page.save_revision().publish()
    return ScanPage.objects.get(pk=page.pk)


def test_changing_a_question_does_not_change_an_earlier_result(client, take, scan_page):
    member = MemberFactory()
    client.force_login(member)
    take(weak=("financien",))
    before = ScanResult.objects.get()
    old_scores = dict(before.scores)
    url = scan_page.url_for("result", token=before.token)
    old_page = client.get(url).content.decode()

    edited = _edit_first_question(scan_page, NEW, score=2)

    # The scan now asks the new text, as a new version.
    assert NEW in client.get(edited.url).content.decode()
    assert current_version(edited).number == 2
    assert ScanVersion.objects.filter(page=edited).count() == 2

    # The earlier result still reads (and scores) as it was taken.
    before.refresh_from_db()
    assert before.version.number == 1
    assert before.scores == old_scores
    assert _without_tokens(client.get(url).content.decode()) == _without_tokens(old_page)
    exported = export_scans(member)[0]
    assert exported["versie"] == 1
    assert exported["antwoorden"][0]["vraag"] == OLD

    # A new result is taken with (and scored by) the new version.
    take(weak=("financien",))
    after = ScanResult.objects.order_by("-pk").first()
    assert after.version.number == 2
    assert after.version.questions[0]["text"] == NEW


def test_answers_posted_for_the_version_the_visitor_saw_still_count(client, scan_page, take):
    from .conftest import answers_for

    seen = current_version(scan_page)
    data = answers_for(seen)
    _edit_first_question(scan_page, NEW)
    response = client.post(scan_page.url, data)
    assert response.status_code == 302
    assert ScanResult.objects.get().version == seen


def test_republishing_the_same_content_makes_no_new_version(scan_page):
    first = current_version(scan_page)
    scan_page.save_revision().publish()
    assert current_version(ScanPage.objects.get(pk=scan_page.pk)) == first
