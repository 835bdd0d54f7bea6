"""MJML mail templates: compiled once, filled per recipient, escaped, with a plain-text twin."""

import os
import shutil
from pathlib import Path

import pytest

from django.conf import settings

from loket.mail import rendering
from loket.mail.rendering import MailTemplateError, clear_template_cache, render_mail

EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "email"


def test_a_variable_reaches_the_html_escaped(notification_context):
    notification_context["first_name"] = '<script>alert("x")</script>Fatima'

    mail = render_mail("notification", notification_context)

    assert "Hoi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Fatima," in mail.html
    assert "<script>" not in mail.html


def test_if_tags_survive_mjml_and_work(notification_context):
    with_name = render_mail("notification", notification_context)
    notification_context.pop("first_name")
    without_name = render_mail("notification", notification_context)

    assert "Hoi Fatima," in with_name.html
    assert "Hoi Fatima," not in without_name.html
    assert "Hoi," in without_name.html
    assert "{%" not in with_name.html and "{{" not in with_name.html


def test_an_optional_section_disappears_without_its_value(notification_context):
    with_button = render_mail("notification", notification_context)
    notification_context.pop("button_url")
    without_button = render_mail("notification", notification_context)

    assert 'href="https://loket.example/bijeenkomsten/financiering/"' in with_button.html
    assert "Bekijk de bijeenkomst" in with_button.html
    assert "Bekijk de bijeenkomst" not in without_button.html


def test_the_layout_brands_every_mail(notification_context, settings):
    settings.MAIL_FOOTER_ADDRESS = "Ondernemersloket Utrecht, Postbus 42, 3500 AA Utrecht"

    mail = render_mail("notification", notification_context)

    assert "Ondernemersloket" in mail.html
    assert "Postbus 42, 3500 AA Utrecht" in mail.html
    assert "Postbus 42, 3500 AA Utrecht" in mail.text
    assert '<html lang="nl"' in mail.html
    assert "<title>Je bent aangemeld voor de bijeenkomst</title>" in mail.html
    # No fonts fetched from a third party when the mail is opened.
    assert "fonts.googleapis.com" not in mail.html


def test_transactional_mail_has_no_unsubscribe_link_and_a_mailing_does(notification_context):
    transactional = render_mail("notification", notification_context)
    mailing = render_mail(
        "notification", {**notification_context, "unsubscribe_url": "http://testserver/afmelden/t/"}
    )

    assert "afmelden" not in transactional.html.lower()
    assert 'href="http://testserver/afmelden/t/"' in mailing.html
    assert "http://testserver/afmelden/t/" in mailing.text


def test_plain_text_alternative_has_the_content_unescaped(notification_context):
    notification_context["paragraphs"] = ["Financiering & subsidie: <wat past bij jou>?"]

    mail = render_mail("notification", notification_context)

    assert mail.text.startswith("Hoi Fatima,\n")
    assert "Financiering & subsidie: <wat past bij jou>?" in mail.text
    assert "Bekijk de bijeenkomst: https://loket.example/bijeenkomsten/financiering/" in mail.text
    assert "<table" not in mail.text
    assert "\n\n\n" not in mail.text


def test_subject_is_one_unescaped_line(notification_context):
    notification_context["heading"] = "Tips & trucs\nvoor  je   bedrijf"

    mail = render_mail("notification", notification_context)

    assert mail.subject == "Tips & trucs voor je bedrijf"


def test_mjml_is_compiled_once_per_template(notification_context, monkeypatch):
    calls = []
    real = rendering.mjml2html
    monkeypatch.setattr(rendering, "mjml2html", lambda *a, **kw: calls.append(1) or real(*a, **kw))

    for name in ("Fatima", "Joost", "Anouk"):
        mail = render_mail("notification", {**notification_context, "first_name": name})
        assert f"Hoi {name}," in mail.html
    assert len(calls) == 1

    clear_template_cache()
    render_mail("notification", notification_context)
    assert len(calls) == 2


@pytest.fixture
def own_templates(settings, tmp_path):
    """A templates folder of our own, so a test can edit a mail template on disk."""
    folder = tmp_path / "templates"
    shutil.copytree(EMAIL_TEMPLATES, folder / "email")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    return folder / "email"


def _touch(path, text):
    stat = path.stat()
    path.write_text(text)
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))


def test_an_edited_template_is_compiled_again_when_debugging(own_templates, settings):
    settings.DEBUG = True
    context = {"heading": "Eerste versie", "paragraphs": []}
    assert "Groet," in render_mail("notification", context).html

    fragment = own_templates / "notification.mjml"
    _touch(fragment, fragment.read_text().replace("Groet,", "Hartelijke groet,"))

    assert "Hartelijke groet," in render_mail("notification", context).html


def test_an_edited_template_is_not_reread_in_production(own_templates, settings):
    settings.DEBUG = False
    context = {"heading": "Eerste versie", "paragraphs": []}
    render_mail("notification", context)

    fragment = own_templates / "notification.mjml"
    _touch(fragment, fragment.read_text().replace("Groet,", "Hartelijke groet,"))

    assert "Hartelijke groet," not in render_mail("notification", context).html


def test_a_missing_template_is_a_clear_error():
    with pytest.raises(MailTemplateError, match="email/does_not_exist"):
        render_mail("does_not_exist", {})


def test_broken_mjml_is_a_clear_error(own_templates):
    (own_templates / "broken.mjml").write_text("<mj-section><mj-column><mj-text>Hoi</mj-section>")
    (own_templates / "broken.subject.txt").write_text("Kapot")
    (own_templates / "broken.txt").write_text("Kapot")

    with pytest.raises(MailTemplateError, match="broken.mjml does not compile"):
        render_mail("broken", {})
