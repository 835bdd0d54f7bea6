"""``manage.py seed_demo``: build a believable Dutch demo site, safe to run again and again.

The work is a list of steps that the apps (core included) contribute to the ``SEED_STEPS`` hook;
``seeding.steps()`` loads every app's ``wagtail_hooks`` to collect them. Each step runs in its
own transaction and creates only what is missing.
"""

import logging
import sys
from contextlib import nullcontext

from tqdm import tqdm

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from loket.accounts.services.roles import group_name, region_name
from loket.core import seeding

CONSOLE_AND_FILE = "loket.mail.backends.FileAndConsoleBackend"
FILE_ONLY = "django.core.mail.backends.filebased.EmailBackend"


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
        quiet_mail = nullcontext()
        if options["verbosity"] < 2 and settings.EMAIL_BACKEND == CONSOLE_AND_FILE:
            # The demo's mails go to var/mail/ only: thousands of lines of mail source would
            # bury the log-ins at the end (-v 2 shows them).
            quiet_mail = override_settings(EMAIL_BACKEND=FILE_ONLY)
        with quiet_mail:
            ctx = self._seed(options)
        self._report(ctx)

    def _seed(self, options):
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
        return ctx

    def _report(self, ctx):
        made = ", ".join(f"{n} {what}" for what, n in ctx.created.items() if n)
        made = made or "niets nieuws, alles stond er al"
        self.stdout.write(self.style.SUCCESS(f"Klaar: {made}."))
        for line in ctx.report:
            self.stdout.write(f"  {line}")
        self._logins(ctx)

    def _logins(self, ctx):
        """The one block to read: where the regions are and who to log in as."""
        if not ctx.logins:
            return
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo: adressen en log-ins"))
        sites = list(dict.fromkeys(site for site, *_rest in ctx.logins))
        for site in sites:
            self.stdout.write(f"  {region_name(site):<18} {site.root_url}/  (beheer: /admin/)")
        for site, role, email, password in ctx.logins:
            group = group_name(site, role)
            shown = f"wachtwoord: {password}" if password else "wachtwoord ongewijzigd"
            self.stdout.write(f"  {group:<38} {email:<48} {shown}")
