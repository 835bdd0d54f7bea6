"""The five phases of the entrepreneur's journey (staff may rename them), and the Communicatie
group's permissions on experiences, ambassadors and phases.

Reversing takes the permissions off the group and removes the phases no case uses.
"""

from django.db import migrations

from loket.accounts.grants import grant_permissions

PHASES = [
    ("Behoefte", "Waar liep de ondernemer tegenaan?"),
    ("Oriëntatie", "Hoe zocht de ondernemer naar hulp?"),
    ("Aanpak", "Wat deden het loket en collega-ondernemers?"),
    ("Uitkomst", "Wat leverde het op?"),
    ("Toekomst", "Hoe gaat de ondernemer verder?"),
]


def seed_phases(apps, schema_editor):
    JourneyPhase = apps.get_model("testimonials", "JourneyPhase")
    for order, (name, description) in enumerate(PHASES, start=1):
        JourneyPhase.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )


def remove_unused_phases(apps, schema_editor):
    JourneyPhase = apps.get_model("testimonials", "JourneyPhase")
    CaseJourneyStep = apps.get_model("testimonials", "CaseJourneyStep")
    used = CaseJourneyStep.objects.values("phase_id")
    JourneyPhase.objects.filter(name__in=[n for n, _d in PHASES]).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("testimonials", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(seed_phases, remove_unused_phases),
        grant_permissions(
            "testimonials",
            {
                "Communicatie": {
                    "experience": ["view", "change"],
                    "ambassador": ["view", "add", "change", "delete"],
                    "journeyphase": ["view", "add", "change", "delete"],
                }
            },
        ),
    ]
