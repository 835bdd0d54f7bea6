"""The ``seed_demo`` step of the community app: three believable Dutch communities.

"Bouwondernemers Amersfoort" (open, members-only talk), "Groeien met personeel" (open, public
discussions) and "Ondernemen in zwaar weer" (on approval, members-only), with members, managers,
threads, replies, a helpful answer, a flag, a pending request and proposals with votes, one of
which became a published event. Idempotent: pages are found by slug, members by e-mail address,
and a community's content is only added while it has no threads.
"""

import secrets
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from loket.accounts.services import create_member
from loket.notifications.services import Kind, notify
from loket.themes.models import Theme

from .models import (
    CommunityIndexPage,
    CommunityPage,
    Flag,
    Membership,
    Reply,
    Thread,
    ThreadFollow,
    TopicProposal,
)
from .services import discussions, proposals

INDEX_SLUG = "communities"

EXTRA_MEMBERS = [
    {
        "email": "rob.timmer@example.com",
        "first_name": "Rob",
        "last_name": "Timmer",
        "company_name": "Timmer Installatietechniek",
        "sector": "F",
        "company_size": "10-49",
        "municipality": "Amersfoort",
        "themes": ["personeelszaken", "financiering"],
    },
    {
        "email": "esther.kok@example.com",
        "first_name": "Esther",
        "last_name": "Kok",
        "company_name": "Kok Schilderwerken",
        "sector": "F",
        "company_size": "5-9",
        "municipality": "Leusden",
        "themes": ["personeelszaken", "ondernemen-in-zwaar-weer"],
    },
    {
        "email": "dennis.vermeulen@example.com",
        "first_name": "Dennis",
        "last_name": "Vermeulen",
        "company_name": "Vermeulen Dakwerken",
        "sector": "F",
        "company_size": "2-4",
        "municipality": "Amersfoort",
        "themes": ["financien", "bedrijfsovername-en-stoppen"],
    },
    {
        "email": "nadia.bouzid@example.com",
        "first_name": "Nadia",
        "last_name": "Bouzid",
        "company_name": "Lunchroom De Hoek",
        "sector": "I",
        "company_size": "10-49",
        "municipality": "Utrecht",
        "themes": ["personeelszaken", "marketing"],
    },
]

COMMUNITIES = [
    {
        "slug": "bouwondernemers-amersfoort",
        "title": "Bouwondernemers Amersfoort",
        "intro": "Aannemers, installateurs en vaklieden uit de regio Amersfoort die elkaar helpen "
        "met personeel, prijzen en projecten.",
        "region": "utrecht",
        "municipality": "Amersfoort",
        "sector": "F",
        "membership_policy": "open",
        "is_public": False,
        "themes": ["personeelszaken", "financien"],
        "manager": "marieke.jansen@example.com",
        "members": [
            "rob.timmer@example.com",
            "esther.kok@example.com",
            "dennis.vermeulen@example.com",
            "pieter.vandam@example.com",
        ],
    },
    {
        "slug": "groeien-met-personeel",
        "title": "Groeien met personeel",
        "intro": "Van je eerste medewerker tot een team van vijftig: ondernemers delen hoe ze "
        "werven, inwerken en mensen houden.",
        "region": "",
        "municipality": "",
        "sector": "",
        "membership_policy": "open",
        "is_public": True,
        "themes": ["personeelszaken"],
        "manager": "sanne.devries@example.com",
        "members": [
            "nadia.bouzid@example.com",
            "ahmed.elamrani@example.com",
            "fatma.yilmaz@example.com",
            "rob.timmer@example.com",
            "joost.bakker@example.com",
        ],
    },
    {
        "slug": "ondernemen-in-zwaar-weer",
        "title": "Ondernemen in zwaar weer",
        "intro": "Een veilige plek voor ondernemers die het zwaar hebben. Wat hier gedeeld wordt, "
        "blijft hier; je hoort hoe anderen de weg terug vonden.",
        "region": "utrecht",
        "municipality": "",
        "sector": "",
        "membership_policy": "goedkeuring",
        "is_public": False,
        "themes": ["ondernemen-in-zwaar-weer", "financien"],
        "manager": "pieter.vandam@example.com",
        "members": ["esther.kok@example.com", "fatma.yilmaz@example.com"],
        "request": (
            "dennis.vermeulen@example.com",
            "Mijn grootste klant ging failliet en ik "
            "wil horen hoe anderen zo'n klap hebben opgevangen.",
        ),
    },
]

