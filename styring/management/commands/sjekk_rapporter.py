"""Check every archived report file against the SHA-256 stored when it was issued."""

import sys

from django.core.management.base import BaseCommand

from styring.models import Rapport
from styring.reports.arkiv import sjekk_arkiv


class Command(BaseCommand):
    help = "Kontrollerer sjekksummen til hver arkivert rapportfil. Avslutter med kode 1 ved avvik."

    def handle(self, *args, **options):
        problems = sjekk_arkiv()
        checked = Rapport.objects.count() * 2
        for rapport, kind, problem in problems:
            name = rapport.pdf.name if kind == "pdf" else rapport.excel.name
            self.stderr.write(f"AVVIK {name} (rapport {rapport.pk}, {kind}): {problem}")
        if problems:
            self.stderr.write(f"{len(problems)} av {checked} filer har avvik.")
            sys.exit(1)
        self.stdout.write(f"{checked} filer kontrollert, ingen avvik.")
