"""Communicatie reads the campaign results (superusers can anyway)."""

from django.db import migrations

GROUPS = ["Communicatie"]


def _permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="attribution", model="conversion"
    )
    return Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_results",
        defaults={"name": "Kan campagneresultaten bekijken"},
    )[0]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _permission(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _permission(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("attribution", "0001_touches_visits_conversions"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
