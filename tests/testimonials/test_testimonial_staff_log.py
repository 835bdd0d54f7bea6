"""Moderation of experiences (approve, ask, reject) lands in Wagtail's log as the editor's act,
and shows in the site history report and the experience's history for the Communicatie group."""

import pytest

from django.urls import reverse

from wagtail.models import ModelLogEntry

from testimonials import services

pytestmark = pytest.mark.django_db

MODERATE = "wagtailsnippets_testimonials_experience:moderate"


def entries(experience):
    rows = ModelLogEntry.objects.filter(
        content_type__model="experience", object_id=str(experience.pk)
    )
    return list(rows.order_by("pk"))


def test_each_moderation_step_from_the_admin_is_logged(client, staff, share, index):
    experience = share()
    client.force_login(staff)
    url = reverse(MODERATE, args=[experience.pk])

    client.post(url, {"action": "ask", "reason": "Mogen we je foto gebruiken?"})
    client.post(url, {"action": "approve"})
    client.post(url, {"action": "reject", "reason": "Het leest als een advertentie."})

    logged = entries(experience)
    assert [e.action for e in logged] == [
        "loket.testimonials.question_asked",
        "loket.testimonials.approved",
        "loket.testimonials.rejected",
    ]
    assert {e.user_id for e in logged} == {staff.pk}
    assert logged[-1].data == {"status": "afgewezen"}
    assert experience.quote not in logged[-1].label


def test_a_refused_step_logs_nothing(staff, share):
    experience = share()
    with pytest.raises(services.ExperienceError):
        services.reject(experience, by=staff, reason="")
    private = share(score=4)
    with pytest.raises(services.ExperienceError):
        services.approve(private, by=staff)
    assert entries(experience) == entries(private) == []


def test_the_contributors_answer_is_not_logged(staff, share):
    experience = services.ask_question(share(), by=staff, question="Welke bank was het?")
    services.answer_question(experience, "De Rabobank.")
    assert [e.action for e in entries(experience)] == ["loket.testimonials.question_asked"]


def test_staff_see_the_approval_in_site_history_and_the_experience_history(
    client, staff, share, index
):
    experience = services.approve(share(), by=staff)
    client.force_login(staff)

    report = client.get(reverse("wagtailadmin_reports:site_history"))
    history = client.get(
        reverse("wagtailsnippets_testimonials_experience:history", args=[experience.pk])
    )

    assert report.status_code == history.status_code == 200
    assert f"Ervaring {experience.pk}" in report.content.decode()
    assert "Ervaring goedgekeurd" in history.content.decode()
