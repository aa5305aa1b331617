"""Create the demo users and demo data (labelled demo) for local use.

Refuses to run with DEBUG off unless forced: demo accounts with a published password
must never exist in production.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from styring import registries
from styring.audit import acting_as
from styring.demo import DEMO_PASSWORD, create_demo_users


class Command(BaseCommand):
    help = "Lager demobrukere (merket «demo-») med et kjent passord. Bare for lokal bruk."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tillat-uten-debug",
            action="store_true",
            help="Kjør selv om DEBUG er av (for eksempel i et testmiljø).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["tillat_uten_debug"]:
            raise CommandError(
                "Demobrukere lages bare når DEBUG er på: de har et kjent passord og hører "
                "ikke hjemme i produksjon."
            )
        with transaction.atomic(), acting_as("lag_demodata"):
            users = create_demo_users()
            brukere = {user.username: user for user in users}
            for function in registries.demodata:
                function(brukere=brukere)
        self.stdout.write(self.style.SUCCESS(f"Demobrukere (passord: {DEMO_PASSWORD}):"))
        for user in users:
            self.stdout.write(
                f"  {user.username:<22} {user.virksomhet.kode:<4} {user.get_rolle_display()}"
            )
