"""The OWASP filter-evasion list through every member-written field, rendered on its own page.

Each payload (``data/owasp_xss_evasion.json``) is written through the service a member's form
calls, then the page that shows it is rendered and parsed: no script, handler, ``javascript:``
URL or embedding element may appear that the same page does not have without the payload.
"""

import html
import json
import re
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model

from campaigns.services import tips
from community.intervision.models import IntervisionGroup, IntervisionParticipant
from community.intervision.services import add_note, next_session, submit_case
from community.models import CommunityPage, Membership, Thread
from community.services import discussions
from loket.accounts.services import update_profile
from loket.core.demo import ADMIN_EMAIL
from loket.intake import services as intake_services
from loket.intake.forms import IntakeRequestForm
from loket.mail.models import OutgoingMail
from loket.sanitize import clean_html, clean_text
from loket.themes.models import Theme
from testimonials import services as testimonials

PAYLOADS = json.loads((Path(__file__).parent / "data" / "owasp_xss_evasion.json").read_text())

# Elements that run or embed something; a page may have its own (its scripts, its head), never
# one more because of what a member wrote.
ACTIVE = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "style",
    "svg",
    "math",
    "xml",
    "bgsound",
    "isindex",
    "template",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
# Whitespace and control characters a browser ignores inside a URL scheme.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
# Attributes that change per request (CSRF tokens, CSP nonces) are left out of a signature.
VOLATILE = {"nonce", "value", "content", "data-csrf"}


def _signature(tag):
    # Digits (ids in URLs) are left out too: the same form on another thread is the same form.
    attrs = tuple(
        sorted((k, re.sub(r"\d+", "0", str(v))) for k, v in tag.attrs.items() if k not in VOLATILE)
    )
    text = tag.string or "" if tag.name in {"script", "style"} else ""
    return tag.name, attrs, text.strip()[:200]


