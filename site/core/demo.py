"""The core steps of ``manage.py seed_demo``: the region's home page, site, settings, pages,
the admin user and sample members. Each step is idempotent: it finds what it would create
(by slug or e-mail address) and creates only what is missing, leaving editors' changes alone.
"""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.models import Page, Site

from loket.accounts.models import Profile
from loket.accounts.services import create_member
from loket.accounts.services.roles import (
    ROLE_COMMUNICATIE,
    ROLE_COMMUNITYMANAGER,
    ROLE_REGIOBEHEER,
    region_groups,
    sync_region_roles,
)
from loket.core.models import (
    HomePage,
    HomePageFeaturedItem,
    SiteSettings,
    StandardPage,
    ThemeIndexPage,
)
from loket.themes.models import Theme

REGION_NAME = "Ondernemersloket Regio Utrecht"
HOME_SLUG = "regio-utrecht"
ADMIN_EMAIL = "admin@ondernemersloket.nl"


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _text(html):
    return {"type": "paragraph", "value": {"text": html}}


def _quote(text, author, role):
    return {"type": "quote", "value": {"text": text, "author": author, "role": role}}


def _cta(heading, text, button_label, *, page=None, url=""):
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading,
            "text": text,
            "page": page.pk if page else None,
            "url": url,
            "button_label": button_label,
        },
    }


def _publish(page):
    page.save_revision(log_action=False).publish(log_action=False)
    return page


# ---------------------------------------------------------------------------------------------
# Step: the region's home page as the default site's root


