"""In a real browser: a member finds a meetup by theme, registers, gets the mail with the
calendar file, cancels through the link in the mail, and the first on the waiting list is
offered the seat."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from django.conf import settings
from django.test import Client
from django.utils import timezone

from events import services
from events.models import Registration
from loket.mail.models import OutgoingMail
from loket.themes.models import Theme

pytestmark = pytest.mark.django_db(transaction=True)


def _tree():
    from wagtail.models import Locale, Page, Site

    from events.models import EventIndexPage

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(title="Home", slug="home")
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    index = EventIndexPage(title="Bijeenkomsten", slug="bijeenkomsten")
    site.root_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def _event(index, title, theme, capacity):
    from events.models import EventPage

    start = timezone.now() + timedelta(days=9)
    event = EventPage(
        title=title,
        slug=re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
        intro="Ondernemers vertellen hoe zij het aanpakten.",
        start=start,
        end=start + timedelta(hours=2),
        capacity=capacity,
        venue_name="Het Ondernemershuis",
        municipality="Utrecht",
        region="utrecht",
    )
    index.add_child(instance=event)
    if theme:
        event.themes.set([theme])
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_find_register_get_the_mail_cancel_and_the_waiting_list_moves_up(page, live_server):
    from loket.accounts.models import User

    index = _tree()
    finance = Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})[0]
    staff = Theme.objects.get_or_create(
        slug="personeelszaken", defaults={"name": "Personeelszaken"}
    )[0]
    event = _event(index, "Grip op je cashflow", finance, capacity=2)
    _event(index, "Personeel vinden", staff, capacity=20)
    other = User.objects.create_user("eerste@example.nl", "x", first_name="Eerste")
    services.register_for_event(event, other)
    member = User.objects.create_user("sanne@example.nl", "x", first_name="Sanne")
    _log_in(page, live_server, member)

    # Find the event by theme, without JavaScript tricks: the filter form is a plain GET.
    page.goto(index.url)
    page.get_by_label("Thema", exact=True).select_option("financien")
    page.get_by_role("button", name="Toon bijeenkomsten").click()
    assert "thema=financien" in page.url
    assert page.get_by_role("link", name="Personeel vinden").count() == 0
    page.get_by_role("link", name="Grip op je cashflow").click()
    page.get_by_text("Nog 1 plek").first.wait_for()

    # One click.
    page.get_by_role("button", name="Meld me aan").click()
    page.get_by_text("Je bent aangemeld!").wait_for()
    registration = Registration.objects.get(user=member)
    assert registration.status == Registration.Status.CONFIRMED

    # Someone else now lands on the waiting list.
    waiting = User.objects.create_user("wacht@example.nl", "x", first_name="Wachtend")
    waiting_registration = services.register_for_event(event, waiting)
    assert waiting_registration.status == Registration.Status.WAITING

    # The confirmation mail carries the calendar file (attached, or linked where the outbox
    # cannot attach yet) and the cancel link.
    mail = OutgoingMail.objects.get(to=member.email, template="events_confirmation")
    ical_url = re.search(r"http\S+/ical/", mail.text).group(0)
    ical = page.request.get(live_server.url + urlsplit(ical_url).path)
    assert ical.ok
    calendar = Calendar.from_ical(ical.body())
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Grip op je cashflow"
    cancel_url = re.search(r"http\S+/afmelden/\S+/", mail.text).group(0)

    # Cancel through the link, without being logged in.
    page.context.clear_cookies()
    page.goto(live_server.url + urlsplit(cancel_url).path)
    page.get_by_role("button", name="Ja, meld me af").click()
    page.get_by_role("heading", name="Je bent afgemeld").wait_for()

    registration.refresh_from_db()
    waiting_registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert waiting_registration.status == Registration.Status.OFFERED
    assert OutgoingMail.objects.filter(to=waiting.email, template="events_offer").exists()