# Per community: (kind, author, title, body, [(author, reply)], index of the helpful reply)
THREADS = {
    "bouwondernemers-amersfoort": [
        (
            "vraag",
            "rob.timmer@example.com",
            "Hoe vinden jullie nog goede monteurs?",
            "Ik heb al vier maanden twee vacatures open. Via de gewone sites komt er niets "
            "binnen. Wat werkt bij jullie?",
            [
                (
                    "esther.kok@example.com",
                    "Wij nemen elk jaar twee leerlingen aan via het mbo. "
                    "Kost begeleiding, maar na twee jaar heb je vakmensen die je bedrijf kennen.",
                ),
                (
                    "marieke.jansen@example.com",
                    "Een <strong>aanbrengpremie</strong> voor je "
                    "eigen mensen: € 500 als iemand die zij aandragen de proeftijd haalt. Onze "
                    "laatste drie monteurs kwamen zo binnen.",
                ),
                (
                    "dennis.vermeulen@example.com",
                    "Eens met Marieke. En wees zichtbaar bij de "
                    "open dagen van de vakschool in Amersfoort.",
                ),
            ],
            1,
        ),
        (
            "tip",
            "dennis.vermeulen@example.com",
            "Prijsindexatie in je offertes opnemen",
            "Sinds de materiaalprijzen zo schommelen zet ik een indexatieclausule in elke "
            "offerte die langer dan drie maanden loopt. Klanten vinden het redelijk als je het "
            "vooraf uitlegt.",
            [
                ("rob.timmer@example.com", "Goede tip. Gebruik je daar een vaste index voor?"),
                ("dennis.vermeulen@example.com", "De CBS-index voor bouwkosten; die is openbaar."),
            ],
            None,
        ),
    ],
    "groeien-met-personeel": [
        (
            "ervaring",
            "nadia.bouzid@example.com",
            "Onze eerste vaste kracht: wat ik anders zou doen",
            "Vorig jaar nam ik mijn eerste vaste medewerker aan. Achteraf had ik eerder een "
            "inwerkplan moeten maken: <ul><li>wie is aanspreekpunt</li><li>wat moet na een "
            "maand lukken</li><li>wanneer bespreken we hoe het gaat</li></ul>",
            [
                (
                    "sanne.devries@example.com",
                    "Herkenbaar! Wij plannen nu na 2, 6 en 12 weken een "
                    "kort gesprek. Scheelt veel misverstanden.",
                )
            ],
            None,
        ),
        (
            "vraag",
            "ahmed.elamrani@example.com",
            "Loondoorbetaling bij ziekte: verzekeren of zelf dragen?",
            "Met twaalf chauffeurs twijfel ik over een verzuimverzekering. Hoe pakken jullie "
            "dat aan?",
            [
                (
                    "fatma.yilmaz@example.com",
                    "Wij hebben een verzuimverzekering met een eigen "
                    "risico van vier weken. Eén langdurig zieke medewerker zonder verzekering had "
                    "ons het jaar gekost.",
                ),
                (
                    "joost.bakker@example.com",
                    "Laat je adviseur meerdere offertes naast elkaar "
                    "zetten; de verschillen in eigen risico zijn groot.",
                ),
            ],
            0,
        ),
    ],
    "ondernemen-in-zwaar-weer": [
        (
            "vraag",
            "esther.kok@example.com",
            "Met wie bespreek je het als het echt niet goed gaat?",
            "Mijn boekhouder zegt dat ik moet ingrijpen, maar thuis wil ik niemand ongerust "
            "maken. Bij wie konden jullie terecht?",
            [
                (
                    "pieter.vandam@example.com",
                    "Bij het Ondernemersklankbord en bij deze groep. "
                    "Praten met iemand die het zelf meemaakte, hielp mij het meest.",
                )
            ],
            0,
        ),
    ],
}

