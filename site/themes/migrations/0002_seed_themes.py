"""Seed the ten fixed themes, in the order the desk presents them.

Colours keep white text at WCAG AA contrast (at least 4.5:1). Reversible: the reverse removes
exactly these slugs. Safe to run on a database where a theme already exists: it is left alone.
"""

from django.db import migrations

THEMES = [
    ("Financiën", "financien", "Grip op cijfers, cashflow en marges: weet waar je staat.", "#1d5c63", "euro"),
    ("Marketing", "marketing", "Klanten vinden en houden, met een verhaal dat bij je past.", "#a1346b", "megaphone"),
    ("Personeelszaken", "personeelszaken", "Goede mensen vinden, binden en laten groeien.", "#8a4f00", "people"),
    ("Wet- en regelgeving", "wet-en-regelgeving", "Regels, vergunningen en contracten zonder kopzorgen.", "#3b4a6b", "scale"),
    ("Financiering", "financiering", "Geld voor groei: van bankkrediet tot subsidie en crowdfunding.", "#2e6b30", "bank"),
    ("Digitalisering", "digitalisering", "Slimmer werken met software, data en automatisering.", "#1f5fa8", "laptop"),
    ("Duurzaamheid", "duurzaamheid", "Energie besparen en duurzaam ondernemen dat ook loont.", "#4a6b1f", "leaf"),
    ("Internationaal ondernemen", "internationaal-ondernemen", "Over de grens: export, import en nieuwe markten.", "#6a3fa0", "globe"),
    ("Ondernemen in zwaar weer", "ondernemen-in-zwaar-weer", "Als het tegenzit: op tijd bijsturen en er samen uitkomen.", "#a33a2b", "umbrella"),
    ("Bedrijfsovername en stoppen", "bedrijfsovername-en-stoppen", "Je bedrijf overdragen, overnemen of goed afsluiten.", "#5c5346", "transfer"),
]


def seed_themes(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    for order, (name, slug, description, colour, icon) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "colour": colour,
                "icon": icon,
                "sort_order": order,
            },
        )


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    Theme.objects.filter(slug__in=[slug for _, slug, *_ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]

    operations = [migrations.RunPython(seed_themes, remove_themes)]