def executable_markup(page_html, baseline=frozenset()):
    """What in ``page_html`` could run script, beyond the signatures in ``baseline``."""
    soup = BeautifulSoup(page_html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if _signature(tag) in baseline:
            continue
        if tag.name.lower() in ACTIVE:
            found.append(str(tag)[:200])
            continue
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            name = name.lower()
            bad_url = name in URL_ATTRIBUTES and BAD_SCHEME.match(URL_NOISE.sub("", value))
            if name.startswith("on") or name in {"style", "srcdoc"} or bad_url:
                found.append(f"{tag.name} {name}={value[:100]}")
    return found


def baseline_of(page_html):
    return frozenset(_signature(tag) for tag in BeautifulSoup(page_html, "html.parser")(True))


def test_the_list_is_long_and_varied():
    assert len(PAYLOADS) >= 100
    text = "\n".join(PAYLOADS).lower()
    for vector in ["<script", "onerror", "<svg", "javascript:", "expression(", "<iframe", "<meta"]:
        assert vector in text
    for vector in ["<base", "data:", "\x00", "+adw-", "&#x", "<object", "<embed", "<style"]:
        assert vector in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_sanitiser_leaves_nothing_executable(payload):
    assert executable_markup(f"<div>{clean_html(payload)}</div>") == []
    text = clean_text(payload)
    assert not re.search(r"<\s*[a-z!/?]", text, re.IGNORECASE), text
    # Escaped as any template escapes text, and decoded as a browser would: still text.
    assert executable_markup(f"<p>{html.escape(text)}</p>") == []


# Through the services, rendered on the page that shows it (the seeded demo region)


def _user(email):
    return get_user_model().objects.get(email__iexact=email)


def _login(client, user):
    client.force_login(user)
    return client


def _written(payload, index):
    """Words around the payload: an entirely-markup text is refused, not stored, by some fields."""
    return f"Tekst {index}: {payload} einde"


def _check_each(client, url, write):
    # The baseline is the page after a harmless text went the same way (a reply makes its author
    # follow the thread, and so on): only what the payloads add is compared.
    write("gewoon een zin", -1)
    baseline = baseline_of(client.get(url).content.decode())
    failures = {}
    for index, payload in enumerate(PAYLOADS):
        write(payload, index)
        response = client.get(url)
        assert response.status_code == 200, (payload, response.status_code)
        page = response.content.decode()
        # The check means something only if the written text is on the page it looked at.
        assert f"Tekst {index}:" in page, payload
        found = executable_markup(page, baseline)
        if found:
            failures[payload] = found
    assert failures == {}


@pytest.fixture
def no_rate_limits():
    with mock.patch.object(discussions, "check_rate_limit"):
        yield


@pytest.mark.django_db
def test_threads_titles_and_bodies(client, seeded_demo, no_rate_limits):
    thread = Thread.objects.select_related("community", "author").order_by("pk").first()
    community, author = thread.community, thread.author
    reader = _login(client, author)
    written = []

    def write(payload, index):
        written.append(
            discussions.start_thread(
                community,
                author,
                kind="vraag",
                title=_written(payload, index),
                body=_written(payload, index),
            )
        )

    # The thread list shows each new title; each thread's page shows its body.
    _check_each(reader, community.url + "discussies/", write)
    baseline = baseline_of(reader.get(community.url + f"discussies/{thread.pk}/").content.decode())
    for new in written:
        page = reader.get(community.url + f"discussies/{new.pk}/").content.decode()
        assert executable_markup(page, baseline) == [], new.body


@pytest.mark.django_db
def test_replies(client, seeded_demo, no_rate_limits):
    thread = Thread.objects.select_related("community", "author").order_by("pk").first()
    reader = _login(client, thread.author)
    # Oldest first, 50 a page: a page number past the end shows the last page, with the newest.
    url = thread.community.url + f"discussies/{thread.pk}/?pagina=999"

    def write(payload, index):
        discussions.post_reply(thread, thread.author, _written(payload, index))

    _check_each(reader, url, write)


@pytest.mark.django_db
def test_profile_name_company_and_bio_in_the_member_directory(client, seeded_demo):
    community = CommunityPage.objects.get(pk=Thread.objects.order_by("pk").first().community_id)
    members = list(
        Membership.objects.filter(community=community, status="lid").select_related("member")
    )
    writer, reader = members[0].member, members[1].member

    def write(payload, index):
        update_profile(
            writer,
            first_name=payload[:150],
            last_name=_written(payload, index)[:150],
            company_name=payload[:150],
            bio=_written(payload, index)[:1000],
            visible_fields=["name", "company_name", "bio", "sector"],
        )

    _check_each(_login(client, reader), community.url + "leden/", write)


@pytest.mark.django_db
def test_experience_quote_story_and_company(client, seeded_demo):
    admin = _user(ADMIN_EMAIL)
    member = _user("sanne.devries@example.com")

    def write(payload, index):
        experience = testimonials.submit_experience(
            user=member,
            quote=_written(payload, index)[:280],
            story=_written(payload, index),
            company_name=payload[:150],
            score=9,
            display_mode="volledig",
            channels=["website"],
        )
        testimonials.approve(experience, by=admin)

    _check_each(client, "/ervaringen/", write)


@pytest.mark.django_db
def test_intervision_case_and_notes(client, seeded_demo):
    group = next(g for g in IntervisionGroup.objects.order_by("pk") if next_session(g))
    participant = IntervisionParticipant.objects.filter(group=group, left_at=None).first().member
    session = next_session(group)
    url = f"/intervisie/groep/{group.pk}/"
    reader = _login(client, participant)

    def write(payload, index):
        add_note(participant, session, body=_written(payload, index))
        if index % 10 == 0:  # one case per payload would only repeat the same template
            submit_case(
                participant,
                group,
                title=f"Casus {index} {payload}"[:120],
                body=f"Mijn casus gaat over personeel en planning. {payload}",
            )

    _check_each(reader, url, write)


QUESTION = "Mijn omzet groeit, maar aan het eind van de maand houd ik te weinig over. Waarom?"


def _check_each_own_page(render, write):
    """As ``_check_each``, for texts that each get a page of their own (``render(written)``)."""
    baseline = baseline_of(render(write("gewoon een zin", -1)))
    failures = {}
    for index, payload in enumerate(PAYLOADS):
        written = write(payload, index)
        if written is None:  # refused by the form
            continue
        page = render(written)
        assert f"Tekst {index}:" in page, payload
        found = executable_markup(page, baseline)
        if found:
            failures[payload] = found
    assert failures == {}


@pytest.mark.django_db
def test_intake_question_on_the_staff_handling_page(client, seeded_demo):
    """A visitor's question to the desk, as the adviser who handles it reads it in the admin."""
    staff = _login(client, _user(ADMIN_EMAIL))
    theme = Theme.objects.order_by("pk").first()

    def write(payload, index):
        form = IntakeRequestForm(
            {
                "name": "Joost Bakker",
                "email": f"vraag{index + 1}@bakkerij{index + 1}.nl",  # one per address and hour
                "company": "Bakkerij Bakker",
                "company_size": "5-9",
                "theme": str(theme.pk),
                # Long enough for the form even when a payload swallows what follows it.
                "question": QUESTION + " " + _written(payload, index),
                "channel": "video",
                "phone": "",
                "privacy_consent": "on",
                "campaign": "",
                "website": "",
            }
        )
        if not form.is_valid():
            # The form refuses a text with NUL characters: nothing is stored, nothing shown.
            assert "\x00" in payload and list(form.errors) == ["question"], form.errors
            return None
        return intake_services.request_intake(form.cleaned_data)[0]

    def render(intake):
        response = staff.get(f"/admin/snippets/intake/intakerequest/behandelen/{intake.pk}/")
        assert response.status_code == 200
        # The admin's own config script carries this request's CSRF token.
        return re.sub(r'"CSRF_TOKEN": "\w+"', '"CSRF_TOKEN": ""', response.content.decode())

    _check_each_own_page(render, write)


@pytest.mark.django_db
def test_tip_note_in_the_mail_to_the_tipped_entrepreneur(seeded_demo):
    """The personal note of a Tip een ander, in the HTML mail the tipped entrepreneur opens."""
    member = _user("sanne.devries@example.com")

    def write(payload, index):
        return tips.tip_by_mail(
            member,
            email=f"getipt{index + 1}@zaak{index + 1}.nl",
            name="Piet",
            note=_written(payload, index),
        )

    def render(referral):
        mail = OutgoingMail.objects.get(idempotency_key=f"referral-tip:{referral.pk}")
        return re.sub(r"\?tip=[^\"&]+", "?tip=signed", mail.html)  # the same button in each mail

    with mock.patch.object(tips, "tips_today", return_value=0):  # the daily limit is not tested
        _check_each_own_page(render, write)


def test_the_sanitiser_is_nh3_and_bleach_is_gone():
    """bleach is deprecated upstream (security fixes only): no dependency may name it."""
    root = Path(__file__).resolve().parents[2]
    pyproject = (root / "pyproject.toml").read_text()
    assert '"nh3' in pyproject and '"bleach' not in pyproject
    source = (root / "site" / "sanitize.py").read_text()
    assert "import nh3" in source and "import bleach" not in source
