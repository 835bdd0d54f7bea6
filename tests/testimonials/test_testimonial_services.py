"""The rules of experiences: sharing, private feedback, consent, moderation, quote edits, links."""

from unittest import mock

import pytest

from django.core import signing
from django.db import IntegrityError, transaction

from testimonials import services
from testimonials.models import Channel, Consent, Experience, ModerationLog, Status
from testimonials.services import ExperienceError

pytestmark = pytest.mark.django_db

Action = ModerationLog.Action


def actions(experience):
    return list(experience.log.values_list("action", flat=True))


def test_a_member_shares_an_experience_with_recorded_consent(share, member, outbox, index):
    experience = share(channels=[Channel.WEBSITE, Channel.SOCIAL])

    assert experience.status == Status.NEW
    assert experience.contributor == member
    assert experience.contributor_name == "Sanne de Vries"
    assert experience.company_name == "Bakkerij De Vries"
    assert not experience.is_public  # nothing is public before a moderator looked at it
    consents = list(experience.consents.order_by("channel"))
    assert [c.channel for c in consents] == ["social", "website"]
    for consent in consents:
        assert consent.action == Consent.Action.GRANTED
        assert consent.text == services.consent_text(consent.channel)
        assert "Ondernemersloket mag mijn ervaring" in consent.text
        assert consent.recorded_at is not None
    assert actions(experience) == [Action.SUBMITTED, Action.CONSENT_GRANTED]
    [mail] = outbox(to="sanne@example.nl")
    assert "Dank je wel" in mail.subject
    assert f"/ervaringen/mijn/{experience.token}/" in mail.text


def test_a_low_score_is_private_feedback_and_never_publishable(share, admin_user, outbox, home):
    from loket.core.models import SiteSettings

    SiteSettings.objects.update_or_create(
        site=home.get_site(), defaults={"contact_email": "utrecht@ondernemersloket.nl"}
    )
    experience = share(score=5, channels=[Channel.WEBSITE])

    assert experience.status == Status.PRIVATE
    assert not experience.consents.exists()  # never offered for publication
    assert actions(experience) == [Action.SUBMITTED, Action.PRIVATE]
    with pytest.raises(ExperienceError):
        services.approve(experience, by=admin_user)
    with pytest.raises(ExperienceError):
        services.record_consent(experience, [Channel.WEBSITE])
    for channel in Channel:
        assert not services.is_publishable(experience, channel)
    # Even a direct write cannot make it public: the database refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        Experience.objects.filter(pk=experience.pk).update(is_public=True)
    [desk_mail] = outbox(to="utrecht@ondernemersloket.nl")
    assert "Privé-feedback" in desk_mail.subject


def test_sharing_without_any_consent_is_refused_unless_only_for_the_desk(share):
    with pytest.raises(ExperienceError) as error:
        share(channels=[])
    assert error.value.code == "no_consent"
    assert not Experience.objects.exists()

    experience = share(channels=[], private_only=True)
    assert experience.status == Status.NEW
    assert not experience.consents.exists()
    assert actions(experience) == [Action.SUBMITTED]


def test_approving_publishes_only_on_the_consented_channels(share, admin_user, outbox, index):
    experience = share(channels=[Channel.WEBSITE, Channel.MAGAZINE])
    experience = services.approve(experience, by=admin_user)

    assert experience.is_public
    assert services.is_publishable(experience, Channel.WEBSITE)
    assert services.is_publishable(experience, Channel.MAGAZINE)
    assert not services.is_publishable(experience, Channel.SOCIAL)
    assert not services.is_publishable(experience, Channel.PRINT)
    step = experience.log.get(action=Action.APPROVED)
    assert step.actor == admin_user
    assert any("goedgekeurd" in m.subject for m in outbox(to="sanne@example.nl"))


def test_approved_without_website_consent_stays_off_the_website(share, admin_user):
    experience = services.approve(share(channels=[Channel.PRINT]), by=admin_user)
    assert not experience.is_public
    assert services.is_publishable(experience, Channel.PRINT)


