"""Mail blocks render into loket.mail's layout as HTML and plain text, with tagged site links."""

from urllib.parse import parse_qs, urlsplit

import pytest

from campaigns.mailings import rendering
from testimonials.models import Consent, Experience

pytestmark = pytest.mark.django_db


def _query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_heading_text_and_button_render_to_html_and_text(make_mailing):
    mailing = make_mailing()
    html, text = rendering.compile_body(mailing)
    assert "Waarom kan ik je online niet vinden?" in html
    assert "mj-column-per-100" in html  # compiled MJML, not raw tags
    assert "<mj-" not in html
    assert "Vraag een intake aan" in html
    assert "WAAROM KAN IK JE ONLINE NIET VINDEN?" in text
    assert "in de agenda (http://testserver/bijeenkomsten/?utm_source=mailing" in text
    assert "Vraag een intake aan: http://testserver/gesprek-aanvragen/?utm_source=" in text


def test_every_site_link_gets_utm_parameters_and_other_links_stay(make_mailing):
    body = [
        ("button", {"label": "Naar de KvK", "page": None, "url": "https://www.kvk.nl/start/"}),
        (
            "button",
            {"label": "Agenda", "page": None, "url": "http://testserver/a/?utm_source=x&p=2"},
        ),
    ]
    mailing = make_mailing(body=body)
    html, text = rendering.compile_body(mailing)
    assert 'href="https://www.kvk.nl/start/"' in html
    site_link = next(u for u in text.split() if u.startswith("http://testserver/a/"))
    assert _query(site_link) == {
        "p": "2",
        "utm_source": "mailing",
        "utm_medium": "email",
        "utm_campaign": f"mailing-{mailing.pk}",
        "utm_content": f"mailing-{mailing.pk}",
    }


def test_campaign_code_is_the_utm_campaign(make_mailing, home):
    from campaigns.pages import CampaignIndexPage, CampaignPage

    index = CampaignIndexPage(title="Campagnes", slug="campagnes")
    home.add_child(instance=index)
    campaign = CampaignPage(
        title="Een kritische blik", slug="een-kritische-blik", code="een-kritische-blik"
    )
    index.add_child(instance=campaign)
    mailing = make_mailing(campaign=campaign)
    html, _text = rendering.compile_body(mailing)
    assert "utm_campaign=een-kritische-blik&amp;utm_content=mailing-" in html


def test_staff_text_cannot_inject_markup_or_template_code(make_mailing):
    body = [("heading", {"heading": "<script>alert(1)</script> {{ secret }} {% now 'Y' %}"})]
    html, text = rendering.compile_body(make_mailing(body=body))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "{{ secret }}" in html and "{% now " in html  # stays text


def test_event_teaser_shows_date_place_and_a_tagged_registration_link(make_mailing, make_event):
    event = make_event(title="Grip op je cashflow")
    mailing = make_mailing(body=[("event", {"event": event, "button_label": "Meld je aan"})])
    html, text = rendering.compile_body(mailing)
    assert "Grip op je cashflow" in html
    assert "Het Ondernemershuis, Utrecht" in html
    assert f"Meld je aan: http://testserver{event.url}?utm_source=mailing" in text


def test_cancelled_event_drops_out(make_mailing, make_event):
    event = make_event(
        title="Gaat niet door", cancelled=True, cancellation_reason="De spreker is ziek."
    )
    mailing = make_mailing(body=[("event", {"event": event, "button_label": "Meld je aan"})])
    html, text = rendering.compile_body(mailing)
    assert "Gaat niet door" not in html and text == ""


def _experience(**fields):
    defaults = {
        "contributor_name": "Sanne de Vries",
        "contributor_email": "sanne@example.nl",
        "company_name": "Bakkerij De Korenschoof",
        "quote": "Eén avond met collega-ondernemers leverde me meer op dan een jaar piekeren.",
        "score": 9,
        "status": "goedgekeurd",
    }
    defaults.update(fields)
    return Experience.objects.create(**defaults)


def test_testimonial_needs_consent_for_the_newsletter(make_mailing):
    experience = _experience()
    body = [("testimonial", {"experience": experience})]
    html, _text = rendering.compile_body(make_mailing(body=body))
    assert "collega-ondernemers" not in html  # no consent for this channel yet

    Consent.objects.create(experience=experience, channel="magazine", action="gegeven", text="Ja")
    html, text = rendering.compile_body(make_mailing(body=body))
    assert "collega-ondernemers" in html
    assert "— Sanne de Vries, Bakkerij De Korenschoof" in text
