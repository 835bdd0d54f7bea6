"""In a real browser: a reward from redemption to delivery. A member chooses a reward with their
credits; a community manager (no superuser) plans it (ingepland) and delivers it (geleverd) in the
admin's *Beloningen leveren*; the member sees each status on their home and gets a mail at each
step. Staff see a request that waited too long as late, and cancelling gives the credits back once.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Gesprek met een bekende ondernemer"


@pytest.fixture
def world():
    from loket.credits import services
    from loket.credits.models import Reward

    host = MemberFactory(first_name="Karin", last_name="de Vries", email="karin@example.nl")
    reward = Reward.objects.create(
        title=TITLE,
        type=Reward.Type.CONVERSATION,
        price=15,
        stock=5,
        host=host,
        host_url="https://loket.example.nl/ambassadeurs/karin-de-vries/",
    )
    member = MemberFactory(first_name="Sanne", email="sanne@example.nl")
    services.award_credits(member, 40, reason="Tip gekwalificeerd", reference="e2e:reward")
    manager = MemberFactory(first_name="Mira", email="cm@ondernemersloket.nl", is_staff=True)
    manager.groups.add(Group.objects.get(name="Communitymanagers"))
    assert not manager.is_superuser
    return {"reward": reward, "member": member, "manager": manager}


def _log_in_member(page, member):
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(member.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def _log_in_staff(browser, live_server, manager):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    staff = context.new_page()
    staff.set_default_timeout(15_000)
    staff.goto("/admin/login/")
    staff.locator("#id_username").fill(manager.email)
    staff.locator("#id_password").fill(PASSWORD)
    staff.locator("button[type=submit]").click()
    staff.wait_for_url(re.compile(r"/admin/$"))
    return staff


def _mails(member, template):
    from loket.mail.models import OutgoingMail

    return list(OutgoingMail.objects.filter(to=member.email, template=template).order_by("pk"))


def _home_shows(page, state):
    page.goto("/account/")
    expect(page.locator("#thuis-credits")).to_contain_text(TITLE)
    expect(page.locator("#thuis-credits .reward-state")).to_have_text(state)


def test_a_reward_goes_from_redemption_to_delivery(page, browser, live_server, world):
    from loket.credits.models import Redemption

    member, manager = world["member"], world["manager"]
    _log_in_member(page, member)
    page.goto("/account/credits/")
    page.get_by_role("button", name="Kies deze beloning").click()
    expect(page.locator(".messages, [role=status], main").first).to_contain_text(
        f"Gelukt! Je hebt {TITLE} gekozen."
    )
    expect(page.locator("main")).to_contain_text("Je hebt 25 credits te besteden.")
    _home_shows(page, "Aangevraagd")
    [requested] = _mails(member, "credits_reward_requested")
    assert requested.subject == f"Aangevraagd: {TITLE}"
    redemption = Redemption.objects.get(member=member)

    staff = _log_in_staff(browser, live_server, manager)
    staff.goto("/admin/credits/beloningen/")
    row = staff.locator(f"#aanvraag-{redemption.pk}")
    expect(row).to_contain_text("Sanne")
    expect(row).to_contain_text("Karin de Vries")  # the host concerned
    when = (timezone.localtime() + timedelta(days=10)).replace(hour=14, minute=30)
    row.get_by_label("Datum en tijd").fill(when.strftime("%Y-%m-%dT%H:%M"))
    row.get_by_label("Toelichting voor het lid").fill("Koffie bij Karin in haar werkplaats.")
    row.get_by_role("button", name="Inplannen").click()
    expect(staff.locator(".messages")).to_contain_text("Ingepland; het lid krijgt een mail.")

    _home_shows(page, "Ingepland")
    expect(page.locator("#thuis-credits")).to_contain_text(f"{when.day} ")
    [planned] = _mails(member, "credits_reward_status")
    assert planned.subject == f"Ingepland: {TITLE}"
    assert "Koffie bij Karin in haar werkplaats." in planned.text
    page.goto("/account/credits/")
    expect(page.locator(f"#beloning-{redemption.pk}")).to_contain_text("om 14:30")
    host_link = page.locator(f"#beloning-{redemption.pk} a", has_text="Karin de Vries")
    expect(host_link).to_have_attribute(
        "href", "https://loket.example.nl/ambassadeurs/karin-de-vries/"
    )

    staff.locator(f"#aanvraag-{redemption.pk}").get_by_role("button", name="Geleverd").click()
    expect(staff.locator(".messages")).to_contain_text("Als geleverd gemarkeerd")
    # A delivered request has no next step left.
    expect(staff.locator(f"#aanvraag-{redemption.pk} button")).to_have_count(0)

    _home_shows(page, "Geleverd")
    assert [m.subject for m in _mails(member, "credits_reward_status")] == [
        f"Ingepland: {TITLE}",
        f"Geleverd: {TITLE}",
    ]
    staff.context.close()


def test_staff_see_a_late_request_and_a_cancel_refunds_the_credits_once(
    page, browser, live_server, world
):
    from loket.credits import services
    from loket.credits.models import CreditTransaction, Kind, Redemption

    member, manager = world["member"], world["manager"]
    late = services.redeem(member, world["reward"])
    Redemption.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=30))
    fresh = services.redeem(member, world["reward"])
    assert services.balance(member).available == 10

    staff = _log_in_staff(browser, live_server, manager)
    staff.goto("/admin/credits/beloningen/")
    rows = staff.locator("table.listing tbody tr")
    expect(rows.first).to_have_id(f"aanvraag-{late.pk}")  # late ones first
    expect(staff.locator(f"#aanvraag-{late.pk}")).to_contain_text("te laat")
    expect(staff.locator(f"#aanvraag-{fresh.pk}")).not_to_contain_text("te laat")
    staff.locator("#id_status").select_option("te_laat")
    staff.get_by_role("button", name="Toon", exact=True).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_id(f"aanvraag-{late.pk}")

    staff.locator(f"#aanvraag-{late.pk}").get_by_role(
        "button", name="Annuleren en credits terugboeken"
    ).click()
    expect(staff.locator(".messages")).to_contain_text(
        "Geannuleerd en de credits zijn teruggeboekt"
    )
    # A second click from a page that was still open is refused in Dutch, and refunds nothing.
    response = staff.request.post(
        f"/admin/credits/beloningen/{late.pk}/annuleren/",
        headers={"X-CSRFToken": _csrf(staff)},
    )
    assert response.status == 409
    assert "al teruggeboekt" in response.text()
    refunds = CreditTransaction.objects.filter(member=member, kind=Kind.REFUND)
    assert [r.amount for r in refunds] == [15]
    assert services.balance(member).available == 25

    _log_in_member(page, member)
    page.goto("/account/credits/")
    expect(page.locator("main")).to_contain_text("Je hebt 25 credits te besteden.")
    expect(page.locator(f"#beloning-{late.pk}")).to_contain_text("Geannuleerd")
    [cancelled] = [
        m for m in _mails(member, "credits_reward_status") if m.subject.startswith("Geannuleerd")
    ]
    assert "Je 15 credits staan weer op je saldo." in cancelled.text
    staff.context.close()


def _csrf(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
