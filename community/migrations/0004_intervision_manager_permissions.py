"""Community managers run intervision: groups, applications, participants, sessions, attendance
and cases. Permissions are made here when missing; reversing takes them off the group again."""

from django.db import migrations

GROUP = "Communitymanagers"
PERMISSIONS = {
    "intervisiongroup": ["view", "add", "change", "delete"],
    "intervisionapplication": ["view", "change"],
    "intervisionparticipant": ["view", "add", "change", "delete"],
    "intervisionsession": ["view", "add", "change", "delete"],
    "sessionattendance": ["view", "add", "change"],
    "intervisioncase": ["view"],
}


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    result = []
    for model, actions in PERMISSIONS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="community", model=model
        )
        for action in actions:
            codename = f"{action}_{model}"
            result.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=codename,
                    defaults={"name": f"Can {action} {model}"},
                )[0]
            )
    return result


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_intervision"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
