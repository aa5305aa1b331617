"""Create the demo users (and, as later issues add them, demo data) for local use.

Refuses to run with DEBUG off unless forced: demo accounts with a published password
must never exist in production.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from styring.access import Rolle
from styring.audit import acting_as
from styring.models import Bruker, Virksomhet

DEMO_PASSWORD = "demo-etatsstyring"

# (username, organisation code, role, first name, last name)
DEMO_USERS = [
    ("demo-set-styrer", "SET", Rolle.STYRER, "Siri", "Styrer"),
    ("demo-set-leser", "SET", Rolle.LESER, "Sverre", "Leser"),
    ("demo-bfe-godkjenner", "BFE", Rolle.GODKJENNER, "Berit", "Godkjenner"),
    ("demo-bfe-rapportor", "BFE", Rolle.RAPPORTOR, "Bjørn", "Rapportør"),
    ("demo-bfe-leser", "BFE", Rolle.LESER, "Bodil", "Leser"),
    ("demo-vel-godkjenner", "VEL", Rolle.GODKJENNER, "Vera", "Godkjenner"),
    ("demo-vel-rapportor", "VEL", Rolle.RAPPORTOR, "Vidar", "Rapportør"),
    ("demo-vel-leser", "VEL", Rolle.LESER, "Vilde", "Leser"),
]


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
        self.stdout.write(self.style.SUCCESS(f"Demobrukere (passord: {DEMO_PASSWORD}):"))
        for user in users:
            self.stdout.write(
                f"  {user.username:<22} {user.virksomhet.kode:<4} {user.get_rolle_display()}"
            )


def create_demo_users():
    organisations = {v.kode: v for v in Virksomhet.objects.filter(kode__in={"SET", "BFE", "VEL"})}
    missing = {"SET", "BFE", "VEL"} - organisations.keys()
    if missing:
        names = ", ".join(sorted(missing))
        raise CommandError(f"Fant ikke virksomhetene {names}. Last inn fixtures/virksomheter.json.")
    users = []
    for username, code, role, first, last in DEMO_USERS:
        user = Bruker.objects.filter(username=username).first() or Bruker(username=username)
        user.first_name, user.last_name = first, last
        user.virksomhet, user.rolle = organisations[code], role
        user.set_password(DEMO_PASSWORD)
        user.save()
        users.append(user)
    return users
