"""Drop the session's old text fields (moved in 0006) and hold groups to 3..12 participants."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("community", "0006_move_session_notes_and_actions")]

    operations = [
        migrations.RemoveField(
            model_name="intervisionsession",
            name="actions",
        ),
        migrations.RemoveField(
            model_name="intervisionsession",
            name="notes",
        ),
        migrations.AddConstraint(
            model_name="intervisiongroup",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("min_size__gte", 3),
                    ("max_size__lte", 12),
                    ("max_size__gte", models.F("min_size")),
                ),
                name="intervision_group_size_limits",
            ),
        ),
    ]
