"""The session's old admin-only text fields move into shared notes and actions (one action per
line); reversing writes them back. Existing groups are clamped into the 3..12 size limits."""

from django.db import migrations


def move_notes_and_actions(apps, schema_editor):
    Session = apps.get_model("community", "IntervisionSession")
    Note = apps.get_model("community", "SessionNote")
    Action = apps.get_model("community", "SessionAction")
    for session in Session.objects.exclude(notes="", actions="").iterator():
        if session.notes.strip():
            Note.objects.create(session=session, author=None, body=session.notes.strip()[:1000])
        for line in session.actions.splitlines():
            if line.strip():
                Action.objects.create(session=session, description=line.strip()[:300])


def restore_notes_and_actions(apps, schema_editor):
    Session = apps.get_model("community", "IntervisionSession")
    Note = apps.get_model("community", "SessionNote")
    Action = apps.get_model("community", "SessionAction")
    for session in Session.objects.all().iterator():
        notes = "\n\n".join(n.body for n in Note.objects.filter(session=session).order_by("pk"))
        actions = "\n".join(
            a.description for a in Action.objects.filter(session=session).order_by("pk")
        )
        if notes or actions:
            session.notes, session.actions = notes[:3000], actions[:2000]
            session.save(update_fields=["notes", "actions"])


def clamp_group_sizes(apps, schema_editor):
    Group = apps.get_model("community", "IntervisionGroup")
    for group in Group.objects.all().iterator():
        low = min(max(group.min_size, 3), 12)
        high = min(max(group.max_size, low), 12)
        if (low, high) != (group.min_size, group.max_size):
            Group.objects.filter(pk=group.pk).update(min_size=low, max_size=high)


class Migration(migrations.Migration):
    dependencies = [("community", "0005_intervision_notes_actions_facilitators")]

    operations = [
        migrations.RunPython(move_notes_and_actions, restore_notes_and_actions),
        migrations.RunPython(clamp_group_sizes, migrations.RunPython.noop),
    ]
