"""Every OWASP filter-evasion payload, written by members and shown in a real Chromium.

The payloads go through the services into a thread's title and body and into replies (the one
place member HTML is shown as HTML), and into a member's profile; the pages are opened, every
element gets the events the payloads listen for, and no dialog may open, no injected script run,
log an error or fetch anything from the payloads' hosts.
"""

import json
import re
from pathlib import Path
from unittest import mock

import pytest

from community.services import discussions
from loket.accounts.services import update_profile

PAYLOADS = json.loads(
    (Path(__file__).parents[1] / "site" / "data" / "owasp_xss_evasion.json").read_text()
)
PAYLOAD_HOSTS = re.compile(r"(xss|evil|tracker)\.example")

# Fire what the payloads listen for on every element of the page, then let timers run.
PROVOKE = """() => {
  const kinds = ["mouseover", "mouseenter", "pointerover", "focus", "focusin", "toggle",
                 "load", "error", "animationstart", "transitionend", "input", "change"];
  for (const el of document.body.querySelectorAll("*")) {
    for (const kind of kinds) el.dispatchEvent(new Event(kind, {bubbles: false}));
  }
  return document.body.querySelectorAll("*").length;
}"""


@pytest.fixture
def written(member_in_community):
    """Linda wrote every payload; Rob, logged in, reads them."""
    community = member_in_community.community
    writer = member_in_community.join("Linda")
    reader = member_in_community.member
    update_profile(
        writer,
        first_name=PAYLOADS[0][:150],
        company_name=PAYLOADS[1][:150],
        bio="\n".join(PAYLOADS)[:1000],
        visible_fields=["name", "company_name", "bio"],
    )
    with mock.patch.object(discussions, "check_rate_limit"):
        thread = discussions.start_thread(
            community, writer, kind="vraag", title="Alle payloads", body="\n".join(PAYLOADS)
        )
        for number, payload in enumerate(PAYLOADS):
            discussions.start_thread(
                community,
                writer,
                kind="tip",
                title=f"Tip {number}: {payload}",
                body=f"Tekst {number}: {payload}",
            )
            discussions.post_reply(thread, writer, f"Reactie {number}: {payload}")
    return {
        "reader": reader,
        # Replies 50 a page, threads 20 a page: every page that holds a payload.
        "urls": [community.url + f"discussies/{thread.pk}/?pagina={n}" for n in range(1, 5)]
        + [community.url + f"discussies/?pagina={n}" for n in range(1, 10)]
        + [community.url + "leden/"],
    }


def test_no_payload_runs_in_chromium(member_in_community, written):
    page = member_in_community.page
    dialogs, errors, fetched = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda r: PAYLOAD_HOSTS.search(r.url) and fetched.append(r.url))
    for url in written["urls"]:
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("body").inner_text()  # the page really rendered
        assert page.evaluate(PROVOKE) > 50
        page.wait_for_timeout(1500)  # <animate dur=1s>, meta refresh, timers
        assert page.url.endswith(url), "a payload navigated away"
    assert dialogs == []
    assert errors == []
    assert fetched == []


def test_the_thread_really_holds_the_payloads(member_in_community, written):
    """The check above means something only if the text arrived: the harmless part is shown."""
    page = member_in_community.page
    shown = ""
    for url in written["urls"]:
        page.goto(url)
        shown += page.locator("body").inner_text()
    for number in range(len(PAYLOADS)):
        assert f"Reactie {number}:" in shown and f"Tip {number}:" in shown
    assert "alert(" in shown  # as text, which is where it belongs
