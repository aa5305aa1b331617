"""Read one deadline text and print the typed deadline as JSON: a tool for checking texts.

    python manage.py tolk_frist --aar 2026 "2.kvartal 2026"

Always prints exactly one JSON object and exits 0, also for text that cannot be read
(type "ukjent").
"""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from oppdrag.frist import tolk_frist


class Command(BaseCommand):
    help = (
        "Tolker en fristtekst fra et tildelingsbrev og skriver fristen som ett JSON-objekt. "
        'Tekst som ikke kan tolkes, gir typen "ukjent".'
    )
    # A pure text tool: no database, no need for the project's checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "tekst",
            nargs="?",
            default="",
            help='Fristteksten slik den står i brevet, for eksempel "2.kvartal 2026".',
        )
        parser.add_argument(
            "--aar",
            type=int,
            default=None,
            help="Brevets år, brukes for tekster uten årstall (standard: inneværende år).",
        )

    def handle(self, *args, tekst, aar, **options):
        if aar is None:
            aar = timezone.localdate().year
        frist = tolk_frist(_skrivbar(tekst), aar=aar)
        self.stdout.write(json.dumps(frist.som_dict(), ensure_ascii=False))


def _skrivbar(tekst):
    """Bytes on the command line that are not UTF-8 arrive as lone surrogates, which
    cannot be printed; they become U+FFFD so the JSON can always be written."""
    try:
        return tekst.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return tekst.encode("utf-8", "replace").decode("utf-8")