def test_ask_answer_and_reject_are_logged_and_mailed(share, admin_user, outbox, index):
    experience = share()
    with pytest.raises(ExperienceError):
        services.ask_question(experience, by=admin_user, question="  ")
    services.ask_question(experience, by=admin_user, question="Mogen we je bedrijfsnaam noemen?")
    experience.refresh_from_db()
    assert experience.status == Status.QUESTION
    assert any("Mogen we je bedrijfsnaam noemen?" in m.text for m in outbox())

    services.answer_question(experience, "Ja, graag!")
    experience.refresh_from_db()
    assert experience.status == Status.NEW
    with pytest.raises(ExperienceError):
        services.answer_question(experience, "Nog een keer")

    with pytest.raises(ExperienceError):
        services.reject(experience, by=admin_user, reason="")
    services.reject(experience, by=admin_user, reason="Het leest als een advertentie.")
    experience.refresh_from_db()
    assert experience.status == Status.REJECTED
    assert not experience.is_public
    assert actions(experience)[-3:] == [Action.QUESTION, Action.ANSWERED, Action.REJECTED]
    rejected = experience.log.get(action=Action.REJECTED)
    assert (rejected.actor, rejected.reason) == (admin_user, "Het leest als een advertentie.")
    assert any("advertentie" in m.text for m in outbox(to="sanne@example.nl"))


def test_a_quote_edit_needs_the_contributors_agreement(published, admin_user, index):
    experience = published(quote="Het loket hielp me enorm, echt heel erg enorm veel.")
    services.propose_quote_edit(experience, "Het loket hielp me enorm.", by=admin_user)
    experience.refresh_from_db()
    # Until agreed, the contributor's own words are what is published.
    assert experience.quote == "Het loket hielp me enorm, echt heel erg enorm veel."
    assert experience.proposed_quote == "Het loket hielp me enorm."
    assert experience.is_public

    services.accept_quote_edit(experience, accept=True)
    experience.refresh_from_db()
    assert experience.quote == "Het loket hielp me enorm."
    assert experience.proposed_quote == ""
    assert Action.QUOTE_ACCEPTED in actions(experience)
    with pytest.raises(ExperienceError):
        services.accept_quote_edit(experience)


def test_a_declined_quote_edit_keeps_the_original(published, admin_user):
    experience = published(quote="Mijn eigen woorden, precies zoals ik ze zei.")
    with pytest.raises(ExperienceError):
        services.propose_quote_edit(experience, experience.quote, by=admin_user)
    services.propose_quote_edit(experience, "Andere woorden.", by=admin_user)
    services.accept_quote_edit(experience, accept=False)
    experience.refresh_from_db()
    assert experience.quote == "Mijn eigen woorden, precies zoals ik ze zei."
    assert Action.QUOTE_DECLINED in actions(experience)


def test_withdrawing_one_channel_adds_a_row_and_keeps_the_others(published):
    experience = published(channels=[Channel.WEBSITE, Channel.MAGAZINE])
    services.withdraw_consent(experience, [Channel.MAGAZINE])

    assert experience.is_public
    assert not services.is_publishable(experience, Channel.MAGAZINE)
    assert services.is_publishable(experience, Channel.WEBSITE)
    rows = list(experience.consents.values_list("channel", "action"))
    assert ("magazine", "gegeven") in rows and ("magazine", "ingetrokken") in rows


def test_withdrawing_everything_takes_it_offline_and_is_safe_twice(published):
    experience = published(channels=[Channel.WEBSITE, Channel.SOCIAL])
    assert services.withdraw_consent(experience) == ["social", "website"]
    experience.refresh_from_db()
    assert not experience.is_public
    assert services.withdraw_consent(experience) == []
    assert experience.consents.filter(action="ingetrokken").count() == 2
    assert experience.consents.count() == 4  # never a delete
    assert actions(experience).count(Action.CONSENT_WITHDRAWN) == 1


def test_consent_given_again_after_withdrawal_publishes_again(published):
    experience = published(channels=[Channel.WEBSITE])
    services.withdraw_consent(experience)
    services.record_consent(experience, [Channel.WEBSITE])
    experience.refresh_from_db()
    assert experience.is_public
    assert experience.consents.count() == 3


def test_member_text_goes_through_the_sanitiser(share):
    experience = share(
        quote='Top avond!<script>alert("x")</script>',
        story="<img src=x onerror=alert(1)>Mijn <b>verhaal</b><script>steal()</script>",
    )
    assert "<script" not in experience.quote and "alert" not in experience.quote
    assert "<" not in experience.story
    assert "steal" not in experience.story
    assert "Mijn" in experience.story and "verhaal" in experience.story


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/video.mp4",
        "http://www.youtube.com/watch?v=abc",
        "javascript:alert(1)",
        "https://youtube.com.evil.nl/watch?v=abc",
    ],
)
def test_a_video_from_an_unknown_host_is_refused(share, url):
    with pytest.raises(ExperienceError) as error:
        share(video_url=url)
    assert "YouTube of Vimeo" in str(error.value)
    assert not Experience.objects.exists()