def seed_site(ctx):
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = HomePage.objects.filter(depth=2, slug=HOME_SLUG).first()
    if home is None and site is not None and isinstance(site.root_page.specific, HomePage):
        home = site.root_page.specific
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title=REGION_NAME,
                slug=HOME_SLUG,
                hero_title="Ondernemers helpen ondernemers",
                hero_intro=(
                    "Een kritische blik op je bedrijf, expertise op financiën, marketing en "
                    "personeel, en vooral: contact met ondernemers die hetzelfde meemaken. "
                    "Voor ondernemers in de regio Utrecht."
                ),
                search_description=(
                    "Het Ondernemersloket Regio Utrecht brengt ondernemers met elkaar in "
                    "contact: in communities, bijeenkomsten en intervisiegroepen."
                ),
            )
        )
        _publish(home)
        ctx.count("pagina's")

    hostname = ctx.options["hostname"]
    port = ctx.options["port"]
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=REGION_NAME,
        )
    else:
        wanted = {"hostname": hostname, "port": port, "root_page_id": home.pk}
        if not site.site_name:
            wanted["site_name"] = REGION_NAME
        changed = {k: v for k, v in wanted.items() if getattr(site, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(site, key, value)
            site.save()

    # Wagtail's "Welcome to your new Wagtail site!" page, now that no site is rooted there.
    welcome = Page.objects.filter(
        depth=2, content_type__app_label="wagtailcore", content_type__model="page"
    )
    for page in welcome.exclude(pk=home.pk):
        if not Site.objects.filter(root_page=page).exists():
            page.delete()

    ctx.site = site
    ctx.home = home
    ctx.note(f"Site: {site.root_url}/ ({REGION_NAME})")


# ---------------------------------------------------------------------------------------------
# Step: contact details, social links and footer


def seed_settings(ctx):
    settings = SiteSettings.for_site(ctx.site)
    defaults = {
        "organisation_name": REGION_NAME,
        "contact_email": "utrecht@ondernemersloket.nl",
        "phone": "030 - 200 45 60",
        "address": "Stationsplein 12\n3511 ED Utrecht",
        "opening_hours": (
            "Maandag tot en met vrijdag van 9.00 tot 17.00 uur.\nOp afspraak ook 's avonds."
        ),
        "linkedin_url": "https://www.linkedin.com/company/ondernemersloket-regio-utrecht",
        "instagram_url": "https://www.instagram.com/ondernemersloketutrecht",
        "youtube_url": "https://www.youtube.com/@ondernemersloketutrecht",
        "footer_text": (
            "Het Ondernemersloket brengt ondernemers met elkaar in contact. "
            "Onafhankelijk, persoonlijk en zonder verkooppraatje."
        ),
    }
    # Fill only what is still empty, so an editor's changes survive a second run.
    changed = [
        name
        for name, value in defaults.items()
        if not getattr(settings, name)
        or (name == "organisation_name" and settings.organisation_name == "Ondernemersloket")
    ]
    for name in changed:
        setattr(settings, name, defaults[name])
    if changed or settings.pk is None:
        settings.save()


# ---------------------------------------------------------------------------------------------
# Step: the theme index and the standard pages


def _child(parent, model, slug, build):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=build())
        _publish(page)
        return page, True
    return page, False


def _over_ons():
    return StandardPage(
        title="Over het Ondernemersloket",
        slug="over-ons",
        show_in_menus=True,
        intro=(
            "Ondernemen doe je zelf, maar niet alleen. Het Ondernemersloket is de plek waar "
            "ondernemers uit de regio Utrecht elkaar vinden en verder helpen."
        ),
        search_description="Wie we zijn en wat het Ondernemersloket voor jou als ondernemer doet.",
        body=[
            _text(
                "<h2>Wat we doen</h2>"
                + _p(
                    "We richten ons op het midden- en kleinbedrijf, vooral op bedrijven met 5 tot "
                    "50 medewerkers. Maar iedereen die onderneemt is welkom: van zzp'er tot "
                    "familiebedrijf in de derde generatie."
                )
                + _ul(
                    "<b>Een kritische blik.</b> We kijken met je mee naar je bedrijf en stellen "
                    "de vragen die in de waan van de dag blijven liggen.",
                    "<b>Expertise.</b> Onze adviseurs weten veel van financiën, marketing en "
                    "personeelszaken, en weten wie je verder kan helpen.",
                    "<b>Contact met andere ondernemers.</b> Ondernemers leren het meest van "
                    "elkaar. We brengen je in contact met ondernemers in dezelfde branche of "
                    "dezelfde situatie.",
                )
            ),
            _quote(
                "Ik dacht dat ik de enige was die worstelde met het vinden van personeel. "
                "Na één bijeenkomst had ik drie ideeën en twee nieuwe contacten.",
                "Marieke Jansen",
                "eigenaar van een installatiebedrijf met 18 medewerkers in Nieuwegein",
            ),
            _text(
                "<h2>Onafhankelijk</h2>"
                + _p(
                    "Het Ondernemersloket verkoopt niets. We worden gesteund door gemeenten en "
                    "ondernemersverenigingen in de regio. Jij houdt altijd zelf het stuur: "
                    "we doen niets in jouw naam zonder dat je daar zelf voor kiest."
                )
            ),
        ],
    )


def _zo_werkt_het():
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
            _text(
                "<h2>1. Maak een account</h2>"
                + _p(
                    "Aanmelden is gratis. Vertel kort wie je bent, in welke branche je werkt en "
                    "hoe groot je bedrijf is. Jij bepaalt wat andere ondernemers van je zien."
                )
                + "<h2>2. Kies waar je mee bezig bent</h2>"
                + _p(
                    "Financiën, personeel, digitalisering of juist een bedrijfsovername: kies de "
                    "thema's die nu spelen. Zo vinden we ondernemers en bijeenkomsten die bij je "
                    "passen."
                )
                + "<h2>3. Ontmoet andere ondernemers</h2>"
                + _p(
                    "Doe mee aan een community, kom naar een thematische bijeenkomst of sluit "
                    "aan bij een vaste intervisiegroep van vijf tot acht ondernemers. Jullie "
                    "bepalen samen de agenda."
                )
            ),
            _quote(
                "In onze intervisiegroep bespreken we elke maand een echte casus. Dat is "
                "confronterend, maar het levert meer op dan welk adviesrapport ook.",
                "Ahmed El Amrani",
                "directeur van een transportbedrijf met 32 medewerkers in Houten",
            ),
            _text(
                "<h2>Deel je ervaring, tip een ander</h2>"
                + _p(
                    "Heb je iets gehad aan een gesprek of bijeenkomst? Deel je ervaring, zodat "
                    "andere ondernemers er ook iets aan hebben. En ken je iemand die hier ook "
                    "baat bij heeft? Met <i>Tip een ander</i> nodig je hem of haar met één klik "
                    "uit. Daarmee verdien je credits voor een gratis seminar of een gesprek met "
                    "een bekende ondernemer."
                )
            ),
        ],
    )


