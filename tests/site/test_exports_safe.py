"""Formula injection in staff exports: every export, every text column, CSV and XLSX.

Each export gets one row per payload, in which every text column (names, addresses, answers,
titles, reasons) starts like a spreadsheet formula. A staff member of the group that uses the
export (not a superuser) downloads it; no cell may start with a formula character unescaped.
A registry check keeps every future ``list_export`` on the same base.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.viewsets import viewsets
from wagtail.log_actions import log

from campaigns.attribution.models import DailyVisits
from campaigns.offers import LimitedOffer, OfferClaim
from community.models import ModerationAction, Thread
from loket.core.exports import SafeExportMixin, safe_cell, safe_csv_writer
from loket.credits.models import CreditTransaction
from loket.intake.models import IntakeRequest
from loket.themes.models import Theme
from tests.factories import (
    CampaignPageFactory,
    CommunityPageFactory,
    EventPageFactory,
    ExperienceFactory,
    MemberFactory,
    MembershipFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://x","klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A negative amount is a number to a spreadsheet, not a formula: it stays as it is.
NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")


def person(payload, i):
    """A member whose name and e-mail address start with ``payload``."""
    return MemberFactory(first_name=payload, last_name="", email=f"{payload}{i}@example.nl")


def registration_row(payload, i):
    RegistrationFactory(
        event=EventPageFactory(title=f"{payload} {i}"),
        user=person(payload, i),
        colleagues=[{"name": payload}, {"name": "Piet"}],
        answer=payload,
    )


def ledger_row(payload, i):
    CreditTransaction.objects.create(
        member=person(payload, i),
        amount=-5,
        kind="correctie",
        reason=payload,
        reference=payload,
        created_by=person(payload, f"{i}b"),
        available_from=timezone.now(),
    )


def intake_row(payload, i):
    IntakeRequest.objects.create(
        name=payload,
        email=f"{payload}{i}@example.nl",
        company=payload,
        theme=Theme.objects.create(name=f"{payload} {i}", slug=f"formule-thema-{i}"),
        question=payload,
        channel="video",
        phone=payload[:20],
        campaign=payload,
        referred_to=payload,
    )


def membership_row(payload, i):
    MembershipFactory(
        member=person(payload, i), community=CommunityPageFactory(title=f"{payload} {i}")
    )


def moderation_row(payload, i):
    community = CommunityPageFactory(title=f"{payload} {i}")
    author = person(payload, i)
    thread = Thread.objects.create(community=community, author=author, title=payload, body="x")
    ModerationAction.objects.create(
        community=community,
        moderator=person(payload, f"{i}m"),
        action=ModerationAction.Action.HIDE,
        thread=thread,
        member=author,
        reason=payload,
    )


def experience_row(payload, i):
    ExperienceFactory(
        quote=payload,
        story=payload,
        theme=Theme.objects.create(name=f"{payload} {i}", slug=f"formule-thema-{i}"),
        subject_kind="intervisie",
        subject_label=payload,
        contributor_name=payload,
        contributor_email=f"{payload}{i}@example.nl",
        company_name=payload,
    )


def offer_claim_row(payload, i):
    offer = LimitedOffer.objects.create(
        campaign=CampaignPageFactory(), key=f"aanbod-{i}", title=payload, total=10
    )
    OfferClaim.objects.create(offer=offer, user=person(payload, i))


def channel_row(payload, i):
    DailyVisits.objects.create(
        day=timezone.localdate(), campaign_code="lente", channel=payload, visits=i + 1
    )


def attribution_url():
    page = CampaignPageFactory(code="lente")
    return reverse("attribution_admin:csv", args=[page.pk])


@dataclass
class Export:
    name: str
    group: str
    make_row: Callable[[str, int], Any]
    # The columns (0-based) that hold text someone typed: each must start escaped.
    text_columns: list[int]
    url: Callable[[], str] | str
    formats: tuple[str, ...] = ("csv", "xlsx")

    def __str__(self):
        return self.name


def snippets(app, model):
    return f"wagtailsnippets_{app}_{model}:list"


EXPORTS = [
    Export(
        "aanmeldingen",
        "Communitymanagers",
        registration_row,
        [0, 1, 2, 5, 6],
        snippets("events", "registration"),
    ),
    Export(
        "grootboek",
        "Communitymanagers",
        ledger_row,
        [0, 1, 5, 6, 7],
        snippets("credits", "credittransaction"),
    ),
    Export(
        "intakegesprekken",
        "Communicatie",
        intake_row,
        [0, 1, 2, 4, 5, 7, 8, 12],
        snippets("intake", "intakerequest"),
    ),
    Export(
        "lidmaatschappen",
        "Communitymanagers",
        membership_row,
        [0, 1],
        snippets("community", "membership"),
    ),
    Export(
        "moderatielogboek",
        "Communitymanagers",
        moderation_row,
        [1, 3, 4, 5, 6],
        snippets("community", "moderationaction"),
    ),
    Export(
        "ervaringen",
        "Communicatie",
        experience_row,
        [0, 1, 3, 5, 6, 7, 8],
        snippets("testimonials", "experience"),
    ),
    Export(
        "geclaimde plekken",
        "Communicatie",
        offer_claim_row,
        [0, 1],
        snippets("campaigns", "offerclaim"),
    ),
    Export(
        "campagneresultaten", "Communicatie", channel_row, [1], attribution_url, formats=("csv",)
    ),
]


def staff_of(group):
    user = UserFactory(email=f"{group.lower()}@ondernemersloket.nl", email_verified=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def download(client, url, export_format):
    # Wagtail's listings export with ?export=; the campaign results have their own CSV address.
    params = {} if url.endswith("/csv/") else {"export": export_format}
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
        return [["" if c is None else c for c in row] for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


CASES = [
    pytest.param(export, export_format, id=f"{export.name}-{export_format}")
    for export in EXPORTS
    for export_format in export.formats
]


@pytest.mark.parametrize(("export", "export_format"), CASES)
def test_no_cell_of_an_export_runs_as_a_formula(client, home, export, export_format):
    url = export.url() if callable(export.url) else reverse(export.url)
    for i, payload in enumerate(PAYLOADS):
        export.make_row(payload, i)
    client.force_login(staff_of(export.group))

    header, *rows = download(client, url, export_format)

    assert len(rows) >= len(PAYLOADS), rows
    unescaped = [
        (header[n], cell)
        for row in rows
        for n, cell in enumerate(row)
        if isinstance(cell, str) and cell.startswith(FORMULA_START) and not NUMBER.match(cell)
    ]
    assert not unescaped
    # Every text column of every row arrived, escaped (so the rows were really exported).
    for column in export.text_columns:
        escaped = [row[column] for row in rows if str(row[column]).startswith("'")]
        assert len(escaped) >= len(PAYLOADS), (header[column], [row[column] for row in rows])


def test_an_xlsx_export_of_an_answer_with_control_characters_downloads(client, home):
    RegistrationFactory(answer="Vraag\x01 met \x1b[31m stuurtekens\x0b")
    client.force_login(staff_of("Communitymanagers"))

    header, *rows = download(client, reverse(snippets("events", "registration")), "xlsx")

    answer = rows[0][header.index("Antwoord op de vraag")]
    assert answer.startswith("Vraag") and "stuurtekens" in answer


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_site_history_export_does_not_run_a_members_name(client, home, export_format):
    staff = staff_of("Communitymanagers")
    for i, payload in enumerate(PAYLOADS):
        registration = RegistrationFactory(user=person(payload, i))
        log(registration, "wagtail.edit", user=staff)
    client.force_login(staff)

    header, *rows = download(client, reverse("wagtailadmin_reports:site_history"), export_format)

    labels = [row[header.index("Naam")] for row in rows]
    assert len(labels) == len(PAYLOADS) and all(label.startswith("'") for label in labels)
    assert not [cell for row in rows for cell in row if str(cell).startswith(FORMULA_START)]


def test_every_export_in_the_admin_writes_safe_cells(client):
    client.get("/admin/")  # the URL conf (and so the viewset registry) is loaded
    exporting = [
        vs
        for vs in viewsets.viewsets
        if isinstance(getattr(vs, "list_export", None), list | tuple) and vs.list_export
    ]
    assert len(exporting) >= 7
    unsafe = [vs.name for vs in exporting if not issubclass(vs.index_view_class, SafeExportMixin)]
    assert not unsafe, f"put loket.core.exports.SafeExportViewSetMixin first on {unsafe}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_hand_written_csv_writer_escapes_every_cell(payload):
    stream = io.StringIO()
    safe_csv_writer(stream).writerow([payload, 7, -3, None, "gewoon"])
    [row] = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert row == ["'" + payload, "7", "-3", "", "gewoon"]
    assert safe_cell(-3) == -3 and safe_cell(timezone.localdate()) == timezone.localdate()