def test_youtube_and_vimeo_links_are_accepted(share):
    assert share(video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ").video_url
    assert share(video_url="https://vimeo.com/123456").video_url


def test_the_personal_link_ties_the_experience_to_the_event(index, event, outbox):
    url = services.share_experience_url(event=event, email="Bezoeker@Example.nl")
    assert url.startswith("http") and "/ervaringen/delen/?link=" in url
    token = url.split("link=", 1)[1]
    from urllib.parse import unquote

    link = services.read_share_link(unquote(token))
    assert link.event == event and link.email == "bezoeker@example.nl"

    experience = services.submit_experience(
        link=link,
        quote="Heel praktisch en gezellig.",
        score=8,
        display_mode="voornaam",
        channels=[Channel.WEBSITE],
        name="Karin Bos",
    )
    assert experience.event == event
    assert experience.subject_kind == "bijeenkomst"
    assert experience.contributor is None
    assert experience.contributor_email == "bezoeker@example.nl"

    with pytest.raises(ExperienceError) as error:
        services.read_share_link(unquote(token))
    assert error.value.code == "used"


def test_a_link_for_an_existing_member_attaches_the_experience_to_them(index, event, member):
    token = services.share_token(event, member.email)
    link = services.read_share_link(token)
    experience = services.submit_experience(
        link=link, quote="Leerzaam!", score=8, display_mode="anoniem", channels=["website"]
    )
    assert experience.contributor == member


def test_a_tampered_or_expired_link_is_refused(index, event):
    token = services.share_token(event, "iemand@example.nl")
    with pytest.raises(ExperienceError) as error:
        services.read_share_link(token[:-3] + "abc")
    assert error.value.code == "bad_link"
    with pytest.raises(ExperienceError):
        services.read_share_link("")
    forged = signing.dumps({"e": event.pk}, salt="iets-anders")
    with pytest.raises(ExperienceError):
        services.read_share_link(forged)

    later = signing.time.time() + services.SHARE_MAX_AGE.total_seconds() + 60
    with (
        mock.patch("django.core.signing.time.time", return_value=later),
        pytest.raises(ExperienceError) as error,
    ):
        services.read_share_link(token)
    assert error.value.code == "expired"


def test_without_an_index_page_there_is_no_link_to_send(db, event):
    assert services.share_experience_url(event=event, email="a@example.nl") == ""


def test_ratings_count_approved_experiences_only(published, share, theme, event):
    published(score=9, theme=theme, subject_kind="bijeenkomst", event=event)
    published(score=7, theme=theme)
    share(score=10, theme=theme)  # not approved yet
    share(score=3, theme=theme)  # private feedback
    assert services.rating(theme=theme) == {"average": 8.0, "count": 2}
    assert services.rating(event=event) == {"average": 9.0, "count": 1}
    assert services.rating(event_type=event.event_type) == {"average": 9.0, "count": 1}


def test_the_follow_up_mail_gets_a_personal_share_link(index, event, member):
    from events.models import Registration
    from testimonials.wagtail_hooks import add_share_link_to_follow_up

    registration = Registration.objects.create(event=event, user=member, status="bevestigd")
    context = {}
    add_share_link_to_follow_up(Registration, registration=registration, context=context)
    token = context["share_experience_url"].split("link=", 1)[1]
    from urllib.parse import unquote

    link = services.read_share_link(unquote(token))
    assert (link.event, link.email) == (event, member.email)


def test_the_follow_up_mail_asks_for_the_experience_with_the_link(index, event, member, outbox):
    from events import notifications
    from events.models import Registration

    registration = Registration.objects.create(event=event, user=member, status="bevestigd")
    mail = notifications.follow_up(registration)

    assert "Deel je ervaring" in mail.text
    assert "/ervaringen/delen/" in mail.text
    assert "/ervaringen/delen/" in mail.html


def test_the_account_overview_links_to_the_members_experiences(client, index, member, share):
    client.force_login(member)
    html = client.get("/account/").content.decode()
    assert "Je ervaringen" in html
    assert 'href="/ervaringen/delen/"' in html
    assert "Je ervaring en waar die te zien is" not in html

    share()
    html = client.get("/account/").content.decode()
    assert "Je ervaring en waar die te zien is" in html
    assert 'href="/ervaringen/mijn/"' in html
