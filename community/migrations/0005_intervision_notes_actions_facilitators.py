"""Intervision sessions get shared notes and agreed actions written in the group space, the
pool of facilitators, the reminder claim and the first-presence mark, consent for a shared
experience, and group sizes within 3..12 with defaults from the settings.

The old text fields and the size constraint are replaced in 0006 (data) and 0007 (schema), kept
apart so PostgreSQL never alters a table with data changes pending in the same transaction.
"""

import community.models.intervision
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_intervision_manager_permissions"),
        ("themes", "0003_theme_colour_hex_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Facilitator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(max_length=120, verbose_name="naam zoals deelnemers die zien"),
                ),
                (
                    "profile",
                    models.TextField(
                        blank=True,
                        help_text="Een paar zinnen voor de deelnemers: achtergrond en ervaring.",
                        max_length=600,
                        verbose_name="over de begeleider",
                    ),
                ),
                (
                    "provinces",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Leeg: begeleidt in het hele land (en online).",
                        verbose_name="regio's",
                    ),
                ),
                (
                    "max_groups",
                    models.PositiveSmallIntegerField(
                        default=2,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="maximaal aantal groepen tegelijk",
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="beschikbaar")),
            ],
            options={
                "verbose_name": "begeleider",
                "verbose_name_plural": "begeleiders",
                "ordering": ["name", "pk"],
            },
        ),
        migrations.CreateModel(
            name="SessionAction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("description", models.CharField(max_length=300, verbose_name="actie")),
                ("done", models.BooleanField(default=False, verbose_name="gedaan")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="gedaan op")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="vastgelegd op"),
                ),
            ],
            options={
                "verbose_name": "afgesproken actie",
                "verbose_name_plural": "afgesproken acties",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="SessionNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("body", models.TextField(max_length=1000, verbose_name="aantekening")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="geschreven op"),
                ),
            ],
            options={
                "verbose_name": "aantekening",
                "verbose_name_plural": "aantekeningen",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="intervisiongroup",
            name="intervision_group_sizes",
        ),
        migrations.AddField(
            model_name="intervisionparticipant",
            name="experience_consent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="toestemming ervaring gegeven op"
            ),
        ),
        migrations.AddField(
            model_name="intervisionparticipant",
            name="experience_consent_text",
            field=models.TextField(blank=True, verbose_name="toestemmingstekst ervaring"),
        ),
        migrations.AddField(
            model_name="intervisionparticipant",
            name="experience_display",
            field=models.CharField(
                choices=[
                    ("volledig", "Met mijn volledige naam en bedrijf"),
                    ("voornaam", "Met mijn voornaam en sector"),
                    ("anoniem", "Anoniem"),
                ],
                default="anoniem",
                max_length=10,
                verbose_name="zo tonen we de deelnemer",
            ),
        ),
        migrations.AddField(
            model_name="intervisionsession",
            name="reminder_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="sessionattendance",
            name="first_present_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="intervisiongroup",
            name="max_size",
            field=models.PositiveSmallIntegerField(
                default=community.models.intervision.default_max_size,
                validators=[
                    django.core.validators.MinValueValidator(3),
                    django.core.validators.MaxValueValidator(12),
                ],
                verbose_name="maximaal aantal deelnemers",
            ),
        ),
        migrations.AlterField(
            model_name="intervisiongroup",
            name="min_size",
            field=models.PositiveSmallIntegerField(
                default=community.models.intervision.default_min_size,
                validators=[
                    django.core.validators.MinValueValidator(3),
                    django.core.validators.MaxValueValidator(12),
                ],
                verbose_name="minimaal aantal deelnemers",
            ),
        ),
        migrations.AddField(
            model_name="facilitator",
            name="themes",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="themes.theme", verbose_name="thema's"
            ),
        ),
        migrations.AddField(
            model_name="facilitator",
            name="user",
            field=models.OneToOneField(
                help_text="Met dit account opent de begeleider de groepspagina.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="intervision_facilitator",
                to=settings.AUTH_USER_MODEL,
                verbose_name="gebruiker",
            ),
        ),
        migrations.AddField(
            model_name="sessionaction",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="vastgelegd door",
            ),
        ),
        migrations.AddField(
            model_name="sessionaction",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="intervision_actions",
                to=settings.AUTH_USER_MODEL,
                verbose_name="wie",
            ),
        ),
        migrations.AddField(
            model_name="sessionaction",
            name="session",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="agreed_actions",
                to="community.intervisionsession",
                verbose_name="sessie",
            ),
        ),
        migrations.AddField(
            model_name="sessionnote",
            name="author",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="intervision_notes",
                to=settings.AUTH_USER_MODEL,
                verbose_name="geschreven door",
            ),
        ),
        migrations.AddField(
            model_name="sessionnote",
            name="session",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="shared_notes",
                to="community.intervisionsession",
                verbose_name="sessie",
            ),
        ),
    ]
