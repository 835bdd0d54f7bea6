"""``manage.py create_region``: a new region's starter pack (see ``loket.core.regions``)."""

import logging

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from loket.accounts.services.roles import ROLE_COMMUNICATIE, ROLE_COMMUNITYMANAGER, ROLE_REGIOBEHEER
from loket.core.regions import build_region


def _hostname(value):
    value = value.strip().lower()
    if not value or "/" in value or ":" in value or " " in value:
        raise CommandError(
            f"Ongeldige hostnaam {value!r}: geef alleen de naam, zonder http:// of poort, "
            "bijvoorbeeld gelderland.localhost."
        )
    return value


class Command(BaseCommand):
    help = (
        "Maakt een nieuwe regio: een site met eigen pagina's, site-instellingen, "
        "medewerkersgroepen en beeldbank."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name", required=True, help='Naam van de regio, bijv. "Regio Gelderland".'
        )
        parser.add_argument(
            "--hostname", required=True, help="Hostnaam, bijv. gelderland.localhost."
        )
        parser.add_argument(
            "--port", type=int, default=80, help="Poort van de site (standaard 80)."
        )
        parser.add_argument(
            "--copy-from",
            metavar="HOSTNAME",
            help="Neem openingstijden, voettekst en sociale media over van deze regio.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="De regio bestaat al: vul aan wat ontbreekt en zet de rechten goed.",
        )

    def handle(self, *args, name, hostname, port, copy_from, update, **options):
        if options["verbosity"] < 2:
            # Wagtail logs every page it creates and every background task it runs.
            for logger in ("wagtail", "django_tasks"):
                logging.getLogger(logger).setLevel(logging.WARNING)
        name = name.strip()
        if not name:
            raise CommandError('Geef de regio een naam, bijvoorbeeld --name "Regio Gelderland".')
        hostname = _hostname(hostname)
        source = None
        if copy_from:
            source = Site.objects.filter(hostname=_hostname(copy_from)).first()
            if source is None:
                raise CommandError(
                    f"Er is geen regio met hostnaam {copy_from} om van over te nemen."
                )
        existing = Site.objects.filter(hostname=hostname).first()
        if existing is not None and not update:
            raise CommandError(
                f"Er bestaat al een regio op {hostname} ({existing.site_name or hostname}). "
                "Kies een andere hostnaam, of gebruik --update om die regio aan te vullen."
            )
        if existing is not None:
            port = existing.port
        region = build_region(name, hostname, port=port, copy_from=source)
        groups = region.roles.groups
        url = region.site.root_url
        self.stdout.write(
            self.style.SUCCESS(
                f"{region.site.site_name} staat klaar op {url}/ "
                f"({region.new_pages} nieuwe pagina's)."
            )
        )
        for template in region.roles.missing_templates:
            self.stderr.write(
                self.style.WARNING(
                    f'Let op: de landelijke groep "{template}" bestaat niet, dus krijgt de '
                    "regionale groep van die rol alleen toegang tot de beheeromgeving en haar "
                    "pagina's. Draai de migraties (manage.py migrate) en daarna create_region "
                    "--update."
                )
            )
        self.stdout.write("\nWat de medewerkers van de regio nu doen:")
        for line in (
            f'1. Een beheerder zet collega\'s in de groepen "{groups[ROLE_REGIOBEHEER].name}", '
            f'"{groups[ROLE_COMMUNITYMANAGER].name}" en "{groups[ROLE_COMMUNICATIE].name}" '
            f"({url}/admin/users/).",
            "2. Regiobeheer vult adres en telefoonnummer in en controleert het e-mailadres, "
            f"bij Instellingen → Site-instellingen ({url}/admin/settings/).",
            "3. Communicatie past de homepagina, 'Over het Ondernemersloket' en 'Contact' aan en "
            f'zet foto\'s in de collectie "{region.roles.collection.name}".',
            "4. De communitymanager zet de eerste bijeenkomsten in de agenda en opent de eerste "
            "communities.",
        ):
            self.stdout.write(f"  {line}")