def _privacy():
    return StandardPage(
        title="Privacyverklaring",
        slug="privacyverklaring",
        show_in_menus=False,
        intro=(
            "We gaan zorgvuldig om met je gegevens. Hier lees je welke gegevens we bewaren "
            "en waarom."
        ),
        search_description="Hoe het Ondernemersloket omgaat met je persoonsgegevens (AVG).",
        body=[
            _text(
                "<h2>Welke gegevens we bewaren</h2>"
                + _p(
                    "Als je een account maakt, bewaren we je naam, e-mailadres en de gegevens "
                    "die je zelf in je profiel invult, zoals je bedrijfsnaam, branche en regio. "
                    "We gebruiken die alleen om je in contact te brengen met andere ondernemers "
                    "en je te informeren over bijeenkomsten die bij je passen."
                )
                + "<h2>Wat je zelf bepaalt</h2>"
                + _ul(
                    "Welke profielgegevens andere leden zien.",
                    "Of en hoe vaak je e-mail van ons krijgt; afmelden kan met één klik.",
                    "Of je ervaring met naam wordt gepubliceerd. Dat doen we alleen met je "
                    "uitdrukkelijke toestemming.",
                )
                + "<h2>Inzien en verwijderen</h2>"
                + _p(
                    "Je kunt op elk moment al je gegevens downloaden en je account verwijderen "
                    "via <i>Mijn account</i>. We verwijderen dan je persoonsgegevens. Heb je "
                    "een vraag over privacy? Mail ons op privacy@ondernemersloket.nl."
                )
                + "<h2>Cookies</h2>"
                + _p(
                    "We zetten alleen onze eigen cookies. De sessiecookie (sessionid) houdt bij "
                    "dat je bent ingelogd, en als je via een campagne, nieuwsbrief of tiplink "
                    "binnenkomt, van welke campagne je kwam: ook bezoekers zonder account krijgen "
                    "hem dan. Hij verloopt na twee weken. Kom je via een tiplink, dan onthoudt "
                    "loket_tip 90 dagen wie je tipte."
                )
                + "<h2>Iemand getipt?</h2>"
                + _p(
                    "Als je een andere ondernemer tipt, sturen we die persoon één uitnodiging "
                    "met een afmeldlink. We bewaren het adres niet langer dan nodig."
                )
            ),
        ],
    )


def _contact():
    return StandardPage(
        title="Contact",
        slug="contact",
        show_in_menus=True,
        intro=(
            "Een vraag, een idee voor een bijeenkomst of gewoon even sparren? "
            "We horen graag van je."
        ),
        search_description="Bel, mail of kom langs bij het Ondernemersloket Regio Utrecht.",
        body=[
            _text(
                "<h2>Bel of mail ons</h2>"
                + _p(
                    "Je bereikt ons op werkdagen van 9.00 tot 17.00 uur op 030 - 200 45 60 of "
                    "via utrecht@ondernemersloket.nl. We reageren binnen één werkdag."
                )
                + "<h2>Kom langs</h2>"
                + _p(
                    "Ons kantoor zit aan het Stationsplein 12 in Utrecht, op vijf minuten lopen "
                    "van Utrecht Centraal. Maak even een afspraak, dan zetten we de koffie klaar."
                )
            ),
        ],
    )


