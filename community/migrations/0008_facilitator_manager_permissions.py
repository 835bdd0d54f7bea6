"""Community managers keep the pool of intervision facilitators. Permissions are made here when
missing; reversing takes them off the group again."""

from django.db import migrations

GROUP = "Communitymanagers"
PERMISSIONS = {"facilitator": ["view", "add", "change", "delete"]}


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    result = []
    for model, actions in PERMISSIONS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="community", model=model
        )
        for action in actions:
            result.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
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
    dependencies = [("community", "0007_drop_session_text_fields")]

    operations = [migrations.RunPython(grant, revoke)]
