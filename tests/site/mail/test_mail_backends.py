"""The embedded mail backend: without SMTP every mail still lands on disk and on screen."""

from django.core.mail import EmailMultiAlternatives

from loket.mail.backends import FileAndConsoleBackend


def test_every_message_is_written_to_a_file_and_the_console(settings, tmp_path, capsys):
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    message = EmailMultiAlternatives(
        subject="Welkom bij het Ondernemersloket",
        body="Hoi Fatima, fijn dat je er bent.",
        from_email="hallo@ondernemersloket.nl",
        to=["fatima@example.nl"],
    )
    message.attach_alternative("<p>Hoi Fatima, fijn dat je er bent.</p>", "text/html")

    sent = FileAndConsoleBackend().send_messages([message])

    assert sent == 1
    [written] = list((tmp_path / "mail").iterdir())
    content = written.read_text()
    assert "Subject: Welkom bij het Ondernemersloket" in content
    assert "To: fatima@example.nl" in content
    assert "text/html" in content
    assert "Subject: Welkom bij het Ondernemersloket" in capsys.readouterr().out
