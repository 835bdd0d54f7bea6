"""The ``seed_demo`` step of the questions radar: questions spread over ten weeks, "ik ook" marks,
an answer from the desk and the region's "veelgestelde vragen" page.

Runs after the communities step. Idempotent: the questions are added only while none of their
titles exists, the FAQ page is found by its slug.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import CommunityPage, FaqPage, Membership, QuestionMark, Reply, Thread
from .models.discussions import ThreadKind
from .services import discussions

FAQ_SLUG = "veelgestelde-vragen"

FAQ_QUESTIONS = [
    (
        "Wanneer moet ik een medewerker een vast contract aanbieden?",
        "<p>Na drie tijdelijke contracten, of na drie jaar, heeft je medewerker recht op een vast "
        "contract. Tussenpozen van zes maanden of korter tellen mee.</p>",
    ),
    (
        "Kan ik uitstel van betaling krijgen bij de Belastingdienst?",
        "<p>Ja, je vraagt het aan met een onderbouwing van je liquiditeit. Bel ons gerust: we "
        "kijken mee naar je aanvraag.</p>",
    ),
]

# (community slug, author e-mail, weeks ago, title, body, "ik ook" by, answered)
QUESTIONS = [
    (
        "groeien-met-personeel",
        "nadia.bouzid@example.com",
        0,
        "Hoe vind ik een monteur nu de loonkosten zo stijgen?",
        "We zoeken al maanden een monteur. De loonkosten stijgen en kandidaten vragen meer dan we "
        "kunnen bieden. Wie heeft dit opgelost?",
        [
            "ahmed.elamrani@example.com",
            "fatma.yilmaz@example.com",
            "rob.timmer@example.com",
            "joost.bakker@example.com",
        ],
        False,
    ),
    (
        "groeien-met-personeel",
        "ahmed.elamrani@example.com",
        1,
        "Loonkosten doorberekenen aan klanten: hoe pakken jullie dat aan?",
        "Met de cao-verhoging stijgen mijn loonkosten met zes procent. Verhogen jullie je "
        "uurtarief in één keer of in stappen?",
        ["nadia.bouzid@example.com", "joost.bakker@example.com"],
        False,
    ),
    (
        "groeien-met-personeel",
        "fatma.yilmaz@example.com",
        1,
        "Werkt een referral-bonus bij het werven van personeel?",
        "Ik overweeg medewerkers een bonus te geven als ze iemand aandragen. Ervaringen?",
        ["nadia.bouzid@example.com"],
        True,
    ),
    (
        "groeien-met-personeel",
        "joost.bakker@example.com",
        2,
        "Loonkosten en verzuim: wat kost een zieke medewerker echt?",
        "Een medewerker is al twee maanden ziek. Ik wil weten wat loonkosten en vervanging samen "
        "kosten en of een verzuimverzekering loont.",
        ["ahmed.elamrani@example.com", "rob.timmer@example.com"],
        False,
    ),
    (
        "groeien-met-personeel",
        "rob.timmer@example.com",
        3,
        "Eerste medewerker aannemen: waar moet ik aan denken?",
        "Na vijf jaar alleen wil ik iemand aannemen. Loonadministratie, verzekering, "
        "arbodienst: waar begin ik?",
        ["fatma.yilmaz@example.com"],
        True,
    ),
    (
        "groeien-met-personeel",
        "nadia.bouzid@example.com",
        6,
        "Inwerken van nieuwe collega's in een klein team",
        "Hoe zorgen jullie dat nieuwe mensen snel meedraaien zonder dat de rest stilvalt?",
        [],
        True,
    ),
    (
        "bouwondernemers-amersfoort",
        "rob.timmer@example.com",
        0,
        "Energieprijzen in offertes: vaste prijs of nacalculatie?",
        "De energieprijzen maken mijn offertes onzeker. Werken jullie nog met vaste prijzen?",
        ["esther.kok@example.com", "dennis.vermeulen@example.com", "pieter.vandam@example.com"],
        False,
    ),
    (
        "bouwondernemers-amersfoort",
        "esther.kok@example.com",
        1,
        "Hoe houden jullie de loonkosten van zzp'ers en vaste krachten in balans?",
        "Met de nieuwe regels rond schijnzelfstandigheid twijfel ik of ik zzp'ers kan blijven "
        "inhuren.",
        ["rob.timmer@example.com", "dennis.vermeulen@example.com"],
        False,
    ),
    (
        "bouwondernemers-amersfoort",
        "dennis.vermeulen@example.com",
        2,
        "Energieprijzen en materiaalkosten: wie koopt gezamenlijk in?",
        "Zouden we als bouwondernemers samen materiaal en energie kunnen inkopen?",
        ["rob.timmer@example.com"],
        False,
    ),
    (
        "bouwondernemers-amersfoort",
        "pieter.vandam@example.com",
        5,
        "Betalingstermijnen van opdrachtgevers worden langer",
        "Grote opdrachtgevers betalen pas na zestig dagen. Hoe financieren jullie dat gat?",
        ["esther.kok@example.com"],
        True,
    ),
    (
        "ondernemen-in-zwaar-weer",
        "esther.kok@example.com",
        0,
        "Energieprijzen drukken mijn marge: wanneer trek ik aan de bel?",
        "Mijn vaste lasten stijgen door de energieprijzen en ik teer in op mijn buffer. Wanneer "
        "is het verstandig hulp te zoeken?",
        ["fatma.yilmaz@example.com"],
        False,
    ),
    (
        "ondernemen-in-zwaar-weer",
        "fatma.yilmaz@example.com",
        7,
        "Betalingsregeling met de Belastingdienst",
        "Heeft iemand ervaring met een betalingsregeling voor de btw?",
        ["esther.kok@example.com"],
        True,
    ),
]


def faq_page(ctx):
    """The region's "veelgestelde vragen" page under its home, made (and published) when missing."""
    page = FaqPage.objects.child_of(ctx.home).first()
    if page is not None:
        return page
    page = FaqPage(
        title="Veelgestelde vragen",
        slug=FAQ_SLUG,
        show_in_menus=False,
        intro="Wat ondernemers in onze communities het vaakst vragen, met het antwoord van het "
        "loket. Staat jouw vraag er niet bij? Stel hem in een community of bel ons.",
        questions=[("faq", {"question": q, "answer": a}) for q, a in FAQ_QUESTIONS],
    )
    ctx.home.add_child(instance=page)
    page.save_revision().publish()
    ctx.count("pagina's")
    return page


