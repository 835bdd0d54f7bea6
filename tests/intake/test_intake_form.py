"""The intake request form: what it accepts, what it refuses (in Dutch), and what it cleans."""

import pytest

from loket.intake.forms import IntakeRequestForm

pytestmark = pytest.mark.django_db


def test_a_complete_request_is_valid_and_the_address_normalised(data):
    form = IntakeRequestForm({**data, "email": "  Joost@BakkerijBakker.NL "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "joost@bakkerijbakker.nl"
    assert form.cleaned_data["channel"] == "video"


def test_missing_fields_each_get_a_dutch_message(data):
    empty = dict.fromkeys(("name", "email", "company_size", "question", "channel"), "")
    form = IntakeRequestForm({**data, **empty, "privacy_consent": ""})
    assert not form.is_valid()
    errors = {name: " ".join(messages) for name, messages in form.errors.items()}
    assert errors["name"] == "Vul je naam in."
    assert errors["email"] == "Vul je e-mailadres in."
    assert "hoeveel mensen" in errors["company_size"]
    assert "in een paar zinnen" in errors["question"]
    assert "Kies hoe je het gesprek wilt voeren" in errors["channel"]
    assert "akkoord" in errors["privacy_consent"]
    # Company and theme may stay empty: a starter has neither yet.
    assert "company" not in errors and "theme" not in errors


def test_an_overlong_question_is_refused(data):
    form = IntakeRequestForm({**data, "question": "Hoe kom ik aan personeel? " * 80})
    assert not form.is_valid()
    assert "maximaal 1500 tekens" in form.errors["question"][0]


def test_a_too_short_question_asks_for_more(data):
    form = IntakeRequestForm({**data, "question": "Help!"})
    assert not form.is_valid()
    assert "Vertel iets meer" in form.errors["question"][0]


def test_script_tags_are_stripped_and_a_question_of_only_markup_is_refused(data):
    form = IntakeRequestForm(
        {
            **data,
            "name": "<b>Joost</b> Bakker",
            "question": "<script>alert('x')</script>Hoe krijg ik <em>grip</em> op mijn cashflow?",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["question"] == "Hoe krijg ik grip op mijn cashflow?"
    assert form.cleaned_data["name"] == "Joost Bakker"

    form = IntakeRequestForm({**data, "question": "<script>" + "alert(1);" * 10 + "</script>"})
    assert not form.is_valid()
    assert "question" in form.errors


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("channel", "duiven", "Kies bezoek, telefoon of video."),
        ("company_size", "1000+", "Kies een van de aantallen uit de lijst."),
        ("theme", "999999", "Dat thema kennen we niet."),
        ("theme", "1 OR 1=1", "Dat thema kennen we niet."),
        ("email", "joost@", "Vul een geldig e-mailadres in."),
        ("phone", "bel me maar", "Dit telefoonnummer klopt niet."),
    ],
)
def test_forged_or_invalid_choices_are_refused(data, field, value, message):
    form = IntakeRequestForm({**data, field: value})
    assert not form.is_valid()
    assert message in form.errors[field][0]


def test_calling_needs_a_phone_number(data):
    form = IntakeRequestForm({**data, "channel": "telefoon", "phone": ""})
    assert not form.is_valid()
    assert "op welk nummer" in form.errors["phone"][0]
    form = IntakeRequestForm({**data, "channel": "telefoon", "phone": "+31 6 1234 5678"})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("posted", "stored"),
    [
        ("Een-Kritische-Blik", "een-kritische-blik"),
        ("<script>alert(1)</script>", ""),
        ("x" * 500, ""),
        ("campagne-ü-ñ", ""),
        ("tip\x00een", ""),
    ],
)
def test_the_hidden_campaign_code_is_kept_only_when_it_looks_like_one(data, posted, stored):
    form = IntakeRequestForm({**data, "campaign": posted})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["campaign"] == stored


def test_the_honeypot_marks_a_bot(data):
    assert not IntakeRequestForm(data).is_bot
    assert IntakeRequestForm({**data, "website": "http://spam.example"}).is_bot


def test_a_member_finds_the_form_filled_in_from_their_profile(member, theme):
    form = IntakeRequestForm(user=member)
    assert form["name"].value() == "Sanne de Vries"
    assert form["email"].value() == "sanne@example.nl"
    assert form["company"].value() == "Bakkerij De Vries"
    assert form["company_size"].value() == "10-49"
    assert str(form["theme"].value()) == str(theme.pk)


def test_the_form_keeps_the_field_names_the_campaign_block_posts():
    assert list(IntakeRequestForm().fields) == [
        "name",
        "email",
        "company",
        "company_size",
        "theme",
        "question",
        "channel",
        "phone",
        "privacy_consent",
        "campaign",
        "website",
    ]