PROPOSALS = {
    "bouwondernemers-amersfoort": [
        (
            "Hoe financier ik een overname?",
            "financiering",
            "rob.timmer@example.com",
            [
                "esther.kok@example.com",
                "dennis.vermeulen@example.com",
                "marieke.jansen@example.com",
            ],
        ),
        (
            "Samen inkopen: werkt dat?",
            "financien",
            "esther.kok@example.com",
            ["rob.timmer@example.com"],
        ),
    ],
    "groeien-met-personeel": [
        (
            "Een goed functioneringsgesprek voeren",
            "personeelszaken",
            "nadia.bouzid@example.com",
            [
                "ahmed.elamrani@example.com",
                "fatma.yilmaz@example.com",
                "joost.bakker@example.com",
                "rob.timmer@example.com",
            ],
        ),
        (
            "Thuiswerken in een klein team",
            "personeelszaken",
            "joost.bakker@example.com",
            ["nadia.bouzid@example.com"],
        ),
    ],
    "ondernemen-in-zwaar-weer": [
        (
            "Wat doe je als je grootste klant wegvalt?",
            "ondernemen-in-zwaar-weer",
            "fatma.yilmaz@example.com",
            ["esther.kok@example.com"],
        ),
    ],
}
PLANNED = ("bouwondernemers-amersfoort", "Hoe financier ik een overname?")


def index_page(ctx):
    """The index page under the region's home (``ctx.home``), made when missing."""
    index = CommunityIndexPage.objects.child_of(ctx.home).first()
    if index is not None:
        return index
    index = CommunityIndexPage(
        title="Communities",
        slug=INDEX_SLUG,
        show_in_menus=True,
        intro="Ondernemers leren het meest van elkaar. Zoek ondernemers in jouw sector, regio of "
        "situatie, stel je vraag en bepaal samen waar de volgende bijeenkomst over gaat.",
    )
    ctx.home.add_child(instance=index)
    index.save_revision().publish()
    ctx.count("pagina's")
    return index


def _members(ctx):
    User = get_user_model()
    themes = {t.slug: t for t in Theme.objects.all()}
    password = None
    for data in EXTRA_MEMBERS:
        if User.objects.filter(email__iexact=data["email"]).exists():
            continue
        password = password or secrets.token_urlsafe(10)
        fields = dict(data)
        fields["themes"] = [themes[s] for s in fields.pop("themes") if s in themes]
        with transaction.atomic():
            create_member(password=password, verified=True, province="utrecht", **fields)
        ctx.count("gebruikers")
    if password:
        ctx.note(
            "Communityleden aangemaakt (bijvoorbeeld rob.timmer@example.com), "
            f"wachtwoord: {password}"
        )
    return {u.email: u for u in User.objects.filter(email__endswith="@example.com")}


def _join(community, user, role=Membership.Role.MEMBER):
    Membership.objects.update_or_create(
        member=user,
        community=community,
        defaults={"status": Membership.Status.MEMBER, "role": role, "joined_at": timezone.now()},
    )


def _community(ctx, index, data, users):
    community = CommunityPage.objects.filter(slug=data["slug"]).first()
    if community is None:
        fields = {
            k: v for k, v in data.items() if k not in ("themes", "manager", "members", "request")
        }
        community = CommunityPage(**fields)
        index.add_child(instance=community)
        community.themes.set(Theme.objects.filter(slug__in=data["themes"]))
        community.save_revision().publish()
        ctx.count("communities")
    manager = users.get(data["manager"])
    if manager:
        _join(community, manager, Membership.Role.MANAGER)
    for email in data["members"]:
        if email in users:
            _join(community, users[email])
    if "request" in data and data["request"][0] in users:
        Membership.objects.get_or_create(
            member=users[data["request"][0]],
            community=community,
            defaults={"status": Membership.Status.REQUESTED, "motivation": data["request"][1]},
        )
    return community, manager


