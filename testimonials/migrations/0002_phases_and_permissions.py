"""The five phases of the entrepreneur's journey (staff may rename them), and the Communicatie
group's permissions on experiences, ambassadors and phases.

Permissions are made here when missing (Django creates them only after all migrations ran).
Reversing takes the permissions off the group and removes phases no case uses.
"""

from django.db import migrations

PHASES = [
    ("Behoefte", "Waar liep de ondernemer tegenaan?"),
    ("Oriëntatie", "Hoe zocht de ondernemer naar hulp?"),
    ("Aanpak", "Wat deden het loket en collega-ondernemers?"),
    ("Uitkomst", "Wat leverde het op?"),
    ("Toekomst", "Hoe gaat de ondernemer verder?"),
]

GROUP = "Communicatie"
CODENAMES = {
    "experience": ["view", "change"],
    "ambassador": ["view", "add", "change", "delete"],
    "journeyphase": ["view", "add", "change", "delete"],
}


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for model, actions in CODENAMES.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="testimonials", model=model
        )
        for action in actions:
            codename = f"{action}_{model}"
            permissions.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=codename,
                    defaults={"name": f"Can {action} {model}"},
                )[0]
            )
    return permissions


def forwards(apps, schema_editor):
    JourneyPhase = apps.get_model("testimonials", "JourneyPhase")
    for order, (name, description) in enumerate(PHASES, start=1):
        JourneyPhase.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))
    JourneyPhase = apps.get_model("testimonials", "JourneyPhase")
    CaseJourneyStep = apps.get_model("testimonials", "CaseJourneyStep")
    used = CaseJourneyStep.objects.values("phase_id")
    JourneyPhase.objects.filter(name__in=[n for n, _d in PHASES]).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("testimonials", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
