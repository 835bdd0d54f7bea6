"""Moderation in the Wagtail admin by the Communicatie group: the list with filters, the
"Beoordelen" page with its steps, private feedback, and who may do what."""

import pytest

from django.urls import reverse

from testimonials.models import Status

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_testimonials_experience:list"
MODERATE = "wagtailsnippets_testimonials_experience:moderate"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_the_communicatie_group_can_moderate(staff):
    assert staff.has_perm("testimonials.change_experience")
    assert staff.has_perm("testimonials.view_experience")
    assert staff.has_perm("testimonials.add_ambassador")
    assert staff.has_perm("testimonials.change_journeyphase")
    assert not staff.has_perm("testimonials.delete_experience")


def test_the_list_filters_by_status_theme_and_score(staff_client, share, theme, other_theme):
    share(quote="Een nieuwe ervaring over geld.")
    share(quote="Een lage score.", score=4)
    share(quote="Over marketing.", theme=other_theme)
    url = reverse(LIST)
    content = staff_client.get(url).content.decode()
    assert "Een nieuwe ervaring over geld." in content and "Beoordelen" in content
    content = staff_client.get(url, {"score": "laag"}).content.decode()
    assert "Een lage score." in content and "Over marketing." not in content
    content = staff_client.get(url, {"status": "prive"}).content.decode()
    assert "Een lage score." in content and "Een nieuwe ervaring" not in content
    content = staff_client.get(url, {"theme": other_theme.pk}).content.decode()
    assert "Over marketing." in content and "Een lage score." not in content


def test_staff_cannot_write_an_experience_in_someones_name(staff_client):
    assert staff_client.get(reverse("wagtailsnippets_testimonials_experience:add")).status_code in (
        302,
        403,
    )


def test_approve_ask_and_reject_from_the_moderation_page(staff_client, staff, share, index, outbox):
    experience = share()
    url = reverse(MODERATE, args=[experience.pk])
    page = staff_client.get(url).content.decode()
    assert experience.quote in page and "Het Ondernemersloket mag mijn ervaring" in page

    response = staff_client.post(url, {"action": "ask", "reason": "Mogen we je foto gebruiken?"})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Status.QUESTION

    response = staff_client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Geef een reden" in response.content.decode()

    response = staff_client.post(url, {"action": "approve"})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Status.APPROVED and experience.is_public
    log = list(experience.log.values_list("action", "actor"))
    assert ("vraag", staff.pk) in log and ("goedgekeurd", staff.pk) in log

    response = staff_client.post(url, {"action": "propose_quote", "quote": "Korter citaat."})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.proposed_quote == "Korter citaat."
    assert "Voorgesteld, wacht op akkoord" in staff_client.get(url).content.decode()

    response = staff_client.post(url, {"action": "withdraw", "channel": "all", "reason": ""})
    assert response.status_code == 400
    response = staff_client.post(
        url, {"action": "withdraw", "channel": "all", "reason": "Belde op 3 maart."}
    )
    assert response.status_code == 302
    experience.refresh_from_db()
    assert not experience.is_public


def test_private_feedback_is_for_follow_up_not_publication(staff_client, share):
    experience = share(score=3, quote="Ik werd niet teruggebeld.")
    url = reverse(MODERATE, args=[experience.pk])
    page = staff_client.get(url).content.decode()
    assert "Privé-feedback" in page and "Goedkeuren" not in page
    response = staff_client.post(url, {"action": "approve"})
    assert response.status_code == 409
    experience.refresh_from_db()
    assert experience.status == Status.PRIVATE and not experience.is_public
    response = staff_client.post(url, {"action": "follow_up", "reason": "Gebeld, excuses gemaakt."})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.followed_up_at is not None

    dashboard = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Ervaringen: te doen" in dashboard


def test_an_unknown_step_is_a_400(staff_client, share):
    experience = share()
    response = staff_client.post(reverse(MODERATE, args=[experience.pk]), {"action": "publiceer"})
    assert response.status_code == 400


def test_members_cannot_reach_the_moderation_page(client, member, share):
    experience = share()
    client.force_login(member)
    response = client.get(reverse(MODERATE, args=[experience.pk]))
    assert response.status_code in (302, 403)
    response = client.post(reverse(MODERATE, args=[experience.pk]), {"action": "approve"})
    assert response.status_code in (302, 403)
    experience.refresh_from_db()
    assert experience.status == Status.NEW


def test_publishing_a_case_without_consent_is_refused_in_the_admin(
    rf, admin_user, share, published, make_case
):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from wagtail import hooks

    [hook] = [
        h for h in hooks.get_hooks("before_publish_page") if h.__module__.startswith("testimonials")
    ]
    request = rf.post("/admin/pages/1/edit/")
    request.user = admin_user
    request.session = {}
    request._messages = FallbackStorage(request)

    blocked = make_case([share()])
    response = hook(request, blocked)
    assert response.status_code == 302
    assert "niet online" in str(list(request._messages)[0])
    assert hook(request, make_case([published()])) is None


def test_the_admin_screens_open_without_errors(client, admin_user, published, make_case, index):
    experience = published()
    case = make_case([experience])
    client.force_login(admin_user)
    urls = [
        reverse("wagtailsnippets_testimonials_experience:list"),
        reverse("wagtailsnippets_testimonials_experience:edit", args=[experience.pk]),
        reverse("wagtailsnippets_testimonials_experience:inspect", args=[experience.pk]),
        reverse("wagtailsnippets_testimonials_ambassador:list"),
        reverse("wagtailsnippets_testimonials_ambassador:add"),
        reverse("wagtailsnippets_testimonials_journeyphase:list"),
        reverse("wagtailadmin_pages:edit", args=[case.pk]),
        reverse("wagtailadmin_pages:edit", args=[index.pk]),
        reverse("wagtailadmin_pages:add", args=["testimonials", "casepage", index.pk]),
        reverse("wagtailadmin_home"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_staff_edit_the_theme_and_notes_but_not_the_quote(
    client, admin_user, published, other_theme
):
    experience = published(quote="Mijn eigen woorden.")
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_testimonials_experience:edit", args=[experience.pk])
    response = client.post(
        url,
        {
            "theme": other_theme.pk,
            "subject_label": "",
            "staff_note": "Mooie case!",
            "quote": "Door de redactie herschreven.",
        },
    )
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.theme == other_theme and experience.staff_note == "Mooie case!"
    assert experience.quote == "Mijn eigen woorden."


def test_staff_search_experiences_by_their_words(staff_client, share):
    share(quote="Over de tweede oven.")
    share(quote="Over personeel.")
    content = staff_client.get(reverse(LIST), {"q": "personeel"}).content.decode()
    assert "Over personeel." in content and "Over de tweede oven." not in content
