"""The permission matrix: every URL of the URL conf (the admin's and the public ones, walked as
the bad-input suite walks them) × every kind of user, each with the status it must get.

The expectations are a table of rules (:data:`RULES`), matched on the URL pattern, so a new view
cannot be forgotten: a URL no rule matches fails the test until someone says who may open it.
A row gives one letter per role, in the order of :data:`ROLES`:

    o  200 (or another 2xx)       d  refused: 403, or Wagtail's "Sorry, je hebt geen toegang"
    r  a redirect elsewhere        l  sent to a log-in page
    n  404                         m  405 (the URL takes another method)
    b  400                         x  an exception (a 500)

Numbers in a path are filled with 1 (Wagtail's root page, or no such object), words with
"plausible"; page URLs of the admin get region X's home page, so the regional roles show their
reach. Which of another region's *objects* a role may open is tested per model elsewhere (the
region tests of the snippets, memberships and pages); this matrix guards the doors.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import get_resolver

from tests.badinput import garbage
from tests.factories import MemberFactory

ROLES = ("member", "cm_x", "cm_y", "com_x", "com_nat", "rb_x", "super")
HOST = "utrecht.localhost"
# PERMISSION_MATRIX_DUMP=<folder> writes each role's observed letters there (to write rules).
DUMP = os.environ.get("PERMISSION_MATRIX_DUMP")

LOG_OUT = re.compile(r"logout|uitloggen")

_CHOOSE_BY_COMMUNITY_MANAGERS = (
    r"accounts/profile|community/(communityevent|flag|membership|moderationaction|topicproposal)"
    r"|events/registration|intervision/(facilitator|intervisionapplication|intervisiongroup"
    r"|intervisionparticipant|intervisionsession)|partners/(handover|organisation)"
)
_CHOOSE_BY_STAFF = (
    r"campaigns/(limitedoffer|offerclaim|referral)|credits/(credittransaction|redemption|reward)"
    r"|intake/(adviser|booking|intakerequest|slot|weeklyavailability)"
    r"|testimonials/(ambassador|experience|journeyphase)|themes/theme"
)

# (pattern on the URL conf's pattern text, one letter per role). The first match counts.
RULES: list[tuple[str, str]] = [
    # --- Public URLs (the site; members and staff alike) -----------------------------------
    (r"^(account/bevestigen|account/wachtwoord-herstellen|afmelden|tevredenheid)/<", "bbbbbbb"),
    (r"^(account/aanmelden/|account/inloggen/|favicon\.ico)$", "rrrrrrr"),
    (
        r"^(account/credits/beloning/<int:pk>/|account/meldingen/(alles-gelezen|<int:pk>/gelezen)/"
        r"|tip-een-ander/ranglijst/|campagne-aanbod/<str:offer_id>/|attributie/bezoek/"
        r"|csp-rapport/)$",
        "mmmmmmm",
    ),
    (
        r"^(documenten/|account/meldingen/<int:pk>/$|gesprek-aanvragen/(moment|afspraak)/"
        r"|partners/bevestigen/|r/<|campagne-status/|_util/authenticate_with_password/"
        r"|sitemap-<)",
        "nnnnnnn",
    ),
    (
        r"^(account/(credits/|meldingen/|meldingen/mail/|controleer-je-mail/|bevestigen/opnieuw/"
        r"|uitloggen/|wachtwoord-vergeten/(verstuurd/)?|wachtwoord-herstellen/klaar/"
        r"|wachtwoord-wijzigen/|profiel/|gegevens/(download/)?|verwijderen/|tot-ziens/"
        r"|privacyverklaring/)?|gesprek-aanvragen/(bedankt/)?|partners/|tip-een-ander/|zoeken/"
        r"|sitemap\.xml|robots\.txt|_util/login/)$",
        "ooooooo",
    ),
    # --- The admin's door: log-in, password reset (off), Wagtail's test pages --------------
    (r"^admin/login/$", "odddddd"),
    (r"^admin/password_reset/", "nnnnnnn"),
    (r"^admin/failwhale/$", "nnnnnnx"),
    (r"^admin/(test404|account|dismissibles)/$", "loooooo"),
    (r"^admin/sprite/$|^admin/jsi18n/$", "ooooooo"),
    (r"^admin/$", "loooooo"),
    # POST-only steps (a GET is a 405 once past the door).
    (
        r"^admin/(api/main/\^pages/<int:pk>/action/|pages/<int:page_to_move_id>/set_position/"
        r"|pages/<int:page_id>/(un)?lock/|workflows/(enable|remove|tasks/enable)/|logout/"
        r"|editing-sessions/|regioteam/<int:group_id>/|credits/(correctie/|beloningen/<int:pk>/"
        r"|<int:pk>/<str:decision>/)|(documents|images)/multiple/(<int|create_from|delete_upload))",
        "lmmmmmm",
    ),
    # --- Regiobeheer: the region's staff (and its site settings, under admin/settings/) ----
    (r"^admin/regioteam/$", "lddddoo"),
    # --- Platform administration: superusers only ------------------------------------------
    (r"^admin/snippets/themes/theme/reorder/", "ldddddm"),
    (r"^admin/snippets/accounts/profile/add/$", "ldddddd"),
    # Profile 1 is a member of the default site (no region here): 404 to regional staff.
    (r"^admin/snippets/accounts/profile/delete/<int:pk>/$", "lnnndnd"),
    (r"^admin/snippets/accounts/profile/copy/<int:pk>/$", "lnndddd"),
    (r"^admin/snippets/intervision/intervisionapplication/add/$", "ldddddo"),
    (
        r"^admin/(users|groups|sites|workflows/(list|add|disable|edit|usage|tasks/(index|edit|"
        r"disable))|reports/locked|redirects/(results/|add/|import/$)?$|collections/(add/|"
        r"<int:collection_id>/privacy/)?$|snippets/(themes/theme|mail/outgoingmail/(results/)?$)"
        r"|pages/<int:page_id>/delete/)",
        "ldddddo",
    ),
    (r"^admin/workflows/tasks/select_type/$", "ldddddr"),
    (r"^admin/(collections/<int:pk>|redirects/<int:redirect_id>)/$", "ldddddn"),
    (r"^admin/redirects/import/process/$", "ldddddm"),
    (r"^admin/snippets/$", "ldddddd"),
    # Rows that only change through the services: nobody adds them by hand.
    (
        r"^admin/snippets/(mail/outgoingmail|credits/(credittransaction|redemption)|intake/(intakerequest|booking)"
        r"|partners/handover|events/registration|community/(flag|topicproposal|moderationaction)"
        r"|testimonials/experience|campaigns/(offerclaim|referral))/add/$",
        "ldddddd",
    ),
    (
        r"^admin/snippets/accounts/profile/(edit|usage|history|history-results|inspect)/<int:pk>/$",
        "lnnndno",
    ),
    # --- Community managers' own admin ------------------------------------------------------
    (
        r"^admin/(partners/nabellen/|vragenradar/(kwartaalcijfers/)?|intervisie-matching/"
        r"|snippets/accounts/profile/(results/)?$"
        r"|snippets/partners/(organisation/(results/|add/)?|handover/(results/)?)"
        r"|snippets/events/registration/(results/)?"
        r"|snippets/community/(flag|membership|topicproposal|communityevent|moderationaction)/"
        r"(results/|add/)?"
        r"|snippets/intervision/(intervisiongroup|intervisionapplication|intervisionparticipant"
        r"|intervisionsession|facilitator)/(results/|add/)?)$",
        "loodddo",
    ),
    (r"^admin/deelnemers/<int:event_id>/reeks/$", "lnnnnnn"),
    (
        r"^admin/(partners/overdragen|deelnemers|communitybeheer|vragenradar/vraag)/",
        "lnndddn",
    ),
    # --- Communicatie's own admin -----------------------------------------------------------
    (
        r"^admin/(campagneresultaten/|snippets/testimonials/(experience|ambassador)/(results/)?"
        r"|snippets/testimonials/ambassador/add/"
        r"|snippets/testimonials/journeyphase/((results/|add/)?|(edit|delete|usage|history"
        r"|history-results)/<int:pk>/)|snippets/campaigns/limitedoffer/add/"
        r"|snippets/mailings/mailing/(results/|add/)?)$",
        "lddoodo",
    ),
    (
        r"^admin/(campagneresultaten/<int:pk>/|snippets/testimonials/experience/beoordelen/"
        r"|snippets/mailings/mailing/(verzenden|voorbeeld)/)",
        "lddnndn",
    ),
    (r"^admin/snippets/testimonials/(ambassador|journeyphase)/reorder/", "lddmmdm"),
    # --- Both roles of a region (the desk's shared work: credits, intake, offers, media) ----
    (
        r"^admin/(credits/(beloningen/)?|tevredenheid/(csv/)?|fitheidscan-cijfers/"
        r"|(documents|images)/((results/|add/|multiple/add/)?|chooser/create/)"
        r"|snippets/credits/(credittransaction|redemption)/(results/)?"
        r"|snippets/credits/reward/(results/|add/)?"
        r"|snippets/intake/(intakerequest|booking)/(results/)?"
        r"|snippets/intake/(slot|weeklyavailability|adviser)/(results/|add/)?"
        r"|snippets/campaigns/(limitedoffer|offerclaim|referral)/(results/)?"
        r"|pages/search/(results/)?|reports/(workflow|workflow_tasks|aging-pages"
        r"|page-types-usage)/(results/)?)$",
        "loooodo",
    ),
    (
        r"^admin/(documents/edit/|images/<int:image_id>/$|snippets/intake/(intakerequest/behandelen"
        r"|booking/uitkomst)/)",
        "lnnnndn",
    ),
    # --- Pages: region X's home page in the path --------------------------------------------
    (r"^admin/pages/$", "lrrrodo"),
    (r"^admin/pages/<int:parent_page_id>/(results/)?$", "loroodo"),
    (r"^admin/pages/<int:page_id>/revisions/$", "lrrrrrr"),
    (
        r"^admin/pages/(<int:page_id>/(usage|edit|edit/preview|view_draft|unpublish|copy|privacy"
        r"|workflow_history|history|history/results)/|<int:parent_page_id>/add_subpage/"
        r"|<int:page_to_move_id>/move/)$",
        "lddoodo",
    ),
    (
        r"^admin/pages/(<int:page_id>/revisions/<int:revision_id>/(view|unschedule)/|\^"
        r"|<int:page_id>/workflow_history/detail/)",
        "lddnndn",
    ),
    # --- Open to every staff member (choosers, search, history of what they may see) -------
    (r"^admin/(documents|images)/chooser/chosen/<str:pk>/$", "nnnnnnn"),
    # Snippet choosers: only to a role with a permission on the model (or a form choosing it);
    # a member is refused (403). Region-scoped choosers list only the own region's rows (tested
    # in tests/regions/test_region_choosers.py). chosen/1/ and create/ answer 404 where the list
    # opens: no such row, no creation form.
    *(
        rule
        for models, listing, one in (
            (_CHOOSE_BY_COMMUNITY_MANAGERS, "doodddo", "dnndddn"),
            (_CHOOSE_BY_STAFF, "doooodo", "dnnnndn"),
            ("mail/outgoingmail", "ddddddo", "ddddddn"),
            ("mailings/mailing", "dddoodo", "dddnndn"),
        )
        for rule in (
            (rf"^admin/snippets/choose/({models})/(chosen/<str:pk>|create)/$", one),
            (rf"^admin/snippets/choose/({models})/", listing),
        )
    ),
    (
        r"^admin/(api/main/\^(pages|documents|images)/$|pages/<int:page_to_move_id>/move/"
        r"<int:destination_id>/confirm/|pages/workflow/confirm_cancellation/|choose-page/"
        r"|choose-(external|email|phone|anchor)-link/|tag-autocomplete/$|workflows/task_chooser/"
        r"|reports/site-history/|regios/|embeds/chooser/|(documents|images)/chooser/"
        r"((results|chosen-multiple)/)?$)",
        "loooooo",
    ),
    # --- Everything else of the admin with "1" or "plausible" in its path: no such object ---
    (
        r"^admin/snippets/[^/]+/[^/]+/(edit|delete|history|history-results|usage|inspect|copy)/<",
        "lnnnnnn",
    ),
    (
        r"^admin/(workflows/tasks/add/|tag-autocomplete/<|settings/|redirects/<int:redirect_id>/delete/"
        r"|pages/workflow/(preview|collect_action_data|action)/|pages/usage/|pages/create/"
        r"|pages/add/|pages/<int:page_id>/(revisions/<int:revision_id>/revert|convert_alias)/"
        r"|images/(usage/|chooser/<int|<int:image_id>/(preview|generate_url|delete))"
        r"|documents/(usage|delete)/|deelnemers/<int:event_id>/reeks/|collections/<int:pk>/delete/"
        r"|bulk/|block-preview/|api/main/\^(pages|images|documents)/(find/|<int:pk>/)|\^\.\*/\$)",
        "lnnnnnn",
    ),
]


def _targets(home_id: int, ids: dict[str, int]) -> list[tuple[str, str]]:
    """(pattern text, path) for every URL of the URL conf but Wagtail's page catch-all; ``ids``:
    the real id to use under a path prefix (an account exists, "1" need not on PostgreSQL, whose
    sequences run on across tests)."""
    found = []
    for patterns in garbage._walk(get_resolver()):
        last = patterns[-1]
        if str(getattr(last, "_regex", "")) in garbage.SKIP_PATTERNS:
            continue
        name = "".join(str(p) for p in patterns)
        number = str(home_id) if re.match(r"admin/(pages|choose-page)/", name) else "1"
        for prefix, pk in ids.items():
            if name.startswith(prefix):
                number = str(pk)
        path = "".join(garbage.fill(p, number, "plausible") for p in patterns)
        # Reverting to a revision that exists nowhere (the page's id may be some other page's
        # revision on PostgreSQL, whose ids run on across tests).
        path = path.replace(f"/revisions/{number}/revert/", "/revisions/999999999/revert/")
        found.append((name, "/" + path))
    return found


def _letter(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "o"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if "/admin/login/" in location or "/account/inloggen/" in location:
            return "l"
        if location in ("/admin/", "http://utrecht.localhost/admin/"):
            return "d"
        return "r"
    return {403: "d", 404: "n", 405: "m", 400: "b"}.get(status, str(status))


def _rule(name: str) -> str | None:
    for pattern, row in RULES:
        if re.search(pattern, name):
            return row
    return None


@pytest.fixture
def users(regions, staff_of):
    national = MemberFactory(email="communicatie.landelijk@ondernemersloket.nl")
    national.groups.add(Group.objects.get(name="Communicatie"))
    return {
        "member": MemberFactory(email="lid@example.nl"),
        "cm_x": staff_of("x", "communitymanager"),
        "cm_y": staff_of("y", "communitymanager"),
        "com_x": staff_of("x", "communicatie"),
        "com_nat": national,
        "rb_x": staff_of("x", "regiobeheer"),
        "super": MemberFactory(
            email="beheer@ondernemersloket.nl", is_superuser=True, is_staff=True
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_gives_each_role_its_expected_status(regions, users, role):
    client = Client(HTTP_HOST=HOST)
    client.force_login(users[role])
    column = ROLES.index(role)
    observed, wrong, unknown, errors = {}, [], [], []
    # The account the rules were written against: the first one made (national Communicatie),
    # a member without a home region (so the default site's).
    account = users["com_nat"]
    ids = {"admin/users/": account.pk, "admin/snippets/accounts/profile/": account.profile.pk}
    for name, path in _targets(regions["x"].root_page_id, ids):
        try:
            letter = _letter(client.get(path))
        except Exception as exc:  # noqa: BLE001 - a 500 is a finding like any other
            letter = "x"
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
        observed[name] = letter
        if LOG_OUT.search(name):  # a GET that logs out (Wagtail's admin): log in again
            client.force_login(users[role])
        row = _rule(name)
        if row is None:
            unknown.append(f"{name} ({letter})")
        elif row[column] != letter:
            wrong.append(f"{name}: expected {row[column]}, got {letter} ({path})")
            wrong.extend(e for e in errors[-1:] if letter == "x" and e.startswith(name))
    if DUMP:
        with open(os.path.join(DUMP, f"{role}.json"), "w") as out:
            json.dump(observed, out)
    assert not unknown, f"{len(unknown)} URLs have no rule yet:\n" + "\n".join(unknown)
    assert not wrong, f"{len(wrong)} URLs answer {role} otherwise:\n" + "\n".join(wrong)
