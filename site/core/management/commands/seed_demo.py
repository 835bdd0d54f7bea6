"""``manage.py seed_demo``: build a believable Dutch demo site, safe to run again and again.

The work is a list of steps that the apps (core included) contribute to the ``SEED_STEPS`` hook;
``seeding.steps()`` loads every app's ``wagtail_hooks`` to collect them. Each step runs in its
own transaction and creates only what is missing.
"""

import logging
import sys

from tqdm import tqdm

from django.core.management.base import BaseCommand
from django.db import transaction

from loket.core import seeding


class Command(BaseCommand):
    help = "Vult de site met demo-inhoud: homepagina, thema's, pagina's, beheerder en leden."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="localhost", help="Hostnaam van de demosite.")
        parser.add_argument("--port", type=int, default=8000, help="Poort van de demosite.")
        parser.add_argument(
            "--reset-admin-password",
            action="store_true",
            help="Geef de beheerder een nieuw wachtwoord en toon het.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk tonen.")

    def handle(self, *args, **options):
        if options["verbosity"] < 2:
            # Wagtail logs every page it creates and every background task it runs.
            for name in ("wagtail", "django_tasks"):
                logging.getLogger(name).setLevel(logging.WARNING)
        ctx = seeding.SeedContext(options=options)
        steps = seeding.steps()
        with tqdm(
            steps,
            desc="Demo vullen",
            unit="stap",
            file=sys.stderr,
            disable=options["no_progress"],
        ) as bar:
            for step in bar:
                bar.set_postfix_str(step.label)
                with transaction.atomic():
                    step.func(ctx)

        made = ", ".join(f"{n} {what}" for what, n in ctx.created.items() if n)
        made = made or "niets nieuws, alles stond er al"
        self.stdout.write(self.style.SUCCESS(f"Klaar: {made}."))
        for line in ctx.report:
            self.stdout.write(f"  {line}")
