"""Every page at home on a phone: no page scrolls sideways at 375 px (or at 1280 px), and the main
menu folds behind a button on a narrow screen so the first content shows without scrolling. The
same walk checks that no select opens with "---------" or a bare dash instead of a Dutch prompt.

The walk starts from the seeded demo (every live page of the tree and every account page without
arguments) and follows the site's own links from there, so routable sub-pages (discussions,
intervision, the experiences form) are walked too. One browser; one context per role and width;
one tab per context, reused for every page.
"""

import re
from importlib import import_module
from io import StringIO
from urllib.parse import urlsplit

from playwright.sync_api import expect

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Page

from loket.accounts.models import User
from loket.core.models import StandardPage
from tests.factories import default_home

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

# Links the walk does not follow: admin and files, and GETs that do something (log out, unsubscribe,
# confirm, download) or leave the HTML site (calendar files, feeds, the XML sitemap).
NOT_WALKED = re.compile(
    r"^/(admin|documenten|static|media)/|uitloggen|/afmelden/|/bevestigen/|download|ical|\.ics$"
    r"|\.xml$|\.txt$|/r/|/lid-worden/|/opzeggen/|/intrekken/|/verlaten/|/volgen/"
    # Every free slot and every theme filter look alike: the walk starts at one of each.
    r"|^/gesprek-aanvragen/moment/|^/gesprek-aanvragen/\?"
    r"|^/account/meldingen/\d+/"
)
# Account pages that need a token or act on a GET.
ACCOUNT_URL_NAMES_SKIPPED = {"logout", "data_download"}

# The page's own width against the viewport, and the outermost elements that stick out of it
# (an element inside a box that scrolls on its own, like a wide table, does not count).
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(name(e));
    }
    return parts.join(" > ");
  };
  const outside = (r) => r.right > vw + 1 || r.left < -1;
  const scrollsOnItsOwn = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox !== "visible" && ox !== "clip" && !outside(e.getBoundingClientRect())) return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || !outside(r)) continue;
    if (getComputedStyle(el).visibility === "hidden" || scrollsOnItsOwn(el)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && outside(parent.getBoundingClientRect())) continue;
    wide.push(`${path(el)} (${Math.round(r.left)}–${Math.round(r.right)} px)`);
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: wide.slice(0, 3),
    // Selects whose empty choice reads "---------" or a bare dash instead of a Dutch prompt.
    unprompted: [...document.querySelectorAll("select")]
      .filter((s) => s.options.length && /^[-—–\\s]*$/.test(s.options[0].text))
      .map((s) => s.name),
  };
}"""


def _start_urls():
    pages = Page.objects.live().filter(depth__gt=1).specific()
    urls = {page.relative_url(None) for page in pages}
    for module, skipped in (
        ("loket.accounts.urls", ACCOUNT_URL_NAMES_SKIPPED),
        ("loket.credits.urls", set()),
        ("loket.partners.urls", set()),
        ("loket.notifications.urls", {"mark_all_read"}),
    ):
        urlconf = __import__(module, fromlist=["urlpatterns", "app_name"])
        for pattern in urlconf.urlpatterns:
            if pattern.name in skipped or pattern.pattern.regex.groups:
                continue
            urls.add(reverse(f"{urlconf.app_name}:{pattern.name}"))
    # Pages of the second demo region answer on their own hostname, which the live server isn't.
    return sorted(url for url in urls if url and url.startswith("/"))


def _booking_urls():
    """One free slot's step 3, one theme's slots, and the demo booking's own pages."""
    from loket.intake.models import Booking, Slot

    slot = Slot.objects.free().filter(site__is_default_site=True).first()
    booking = Booking.objects.filter(site__is_default_site=True).first()
    return [
        reverse("intake:book", args=[slot.pk]),
        f"{reverse('intake:request')}?thema=financien&soort=intake",
        reverse("intake:booking", args=[booking.token]),
        reverse("intake:booking_move", args=[booking.token]),
    ]