def seed_pages(ctx):
    home = ctx.home
    theme_index, created = _child(
        home,
        ThemeIndexPage,
        "themas",
        lambda: ThemeIndexPage(
            title="Thema's",
            slug="themas",
            show_in_menus=True,
            intro=(
                "Waar loop jij tegenaan? Kies een thema en ontdek wat andere ondernemers al "
                "hebben uitgezocht."
            ),
            search_description="De thema's waarover ondernemers elkaar ontmoeten en helpen.",
        ),
    )
    ctx.count("pagina's", created)
    pages = {}
    for slug, build in [
        ("over-ons", _over_ons),
        ("zo-werkt-het", _zo_werkt_het),
        ("contact", _contact),
        ("privacyverklaring", _privacy),
    ]:
        pages[slug], created = _child(home, StandardPage, slug, build)
        ctx.count("pagina's", created)

    # The home page's button, body and featured pages point at pages made above: fill them once.
    if not home.hero_button_page_id and not home.body:
        home.hero_button_label = "Zo werkt het"
        home.hero_button_page = pages["zo-werkt-het"]
        home.body = [
            _quote(
                "Als ondernemer sta je er vaak alleen voor. Hier vond ik mensen die precies "
                "begrijpen waar ik mee zit, omdat ze het zelf hebben meegemaakt.",
                "Sanne de Vries",
                "eigenaar van een bakkerij met 14 medewerkers in Amersfoort",
            ),
        ]
        featured = [
            ("zo-werkt-het", "Van een vraag naar een gesprek met een ondernemer die het kent."),
            ("over-ons", "Een kritische blik, expertise en contact met andere ondernemers."),
            ("contact", "Bel, mail of kom langs op het Stationsplein in Utrecht."),
        ]
        for order, (slug, text) in enumerate(featured):
            home.featured_items.add(
                HomePageFeaturedItem(linked_page=pages[slug], text=text, sort_order=order)
            )
        _publish(home)

    settings = SiteSettings.for_site(ctx.site)
    if settings.privacy_page_id is None:
        settings.privacy_page = pages["privacyverklaring"]
        settings.save(update_fields=["privacy_page"])


# ---------------------------------------------------------------------------------------------
# Step: the admin user


def seed_admin(ctx):
    User = get_user_model()
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    if admin is None:
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            ADMIN_EMAIL, password, first_name="Beheerder", last_name="Ondernemersloket"
        )
        ctx.count("gebruikers")
        ctx.note(f"Beheerder aangemaakt: {ADMIN_EMAIL} / wachtwoord: {password}")
        ctx.note("Log in op /admin/ en bewaar het wachtwoord: het wordt niet opnieuw getoond.")
    elif ctx.options["reset_admin_password"]:
        password = secrets.token_urlsafe(12)
        admin.set_password(password)
        admin.save(update_fields=["password"])
        ctx.note(f"Beheerder: {ADMIN_EMAIL} / nieuw wachtwoord: {password}")
    else:
        ctx.note(
            f"Beheerder {ADMIN_EMAIL} bestaat al; het wachtwoord blijft zoals het was "
            "(--reset-admin-password geeft een nieuw)."
        )


# ---------------------------------------------------------------------------------------------
# Step: sample members

MEMBERS = [
    {
        "email": "sanne.devries@example.com",
        "first_name": "Sanne",
        "last_name": "de Vries",
        "company_name": "Bakkerij De Vries",
        "sector": "C",
        "company_size": "10-49",
        "municipality": "Amersfoort",
        "bio": (
            "Derde generatie bakker. Zoekt ondernemers die ook met personeel en "
            "energiekosten puzzelen."
        ),
        "themes": ["personeelszaken", "duurzaamheid"],
    },
    {
        "email": "ahmed.elamrani@example.com",
        "first_name": "Ahmed",
        "last_name": "El Amrani",
        "company_name": "El Amrani Transport",
        "sector": "H",
        "company_size": "10-49",
        "municipality": "Houten",
        "bio": "Vervoer met 32 chauffeurs. Werkt aan elektrisch rijden en opvolging.",
        "themes": ["duurzaamheid", "bedrijfsovername-en-stoppen"],
    },
    {
        "email": "marieke.jansen@example.com",
        "first_name": "Marieke",
        "last_name": "Jansen",
        "company_name": "Jansen Installatietechniek",
        "sector": "F",
        "company_size": "10-49",
        "municipality": "Nieuwegein",
        "bio": "Installatiebedrijf met 18 vakmensen. Groeit hard en zoekt grip op de cijfers.",
        "themes": ["financien", "personeelszaken"],
    },
    {
        "email": "joost.bakker@example.com",
        "first_name": "Joost",
        "last_name": "Bakker",
        "company_name": "Bakker Digitaal",
        "sector": "J",
        "company_size": "5-9",
        "municipality": "Utrecht",
        "bio": "Webbureau voor het mkb. Denkt graag mee over digitalisering en marketing.",
        "themes": ["digitalisering", "marketing"],
    },
    {
        "email": "fatma.yilmaz@example.com",
        "first_name": "Fatma",
        "last_name": "Yilmaz",
        "company_name": "Yilmaz Groothandel",
        "sector": "G",
        "company_size": "5-9",
        "municipality": "Zeist",
        "bio": "Groothandel in levensmiddelen met klanten in Duitsland en België.",
        "themes": ["internationaal-ondernemen", "financiering"],
    },
    {
        "email": "pieter.vandam@example.com",
        "first_name": "Pieter",
        "last_name": "van Dam",
        "company_name": "Van Dam Hoveniers",
        "sector": "N",
        "company_size": "2-4",
        "municipality": "Veenendaal",
        "bio": "Hoveniersbedrijf. Kwam door een lastig jaar heen dankzij andere ondernemers.",
        "themes": ["ondernemen-in-zwaar-weer", "wet-en-regelgeving"],
    },
]


