"""The question after a contact: asked once per contact, answered once, bad input refused in
Dutch with nothing stored, low scores alert staff, high ones with a sentence may become an
experience waiting in moderation."""

import pytest

from django.urls import reverse

from loket.satisfaction import services
from loket.satisfaction.models import Rating
from testimonials.models import Experience
from testimonials.models.choices import Status as ExperienceStatus

pytestmark = pytest.mark.django_db

ANSWER = {"score": "8", "ces": "2", "resolved": "ja", "sentence": "Heel concreet advies."}


def _url(rating):
    return reverse("satisfaction:rate", args=[rating.token])


def test_asking_twice_for_one_contact_asks_once_with_one_mail(
    regions, member, theme, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.request_rating(
                "speedconsult",
                site=regions["x"],
                person=member,
                contact_key="booking:17",
                theme=theme,
                adviser="Henk Vos",
                label="Speedconsult over financiering",
            )
    assert Rating.objects.count() == 1
    rating = Rating.objects.get()
    mails = outbox(to="sanne@example.nl")
    assert len(mails) == 1
    assert "Hoi Sanne" in mails[0].text and rating.token in mails[0].text


def test_someone_without_an_account_is_asked_by_address(regions, outbox, theme):
    rating = services.request_rating(
        "overdracht",
        site=regions["x"],
        person=services.Contact("joost@bakkerij.nl", "Joost Bakker"),
        contact_key="handover:3",
        mail=False,
    )
    assert (rating.user, rating.email, rating.first_name) == (None, "joost@bakkerij.nl", "Joost")


def test_the_link_shows_the_question_and_stores_one_answer(client, regions, ask):
    rating = ask(regions["x"])
    page = client.get(_url(rating))
    assert page.status_code == 200
    assert "Hoeveel moeite kostte het om geholpen te worden?" in page.content.decode()
    assert "Is je vraag opgelost?" in page.content.decode()
    response = client.post(_url(rating), {**ANSWER, "sentence": ""})
    assert response.status_code == 200
    assert "Dank je wel" in response.content.decode()
    rating.refresh_from_db()
    assert (rating.score, rating.ces, rating.resolved) == (8, 2, "ja")
    assert rating.answered_at is not None


def test_a_second_answer_changes_nothing_and_says_so(client, regions, ask):
    rating = ask(regions["x"], score=7, ces=3, resolved="deels")
    response = client.post(_url(rating), {**ANSWER, "score": "10"})
    assert response.status_code == 409
    assert "Je eerdere antwoord blijft staan" in response.content.decode()
    rating.refresh_from_db()
    assert (rating.score, rating.resolved) == (7, "deels")
    with pytest.raises(services.RatingError) as error:
        services.submit_rating(rating, score=9, ces=1, resolved="ja")
    assert error.value.code == "answered"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score", "11", "rapportcijfer van 1 tot en met 10"),
        ("score", "0", "rapportcijfer van 1 tot en met 10"),
        ("score", "", "rapportcijfer van 1 tot en met 10"),
        ("ces", "6", "getal van 1 tot en met 5"),
        ("ces", "0", "getal van 1 tot en met 5"),
        ("resolved", "misschien", "ja, deels of nee"),
        ("sentence", "x" * 301, "hooguit 300 tekens"),
    ],
)
def test_bad_answers_get_a_dutch_400_and_store_nothing(client, regions, ask, field, value, message):
    rating = ask(regions["x"])
    response = client.post(_url(rating), {**ANSWER, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    rating.refresh_from_db()
    assert rating.answered_at is None and rating.score is None


@pytest.mark.parametrize(("score", "ces"), [(11, 2), (0, 2), (8, 6), ("acht", 2)])
def test_the_service_refuses_out_of_range_answers_too(regions, ask, score, ces):
    rating = ask(regions["x"])
    with pytest.raises(services.RatingError):
        services.submit_rating(rating, score=score, ces=ces, resolved="ja")
    assert Rating.objects.get(pk=rating.pk).answered_at is None


def test_a_tampered_link_gets_a_dutch_400_and_stores_nothing(client, regions, ask):
    rating = ask(regions["x"])
    tampered = reverse("satisfaction:rate", args=[rating.token + "x"])
    other = reverse("satisfaction:rate", args=[f"{rating.pk + 1}-{rating.token.split('-', 1)[1]}"])
    for url in (tampered, other, reverse("satisfaction:rate", args=["geen-token"])):
        response = client.post(url, ANSWER)
        assert response.status_code == 400
        assert "Deze link klopt niet" in response.content.decode()
    assert not Rating.objects.answered().exists()


def test_a_low_score_alerts_the_responsible_staff_member_and_is_never_offered(
    client, regions, ask, outbox, staff_of
):
    adviser = staff_of("x", "communitymanager")
    rating = ask(regions["x"], responsible=adviser)
    response = client.post(
        _url(rating), {**ANSWER, "score": "4", "sentence": "Niemand belde terug."}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mag dit als ervaring op de site?" not in body
    mails = outbox(to=adviser.email)
    assert len(mails) == 1 and "laag cijfer" in mails[0].subject
    assert "Niemand belde terug." in mails[0].text
    assert Rating.objects.get(pk=rating.pk).alerted_at is not None
    response = client.post(
        reverse("satisfaction:share", args=[rating.token]),
        {"channels": ["website"], "display_mode": "voornaam"},
    )
    assert response.status_code == 409
    assert not Experience.objects.exists()


def test_a_high_score_with_a_sentence_goes_to_moderation_with_consent_per_channel(
    client, regions, ask, theme
):
    rating = ask(regions["x"])
    response = client.post(_url(rating), ANSWER)
    body = response.content.decode()
    assert "Mag dit als ervaring op de site?" in body
    assert "mag mijn ervaring op de eigen website laten zien" in body
    share = reverse("satisfaction:share", args=[rating.token])
    response = client.post(share, {"channels": [], "display_mode": "voornaam"})
    assert response.status_code == 400 and "Kies minstens één plek" in response.content.decode()
    response = client.post(share, {"channels": ["website", "social"], "display_mode": "voornaam"})
    assert response.status_code == 200
    assert "Dank je wel voor het delen" in response.content.decode()
    experience = Experience.objects.get()
    assert experience.status == ExperienceStatus.NEW
    assert experience.theme == theme and experience.quote == "Heel concreet advies."
    assert experience.score == 8
    texts = set(experience.consents.values_list("channel", flat=True))
    assert texts == {"website", "social"}
    again = client.post(share, {"channels": ["website"], "display_mode": "voornaam"})
    assert again.status_code == 409
    assert Experience.objects.count() == 1


def test_who_left_before_the_consent_step_finds_it_again_by_the_link(client, regions, ask):
    rating = ask(regions["x"], score=9, sentence="Precies wat ik nodig had.")
    page = client.get(_url(rating)).content.decode()
    assert "Mag dit als ervaring op de site?" in page and "Precies wat ik nodig had." in page


def test_a_high_score_without_a_sentence_is_not_offered(client, regions, ask):
    rating = ask(regions["x"])
    response = client.post(_url(rating), {**ANSWER, "sentence": "  "})
    assert "Mag dit als ervaring op de site?" not in response.content.decode()


def test_the_member_sees_open_questions_on_the_account_page(client, regions, ask, member):
    open_rating = ask(regions["x"], label="Intake over cashflow")
    client.force_login(member)
    page = client.get(reverse("accounts:overview")).content.decode()
    assert "Hoe was je contact met ons?" in page
    assert _url(open_rating) in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_answers_sent_at_the_same_moment_store_one(regions, member, theme):
    from tests.concurrency import run_concurrently, split_outcomes

    rating = services.request_rating(
        "intake", site=regions["x"], person=member, contact_key="race:1", mail=False
    )

    def answer(score):
        return services.submit_rating(rating, score=score, ces=2, resolved="ja").score

    stored, refused = split_outcomes(
        run_concurrently(answer, [(n,) for n in range(1, 11)]), services.RatingError
    )
    assert len(stored) == 1 and len(refused) == 9
    assert {error.code for error in refused} == {"answered"}
    assert Rating.objects.get().score == stored[0]
    asked = run_concurrently(
        lambda: (
            services.request_rating(
                "intake", site=regions["x"], person=member, contact_key="race:2", mail=False
            ).pk
        ),
        [()] * 10,
    )
    assert len(set(asked)) == 1 and Rating.objects.count() == 2
