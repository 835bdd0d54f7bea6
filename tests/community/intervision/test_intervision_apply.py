"""Applying for intervision: the form, consent, Dutch messages and 4xx on bad input."""

import pytest

from community.intervision.models import IntervisionApplication
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


def apply_url(index):
    return index.url + "aanmelden/"


def form_data(chosen_theme, **overrides):
    data = {
        "theme": chosen_theme.pk,
        "sector": "F",
        "size_band": "10-49",
        "province": "utrecht",
        "municipality": "Utrecht",
        "company_name": "Demir Bouw",
        "question": "Hoe laat ik mijn teamleiders meer zelf beslissen?",
        "availability": ["di-avond", "do-middag"],
        "avoid_companies": "Dijkstra Installatie\n<b>Bos</b> Transport\n",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_log_in(client, intervision_index):
    response = client.get(apply_url(intervision_index))
    assert response.status_code == 302
    assert "next=" in response["Location"]
    response = client.post(apply_url(intervision_index), {})
    assert response.status_code == 403
    assert not IntervisionApplication.objects.exists()


def test_member_applies_and_consent_is_recorded(client, intervision_index, themes):
    member = MemberFactory()
    client.force_login(member)
    response = client.get(apply_url(intervision_index))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    response = client.post(apply_url(intervision_index), form_data(themes[0]), follow=True)
    assert response.status_code == 200
    assert "Je aanmelding is binnen" in response.content.decode()
    application = IntervisionApplication.objects.get(member=member)
    assert application.group is None  # match me
    assert application.consent_at is not None
    assert "begeleider" in application.consent_text
    assert application.avoid_list == ["Dijkstra Installatie", "Bos Transport"]
    assert application.availability == ["di-avond", "do-middag"]


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"consent": ""}, "Zonder je toestemming"),
        ({"availability": []}, "Kies minstens één dagdeel"),
        ({"availability": ["za-nacht"]}, "Selecteer een geldige keuze"),
        ({"sector": "X"}, "Selecteer een geldige keuze"),
        ({"question": "kort"}, "Zorg dat"),
        ({"theme": "999999"}, "Selecteer een geldige keuze"),
        ({"group": "999999"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_400(
    client, intervision_index, themes, overrides, message
):
    client.force_login(MemberFactory())
    response = client.post(apply_url(intervision_index), form_data(themes[0], **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not IntervisionApplication.objects.exists()


def test_applying_twice_is_refused(client, intervision_index, themes):
    client.force_login(MemberFactory())
    client.post(apply_url(intervision_index), form_data(themes[0]))
    response = client.post(apply_url(intervision_index), form_data(themes[1]))
    assert response.status_code == 409
    assert "Je bent al aangemeld" in response.content.decode()
    assert IntervisionApplication.objects.count() == 1


def test_full_or_finished_group_refuses(client, intervision_index, themes, make_group):
    full = make_group(themes[0], max_size=5)
    for user in MemberFactory.create_batch(5):
        full.participants.create(member=user)
    finished = make_group(themes[0], status="afgerond")
    client.force_login(MemberFactory())
    response = client.post(apply_url(intervision_index), form_data(themes[0], group=full.pk))
    assert response.status_code == 409
    assert "Deze groep is vol" in response.content.decode()
    # A finished group is not even a choice.
    response = client.post(apply_url(intervision_index), form_data(themes[0], group=finished.pk))
    assert response.status_code == 400
    assert not IntervisionApplication.objects.exists()


def test_member_can_log_in_and_apply_for_a_chosen_group(
    client, intervision_index, themes, make_group
):
    group = make_group(themes[0])
    member = MemberFactory()
    assert client.login(email=member.email, password=PASSWORD)
    response = client.get(apply_url(intervision_index) + f"?groep={group.pk}")
    assert f'value="{group.pk}" selected' in response.content.decode()
    client.post(apply_url(intervision_index), form_data(themes[0], group=group.pk))
    assert IntervisionApplication.objects.get(member=member).group == group


def test_member_withdraws_a_waiting_application(client, intervision_index, themes):
    member = MemberFactory()
    client.force_login(member)
    client.post(apply_url(intervision_index), form_data(themes[0]))
    body = client.get(intervision_index.url).content.decode()
    assert "Trek mijn aanmelding in" in body
    response = client.post(intervision_index.url + "aanmelding/intrekken/", follow=True)
    assert "Je aanmelding is ingetrokken" in response.content.decode()
    assert IntervisionApplication.objects.get(member=member).status == "ingetrokken"
    # Applying again afterwards is fine.
    client.post(apply_url(intervision_index), form_data(themes[1]))
    assert IntervisionApplication.objects.filter(member=member, status="wacht").count() == 1


def test_once_applied_the_index_offers_no_second_application(
    client, intervision_index, themes, make_group
):
    chosen, other = make_group(themes[0]), make_group(themes[1])
    member = MemberFactory()
    client.force_login(member)
    body = client.get(intervision_index.url).content.decode()
    assert body.count(">Meld je aan<") == 3  # the header's and one per open group
    client.post(apply_url(intervision_index), form_data(themes[0], group=chosen.pk))
    body = client.get(intervision_index.url).content.decode()
    assert "Meld je aan" not in body
    assert "Je bent aangemeld voor deze groep" in body
    assert other.title in body  # the other group is still shown, without a button
    assert "Trek mijn aanmelding in" in body


@pytest.mark.parametrize("value", ["²", "٣"])
def test_a_forged_group_in_the_address_shows_the_form_without_a_choice(
    client, intervision_index, value
):
    """Digits that are not 0-9 (superscripts, Arabic-Indic) once reached int() and a 500."""
    client.force_login(MemberFactory())
    response = client.get(apply_url(intervision_index) + f"?groep={value}")
    assert response.status_code == 200
    assert 'name="group"' in response.content.decode()