def seed_members(ctx):
    User = get_user_model()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    existing = {email.lower() for email in User.objects.values_list("email", flat=True)}
    missing = [m for m in MEMBERS if m["email"] not in existing]
    if not missing:
        ctx.note(f"Voorbeeldleden ({len(MEMBERS)}) bestaan al.")
        return
    password = secrets.token_urlsafe(10)
    for member in missing:
        fields = dict(member)
        fields["themes"] = [themes[slug] for slug in fields.pop("themes") if slug in themes]
        with transaction.atomic():
            create_member(password=password, verified=True, province="utrecht", **fields)
        ctx.count("gebruikers")
    ctx.note(
        f"{len(missing)} voorbeeldleden aangemaakt (bijvoorbeeld {missing[0]['email']}), "
        f"wachtwoord: {password}"
    )


# ---------------------------------------------------------------------------------------------
# Step (after every app's pages): the region's staff groups, demo log-ins and a second region

STAFF_DOMAIN = "demo.ondernemersloket.nl"
STAFF = [
    (ROLE_COMMUNITYMANAGER, "cm.utrecht", "Mira", "de Boer"),
    (ROLE_COMMUNICATIE, "communicatie.utrecht", "Rob", "Verhoef"),
    (ROLE_REGIOBEHEER, "regiobeheer.utrecht", "Ilse", "Mulder"),
]
SECOND_REGION = "Regio Gelderland"
SECOND_REGION_STAFF = [(ROLE_COMMUNITYMANAGER, "cm.gelderland", "Daan", "Hendriks")]


def staff_email(local_part):
    return f"{local_part}@{STAFF_DOMAIN}"


def second_region_hostname(hostname):
    return f"gelderland.{hostname}"


def _staff_accounts(ctx, site, staff, password):
    """Make the demo staff of ``site``'s groups; returns (role, e-mail, new?) per account."""
    User = get_user_model()
    groups = region_groups(site)
    made = []
    for role, local_part, first_name, last_name in staff:
        email = staff_email(local_part)
        user = User.objects.filter(email__iexact=email).first()
        new = user is None
        if new:
            user = create_member(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                verified=True,
                company_name=site.site_name,
            )
            ctx.count("gebruikers")
        elif ctx.options["reset_admin_password"]:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(groups[role])
        made.append((role, email, new))
    return made


def seed_staff(ctx):
    """The demo region's groups with a log-in per role, and a second region with its own
    community manager. The final block of ``seed_demo`` lists them (``ctx.logins``)."""
    from loket.core.regions import build_region

    password = secrets.token_urlsafe(10)
    sync_region_roles(ctx.site)
    logins = [(ctx.site, *row) for row in _staff_accounts(ctx, ctx.site, STAFF, password)]
    hostname = second_region_hostname(ctx.options["hostname"])
    second = build_region(SECOND_REGION, hostname, port=ctx.options["port"])
    ctx.count("pagina's", second.new_pages)
    logins += [
        (second.site, *row)
        for row in _staff_accounts(ctx, second.site, SECOND_REGION_STAFF, password)
    ]
    # Every demo account belongs to a region: the staff to their own, everyone else to the demo's.
    for site, _role, email, _new in logins:
        Profile.objects.filter(user__email__iexact=email).update(home_site=site)
    Profile.objects.filter(home_site__isnull=True).update(home_site=ctx.site)
    reset = ctx.options["reset_admin_password"]
    for site, role, email, new in logins:
        ctx.logins.append((site, role, email, password if new or reset else None))
