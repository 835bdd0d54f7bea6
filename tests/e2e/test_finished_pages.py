"""In a real browser: pages that must look finished. The share box on /tip-een-ander/ is a styled
box (the link field as wide as the box, the share buttons side by side without list bullets) on a
phone and on a laptop."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_share_box_on_tip_een_ander_is_styled(page, live_server, width):
    member = MemberFactory(first_name="Sanne")
    page.context.add_cookies(_session_cookie(member, live_server.url))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/tip-een-ander/")

    box = page.locator("section.share-box")
    expect(box).to_be_visible()
    link = box.locator("#tiplink")
    expect(link).to_have_value(re.compile(r"/r/[A-Z0-9]+/?$"))
    box_width = box.evaluate(
        "el => el.clientWidth - parseFloat(getComputedStyle(el).paddingLeft)"
        " - parseFloat(getComputedStyle(el).paddingRight)"
    )
    assert abs(link.bounding_box()["width"] - box_width) <= 2
    links = box.locator("ul.share-links")
    assert links.evaluate("el => getComputedStyle(el).listStyleType") == "none"
    buttons = links.locator("a.button")
    expect(buttons).to_have_count(3)
    tops = [buttons.nth(i).bounding_box()["y"] for i in range(3)]
    if width >= 1280:
        assert max(tops) - min(tops) <= 1, tops  # side by side
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px horizontal overflow"


def _session_cookie(user, url):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "loket.accounts.backends.EmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": url}]