def _content(ctx, community, manager, users):
    if Thread.objects.filter(community=community).exists():
        return
    now = timezone.now()
    for age, (kind, author, title, body, replies, helpful) in enumerate(
        THREADS.get(community.slug, [])
    ):
        thread = Thread.objects.create(
            community=community,
            author=users[author],
            kind=kind,
            title=title,
            body=discussions.clean_body(body),
            created_at=now - timedelta(days=3 * age + 2),
            last_activity_at=now - timedelta(days=3 * age + 1),
        )
        made = []
        for n, (who, text) in enumerate(replies):
            made.append(
                Reply.objects.create(
                    thread=thread,
                    author=users[who],
                    body=discussions.clean_body(text),
                    created_at=now - timedelta(days=3 * age + 1, hours=-n),
                )
            )
        if helpful is not None:
            thread.helpful_reply = made[helpful]
            thread.save(update_fields=["helpful_reply"])
        ctx.count("discussies")
    # One flag waiting for the manager: a reply someone found too commercial.
    if community.slug == "bouwondernemers-amersfoort":
        flagged = Reply.objects.filter(
            thread__community=community, author=users["dennis.vermeulen@example.com"]
        ).last()
        if flagged is not None:
            Flag.objects.get_or_create(
                reporter=users["esther.kok@example.com"],
                thread=flagged.thread,
                reply=flagged,
                defaults={"reason": "off-topic", "explanation": "Klinkt een beetje als reclame."},
            )
    for title, theme_slug, author, voters in PROPOSALS.get(community.slug, []):
        proposal = TopicProposal.objects.create(
            community=community,
            author=users[author],
            title=title,
            theme=Theme.objects.filter(slug=theme_slug).first(),
        )
        for email in voters:
            proposal.votes.get_or_create(voter=users[email])
        if (community.slug, title) == PLANNED and manager and proposals.agenda_index():
            day = timezone.localdate() + timedelta(weeks=5)
            start = timezone.make_aware(datetime.combine(day, time(19, 0)))
            event = proposals.plan_as_event(proposal, manager, start=start)
            event.venue_name = "Het Ondernemershuis Amersfoort"
            event.venue_address = "Stationsplein 12, 3818 LE"
            event.municipality = "Amersfoort"
            event.save_revision(user=manager).publish()
            ctx.count("bijeenkomsten")


def _notifications(community):
    """What the demo discussions would have told their members: the asker hears of every
    answer, the manager and whoever answered of the answers after theirs, and the helpful
    answer's author that it was chosen. Without mail (nothing happens by mail in the demo).
    Safe twice: the keys."""
    managers = [
        m.member
        for m in Membership.objects.filter(
            community=community, role=Membership.Role.MANAGER, status=Membership.Status.MEMBER
        ).select_related("member")
    ]
    threads = Thread.objects.filter(community=community).select_related("author", "helpful_reply")
    for thread in threads:
        url = thread.get_full_url()
        replies = list(thread.replies.select_related("author").order_by("created_at", "pk"))
        followers = {thread.author_id: thread.author} if thread.author else {}
        # The demo's managers follow every discussion of their community.
        for manager in managers:
            ThreadFollow.objects.get_or_create(user=manager, thread=thread)
            followers.setdefault(manager.pk, manager)
        for reply in replies:
            title = _("%(name)s reageerde op ‘%(title)s’") % {
                "name": reply.author_name,
                "title": thread.title,
            }
            for user in followers.values():
                if user.pk == reply.author_id:
                    continue
                notify(
                    user,
                    Kind.THREAD_REPLY if user.pk == thread.author_id else Kind.FOLLOWED_REPLY,
                    reply,
                    key=str(reply.pk),
                    title=title,
                    text=strip_tags(reply.body)[:300],
                    url=f"{url}#reactie-{reply.pk}",
                    created_at=reply.created_at,
                )
            if reply.author is not None:
                followers.setdefault(reply.author_id, reply.author)
        helpful = thread.helpful_reply
        if helpful is not None and helpful.author_id:
            notify(
                helpful.author,
                Kind.HELPFUL_ANSWER,
                helpful,
                key=str(helpful.pk),
                title=_("Je antwoord op ‘%(title)s’ is gekozen als nuttigste")
                % {"title": thread.title},
                text=_("%(name)s vond jouw antwoord het nuttigst.") % {"name": thread.author_name},
                url=f"{url}#reactie-{helpful.pk}",
                created_at=helpful.created_at + timedelta(hours=3),
            )


def seed_communities(ctx):
    index = index_page(ctx)
    users = _members(ctx)
    for data in COMMUNITIES:
        community, manager = _community(ctx, index, data, users)
        _content(ctx, community, manager, users)
        _notifications(community)
    ctx.note(f"Communities: {CommunityPage.objects.count()} op {index.get_url() or index.url_path}")