def seed_radar(ctx):
    # The demo region is built step by step (other regions by ``build_region``): its FAQ page
    # is made here, before the staff step gives the region's managers their sections.
    faq_page(ctx)
    if Thread.objects.filter(title=QUESTIONS[0][3]).exists():
        return
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@example.com")}
    slugs = {q[0] for q in QUESTIONS}
    communities = {c.slug: c for c in CommunityPage.objects.filter(slug__in=slugs)}
    managers = {
        m.community_id: m.member
        for m in Membership.objects.filter(
            community__in=communities.values(), role=Membership.Role.MANAGER
        ).select_related("member")
    }
    now = timezone.now()
    for n, (slug, author, weeks_ago, title, body, marks, answered) in enumerate(QUESTIONS):
        community = communities.get(slug)
        if community is None or author not in users:
            continue
        asked = now - timedelta(weeks=weeks_ago, hours=3 + n)
        thread = Thread.objects.create(
            community=community,
            author=users[author],
            kind=ThreadKind.QUESTION,
            title=title,
            body=discussions.clean_body(body),
            created_at=asked,
            last_activity_at=asked,
        )
        QuestionMark.objects.bulk_create(
            [QuestionMark(member=users[e], thread=thread) for e in marks if e in users],
            ignore_conflicts=True,
        )
        if answered and community.pk in managers:
            Reply.objects.create(
                thread=thread,
                author=managers[community.pk],
                body=discussions.clean_body(
                    "Goede vraag! Het loket heeft hier een adviseur voor: plan gerust een "
                    "gesprek, dan kijken we samen naar jouw situatie."
                ),
                created_at=asked + timedelta(days=1),
                from_desk=True,
            )
        ctx.count("discussies")
    ctx.note("Vragenradar: in de admin onder ‘Vragen uit de communities’.")