def _logged_in_cookie(user, live_server):
    """A session for ``user`` as Django's log-in would leave it, as a browser cookie."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": store.session_key,
        "url": live_server.url,
    }


def _walk(page, start_urls, host):
    """Every page reachable from ``start_urls`` by the site's own links: its URL and the overflow
    figures at this viewport. Query strings are kept except paging (page one stands for all)."""
    todo, seen, found = list(start_urls), set(start_urls), []
    while todo:
        url = todo.pop(0)
        response = page.goto(url)
        if response is None or not response.ok or urlsplit(page.url).path != urlsplit(url).path:
            continue  # a redirect (log-in, another region) is walked under its own URL
        found.append((url, page.evaluate(OVERFLOW_JS)))
        for href in page.eval_on_selector_all("a[href]", "els => els.map((e) => e.href)"):
            link = urlsplit(href)
            if link.netloc != host:
                continue
            target = link.path + (
                f"?{link.query}" if link.query and "pagina=" not in link.query else ""
            )
            if target not in seen and not NOT_WALKED.search(target):
                seen.add(target)
                todo.append(target)
    return found


def _check(page, urls):
    return [(url, page.evaluate(OVERFLOW_JS)) for url in urls if page.goto(url)]


def _problems(label, results):
    problems = []
    for url, figures in results:
        if figures["scrollWidth"] > figures["innerWidth"] or figures["wide"]:
            problems.append(
                f"{label} {url}: pagina {figures['scrollWidth']} px breed bij "
                f"{figures['innerWidth']} px; uitstekend: {'; '.join(figures['wide']) or '-'}"
            )
        if figures["unprompted"]:
            problems.append(
                f"{label} {url}: keuzelijst zonder Nederlandse vraag: {figures['unprompted']}"
            )
    return problems


def test_no_page_scrolls_sideways_on_a_phone_or_a_desktop(browser, live_server, transactional_db):
    call_command("seed_demo", "--no-progress", stdout=StringIO())
    # A member's own experiences are linked only from pages that depend on what the demo gave
    # them, the fitheidscan from campaigns and the account, and the booking pages from one slot;
    # the walk starts there too, so those pages are always measured.
    start = sorted({*_start_urls(), "/ervaringen/mijn/", "/fitheidscan/", *_booking_urls()})
    host = urlsplit(live_server.url).netloc
    roles = {
        "bezoeker": None,
        # Experiences, registrations, a community and an intake of her own.
        "lid": User.objects.get(email="sanne.devries@example.com"),
        # Tips in every phase and a credits history.
        "tipgever": User.objects.get(email="anouk.tipgever@example.nl"),
    }
    problems, walked = [], {}
    for role, user in roles.items():
        contexts = {}
        for size in (PHONE, DESKTOP):
            context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=size)
            if user:
                context.add_cookies([_logged_in_cookie(user, live_server)])
            contexts[size["width"]] = context
        try:
            phone = contexts[375].new_page()
            results = _walk(phone, start, host)
            walked[role] = [url for url, _ in results]
            problems += _problems(f"{role} 375 px", results)
            problems += _problems(
                f"{role} 1280 px", _check(contexts[1280].new_page(), walked[role])
            )
        finally:
            for context in contexts.values():
                context.close()

    print("Pages walked per role:", {role: len(urls) for role, urls in walked.items()})
    # The walk really reached the pages the layout went wrong on, as each role.
    assert {"/ervaringen/delen/", "/tip-een-ander/", "/account/profiel/"} <= set(walked["lid"])
    assert {"/ervaringen/mijn/", "/intervisie/aanmelden/"} <= set(walked["lid"])
    assert "/fitheidscan/" in walked["bezoeker"]
    assert any(url.startswith("/fitheidscan/resultaat/") for url in walked["lid"])
    assert {"/account/meldingen/", "/account/meldingen/mail/"} <= set(walked["lid"])
    assert "/account/credits/" in walked["tipgever"]
    assert any(url.startswith("/tevredenheid/") for url in walked["lid"])  # the rating question
    assert set(_booking_urls()) <= set(walked["bezoeker"])
    assert any(
        url.startswith("/bijeenkomsten/") and url != "/bijeenkomsten/" for url in walked["bezoeker"]
    )
    assert len(walked["bezoeker"]) >= len(start) // 2
    assert not problems, "\n".join(problems)


def _menu_home():
    home = default_home()
    for title, slug in (
        ("Over het loket", "over"),
        ("Bijeenkomsten", "agenda"),
        ("Contact", "contact"),
    ):
        home.add_child(instance=StandardPage(title=title, slug=slug, show_in_menus=True))
    return home


def test_main_menu_folds_behind_a_button_on_a_phone(browser, live_server, transactional_db):
    _menu_home()
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/over/")
        menu_button = page.locator("summary", has_text="Menu")
        contact = page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Contact"
        )
        expect(menu_button).to_be_visible()
        expect(contact).to_be_hidden()
        # The header leaves most of the first screen to the page's own content.
        header = page.locator(".site-header").bounding_box()
        assert header["height"] < PHONE["height"] / 5, header

        # Keyboard: tab to the button, Enter folds the menu out, Enter again folds it back.
        menu_button.focus()
        page.keyboard.press("Enter")
        expect(contact).to_be_visible()
        expect(page.locator("details.site-menu")).to_have_attribute("open", "")
        page.keyboard.press("Enter")
        expect(contact).to_be_hidden()

        menu_button.click()
        contact.click()
        expect(page).to_have_url(re.compile(r"/contact/$"))
    finally:
        context.close()


def test_main_menu_is_open_without_a_button_on_a_desktop(browser, live_server, transactional_db):
    _menu_home()
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto("/over/")
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        for title in ("Over het loket", "Bijeenkomsten", "Contact"):
            expect(nav.get_by_role("link", name=title)).to_be_visible()
        expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    finally:
        context.close()
