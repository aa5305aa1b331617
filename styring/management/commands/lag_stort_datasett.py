"""Build the large synthetic dataset (a city's decade of steering) to measure against.

Deterministic: a fixed seed per app, so two runs on the same day in empty databases make
the same rows. All of it is marked synthetic (``SYN-`` codes, «(syntetisk)» names,
``syn-NNNN`` users with a published password), so it refuses to run with DEBUG off unless
the operator confirms, and refuses to run twice in one database.
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from styring import registries, synthetic
from styring.audit import acting_as


class Command(BaseCommand):
    help = (
        "Lager et stort, syntetisk datasett (60 virksomheter, 10 år med tildelingsbrev, "
        "oppdrag, indikatorer, månedsrapportering og 1 000 brukere) for ytelsesmåling. "
        "Bruk en egen database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skala",
            type=float,
            default=1.0,
            help="Andel av full størrelse: 1.0 er hele datasettet, 0.02 et lite for tester.",
        )
        parser.add_argument(
            "--ja-jeg-vet",
            action="store_true",
            help="Kjør selv om DEBUG er av. Syntetiske brukere får et kjent passord.",
        )

    def handle(self, *args, **options):
        skala = options["skala"]
        if not 0 < skala <= 10:
            raise CommandError("--skala må være større enn 0 og høyst 10.")
        if not settings.DEBUG and not options["ja_jeg_vet"]:
            raise CommandError(
                "Det syntetiske datasettet lages bare når DEBUG er på: brukerne har et kjent "
                "passord og hører ikke hjemme i produksjon. Bruk --ja-jeg-vet i en egen "
                "måledatabase."
            )
        if synthetic.finnes():
            raise CommandError(
                "Databasen har allerede et syntetisk datasett (virksomheter med kode SYN-). "
                "Lag en ny, tom database og kjør kommandoen der."
            )
        started = time.perf_counter()
        counts, timings = {}, []
        with transaction.atomic(), acting_as("lag_stort_datasett"):
            step = time.perf_counter()
            kontekst = synthetic.lag(rng=_rng("styring"), skala=skala)
            counts.update(kontekst["antall"])
            timings.append(("styring", time.perf_counter() - step))
            for key, function in registries.stort_datasett.items():
                step = time.perf_counter()
                made = function(rng=_rng(key), skala=skala, kontekst=kontekst)
                counts.update(made or {})
                timings.append((key, time.perf_counter() - step))
        if connection.vendor == "postgresql":
            step = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            timings.append(("ANALYZE", time.perf_counter() - step))
        total = time.perf_counter() - started
        volum = kontekst["omfang"]
        self.stdout.write(
            self.style.SUCCESS(f"Syntetisk datasett laget på {total:.1f} s (skala {skala:g}).")
        )
        self.stdout.write(
            f"  {volum.aar} år ({kontekst['aar'][0]}–{kontekst['aar'][-1]}), "
            f"{volum.maaneder} måneder ({kontekst['maaneder'][0]:%m.%Y}–"
            f"{kontekst['maaneder'][-1]:%m.%Y}), {len(kontekst['avdelinger'])} byrådsavdelinger, "
            f"{len(kontekst['etater'])} etater, {len(kontekst['bydeler'])} bydeler; "
            f"barnevern: {kontekst['barnevern'].kode}"
        )
        for name, count in counts.items():
            self.stdout.write(f"  {name:<24} {count:>9}")
        for name, seconds in timings:
            self.stdout.write(f"  tid {name:<20} {seconds:>8.1f} s")
        self.stdout.write(
            f"Syntetiske brukere heter syn-0001 … syn-{volum.brukere:04d}; "
            f"passord: {synthetic.PASSORD}"
        )


def _rng(name):
    # A string seed is hashed the same way in every process (unlike hash()).
    return random.Random(f"{synthetic.SEED}:{name}")
