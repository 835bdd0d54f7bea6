"""A region's starter pack: a Wagtail ``Site`` with its own page tree, settings and staff groups.

``manage.py create_region`` and ``seed_demo`` (for its second region) call :func:`build_region`.
It builds the home page, the theme index and the standard pages here, and every app's index page
through the ``REGION_SECTIONS`` hook (agenda, communities, intervision, experiences,
campaigns), then the region's staff groups (``loket.accounts.services.roles``). "Tip een ander"
and "Gesprek aanvragen" are routes every region's host answers, not pages.

Everything is found before it is made (by slug under the region's home), so running it again
fills in only what is missing and leaves editors' changes alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Page, Site

from loket.accounts.services.roles import RegionRoles, sync_region_roles
from loket.core import demo
from loket.core.hooks import region_sections
from loket.core.models import HomePage, SiteSettings, StandardPage, ThemeIndexPage
from loket.core.seeding import SeedContext

# Settings that --copy-from takes from another region: what the desks share, not the address.
COPIED_SETTINGS = ("opening_hours", "footer_text", "linkedin_url", "youtube_url", "x_url")


@dataclass
class Region:
    site: Site
    home: HomePage
    roles: RegionRoles
    new_pages: int


def place_name(name: str) -> str:
    """ "Regio Gelderland" -> "Gelderland"."""
    name = name.strip()
    return name[len("Regio ") :] if name.lower().startswith("regio ") else name


def _home(name: str, place: str) -> HomePage:
    return HomePage(
        title=f"Ondernemersloket {name}",
        slug=slugify(name),
        hero_title="Ondernemers helpen ondernemers",
        hero_intro=(
            "Een kritische blik op je bedrijf, expertise op financiën, marketing en personeel, "
            f"en vooral: contact met ondernemers die hetzelfde meemaken. Voor ondernemers in "
            f"{place}."
        ),
        search_description=(
            f"Het Ondernemersloket {name} brengt ondernemers met elkaar in contact: in "
            "communities, bijeenkomsten en intervisiegroepen."
        ),
    )


def _over_ons(place: str) -> StandardPage:
    return StandardPage(
        title="Over het Ondernemersloket",
        slug="over-ons",
        show_in_menus=True,
        intro=(
            "Ondernemen doe je zelf, maar niet alleen. Het Ondernemersloket is de plek waar "
            f"ondernemers uit {place} elkaar vinden en verder helpen."
        ),
        search_description="Wie we zijn en wat het Ondernemersloket voor jou als ondernemer doet.",
        body=[
            demo._text(
                "<h2>Wat we doen</h2>"
                + demo._p(
                    "We richten ons op het midden- en kleinbedrijf, vooral op bedrijven met 5 tot "
                    "50 medewerkers. Maar iedereen die onderneemt is welkom: van zzp'er tot "
                    "familiebedrijf in de derde generatie."
                )
                + demo._ul(
                    "<b>Een kritische blik.</b> We kijken met je mee naar je bedrijf en stellen "
                    "de vragen die in de waan van de dag blijven liggen.",
                    "<b>Expertise.</b> Onze adviseurs weten veel van financiën, marketing en "
                    "personeelszaken, en weten wie je verder kan helpen.",
                    "<b>Contact met andere ondernemers.</b> Ondernemers leren het meest van "
                    "elkaar. We brengen je in contact met ondernemers in dezelfde branche of "
                    "dezelfde situatie.",
                )
                + "<h2>Onafhankelijk</h2>"
                + demo._p(
                    "Het Ondernemersloket verkoopt niets. We worden gesteund door gemeenten en "
                    f"ondernemersverenigingen in {place}. Jij houdt altijd zelf het stuur: we doen "
                    "niets in jouw naam zonder dat je daar zelf voor kiest."
                )
            ),
        ],
    )


def _zo_werkt_het() -> StandardPage:
    return StandardPage(
        title="Zo werkt het",
        slug="zo-werkt-het",
        show_in_menus=True,
        intro=(
            "In drie stappen van een vraag naar een gesprek met iemand die het al eens heeft "
            "meegemaakt."
        ),
        search_description=(
            "Aanmelden, je thema kiezen en ondernemers ontmoeten: zo werkt het Ondernemersloket."
        ),
        body=[
            demo._text(
                "<h2>1. Maak een account</h2>"
                + demo._p(
                    "Aanmelden is gratis. Vertel kort wie je bent, in welke branche je werkt en "
                    "hoe groot je bedrijf is. Jij bepaalt wat andere ondernemers van je zien."
                )
                + "<h2>2. Kies waar je mee bezig bent</h2>"
                + demo._p(
                    "Financiën, personeel, digitalisering of juist een bedrijfsovername: kies de "
                    "thema's die nu spelen. Zo vinden we ondernemers en bijeenkomsten die bij je "
                    "passen."
                )
                + "<h2>3. Ontmoet andere ondernemers</h2>"
                + demo._p(
                    "Doe mee aan een community, kom naar een thematische bijeenkomst of sluit "
                    "aan bij een vaste intervisiegroep van vijf tot acht ondernemers. Jullie "
                    "bepalen samen de agenda."
                )
            ),
        ],
    )


def _contact(name: str, email: str) -> StandardPage:
    return StandardPage(
        title="Contact",
        slug="contact",
        show_in_menus=True,
        intro=(
            "Een vraag, een idee voor een bijeenkomst of gewoon even sparren? "
            "We horen graag van je."
        ),
        search_description=f"Bel, mail of kom langs bij het Ondernemersloket {name}.",
        body=[
            demo._text(
                "<h2>Mail ons</h2>"
                + demo._p(
                    f"Je bereikt ons via {email}. We reageren binnen één werkdag. Liever een "
                    "gesprek? Vraag het aan via <i>Gesprek aanvragen</i>, dan bellen we je terug."
                )
            ),
        ],
    )


def _theme_index() -> ThemeIndexPage:
    return ThemeIndexPage(
        title="Thema's",
        slug="themas",
        show_in_menus=True,
        intro=(
            "Waar loop jij tegenaan? Kies een thema en ontdek wat andere ondernemers al "
            "hebben uitgezocht."
        ),
        search_description="De thema's waarover ondernemers elkaar ontmoeten en helpen.",
    )


def region_email(name: str) -> str:
    return f"{slugify(place_name(name))}@ondernemersloket.nl"


def _settings(site: Site, name: str, privacy: Page, copy_from: Site | None) -> None:
    settings = SiteSettings.for_site(site)
    defaults = {
        "organisation_name": f"Ondernemersloket {name}",
        "contact_email": region_email(name),
        "opening_hours": "Maandag tot en met vrijdag van 9.00 tot 17.00 uur.",
        "footer_text": (
            "Het Ondernemersloket brengt ondernemers met elkaar in contact. "
            "Onafhankelijk, persoonlijk en zonder verkooppraatje."
        ),
    }
    if copy_from is not None:
        source = SiteSettings.for_site(copy_from)
        for field in COPIED_SETTINGS:
            if getattr(source, field):
                defaults[field] = getattr(source, field)
    changed = False
    for field, value in defaults.items():
        current = getattr(settings, field)
        if not current or (field == "organisation_name" and current == "Ondernemersloket"):
            setattr(settings, field, value)
            changed = True
    if settings.privacy_page_id is None:
        settings.privacy_page = privacy
        changed = True
    if changed or settings.pk is None:
        settings.save()


def build_region(
    name: str, hostname: str, *, port: int = 80, copy_from: Site | None = None
) -> Region:
    """Make region ``name`` on ``hostname``, or fill in what it misses when it exists."""
    name = name.strip()
    place = place_name(name)
    pages_before = Page.objects.count()
    with transaction.atomic():
        site = Site.objects.filter(hostname=hostname, port=port).select_related("root_page").first()
        ctx = SeedContext(options={"hostname": hostname, "port": port})
        if site is None:
            root = Page.get_first_root_node()
            home = HomePage.objects.child_of(root).filter(slug=slugify(name)).first()
            if home is None:
                home = root.add_child(instance=_home(name, place))
                demo._publish(home)
                ctx.count("pagina's")
            site = Site.objects.create(
                hostname=hostname, port=port, root_page=home, site_name=f"Ondernemersloket {name}"
            )
        home = site.root_page.specific
        ctx.site, ctx.home = site, home

        _page, created = demo._child(home, ThemeIndexPage, "themas", _theme_index)
        ctx.count("pagina's", created)
        pages = {}
        for slug, build in [
            ("over-ons", lambda: _over_ons(place)),
            ("zo-werkt-het", _zo_werkt_het),
            ("contact", lambda: _contact(name, region_email(name))),
            ("privacyverklaring", demo._privacy),
        ]:
            pages[slug], created = demo._child(home, StandardPage, slug, build)
            ctx.count("pagina's", created)
        if not home.hero_button_page_id:
            home.hero_button_label = "Zo werkt het"
            home.hero_button_page = pages["zo-werkt-het"]
            demo._publish(home)

        for section in region_sections():
            section.build(ctx)

        _settings(site, name, pages["privacyverklaring"], copy_from)
        roles = sync_region_roles(site)
    return Region(site=site, home=home, roles=roles, new_pages=Page.objects.count() - pages_before)
