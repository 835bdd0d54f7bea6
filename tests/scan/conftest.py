"""Fixtures of the fitheidscan tests: a published scan with the demo's Dutch questions, and
helpers to fill it in."""

import pytest

from community.scan.demo import advice_blocks, question_blocks
from community.scan.models import ScanPage
from community.scan.services import current_version
from loket.themes.models import Theme
from tests.factories.pages import publish


def build_scan(parent):
    themes = {t.slug: t for t in Theme.objects.all()}
    page = ScanPage(
        title="Fitheidscan",
        slug="fitheidscan",
        intro="Hoe fit is je bedrijf?",
        questions=question_blocks(themes),
        advice=advice_blocks(themes),
    )
    return publish(parent, page)


@pytest.fixture
def scan_page(home):
    return build_scan(home)


def answers_for(version, *, weak=("financien",), phase="groeien"):
    """Form data answering every question: the lowest option for the ``weak`` themes, the
    highest for the others, and the option of ``phase``."""
    data = {"versie": str(version.pk)}
    for question in version.questions:
        options = question["options"]
        if question["kind"] == "phase":
            chosen = next(o for o in options if o["phase"] == phase)
        elif question["theme"]["slug"] in weak:
            chosen = min(options, key=lambda o: o["score"])
        else:
            chosen = max(options, key=lambda o: o["score"])
        data[f"q-{question['id']}"] = chosen["id"]
    return data


@pytest.fixture
def take(client, scan_page):
    """Fill in the scan as ``client``; returns the response of the POST (not followed)."""

    def run(client=client, page=scan_page, **kwargs):
        version = current_version(ScanPage.objects.get(pk=page.pk))
        return client.post(page.url, answers_for(version, **kwargs))

    return run
