"""24 months of plausible belegg and bistandsplikt submissions, marked demo.

Deterministic (a fixed seed), so dashboards, reports and tests see the same numbers on
every machine. Registered in ``styring.registries.demodata``; run by
``python manage.py lag_demodata`` (and so by ``make run``).
"""

import random

from django.db import transaction
from django.utils import timezone

from indikatorer.models.rapportering import Innsending, Institusjon, Skjema, Verdi
from indikatorer.services.resultater import oppdater_resultater
from indikatorer.skjematyper import for_skjema
from styring.perioder import antall_maaneder, dager_i_maaned, maaneder_fram_til

SEED = 2026
MONTHS = 24
# Typical occupancy by kind of institution; acute places run fullest.
OCCUPANCY = {
    Institusjon.Type.AKUTT: (0.86, 1.0),
    Institusjon.Type.OMSORG: (0.78, 0.95),
    Institusjon.Type.BEHANDLING: (0.70, 0.98),
}
# Requests per district and month by placement type (mean), and the share breached.
REQUESTS = {
    "akutt": 1.2,
    "omsorg": 0.6,
    "behandling": 0.3,
    "fosterhjem": 0.8,
    "beredskapshjem": 0.5,
    "annet": 0.2,
}
BREACH_SHARE = {"akutt": 0.08, "behandling": 0.15}


def _status(first_day, today):
    age = antall_maaneder(fra=first_day, til=today)
    if age > 2:
        return Innsending.Status.GODKJENT
    if age == 2:
        return Innsending.Status.LEVERT
    return Innsending.Status.UTKAST


def _poisson(rng, mean):
    # Knuth's method: small means only, which is all this needs.
    limit, count, product = pow(2.718281828, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


@transaction.atomic
def lag_demodata(*, brukere=None, idag=None):
    """Create the demo submissions once; returns how many were made."""
    if Innsending.objects.filter(demo=True).exists():
        return 0
    today = idag or timezone.localdate()
    rng = random.Random(SEED)
    made = 0
    for skjema in Skjema.objects.filter(kode__in=["belegg", "bistandsplikt"]).order_by("kode"):
        fields = {f.kode: f for f in skjema.felt.all()}
        for organisation in skjema.rapportorer.order_by("kode"):
            approved = []
            for first_day in maaneder_fram_til(today, antall=MONTHS):
                fra, til = skjema.periode(first_day)
                innsending = Innsending.objects.create(
                    skjema=skjema,
                    virksomhet=organisation,
                    periode_fra=fra,
                    periode_til=til,
                    frist=skjema.frist_for(til),
                    status=_status(first_day, today),
                    versjon=1,
                    demo=True,
                )
                values = (
                    _belegg(rng, innsending, fields)
                    if skjema.type == Skjema.Type.BELEGG
                    else _bistandsplikt(rng, innsending, fields)
                )
                Verdi.objects.bulk_create(values)
                made += 1
                if innsending.status == Innsending.Status.GODKJENT:
                    approved.append(innsending)
            # The year so far once per year, with its last approved month.
            for index, innsending in enumerate(approved):
                following = approved[index + 1] if index + 1 < len(approved) else None
                last_of_year = following is None or following.periode_fra.year != (
                    innsending.periode_fra.year
                )
                oppdater_resultater(innsending=innsending, aar_hittil=last_of_year)
    return made


def _belegg(rng, innsending, fields):
    days = dager_i_maaned(innsending.periode_fra)
    values = []
    for row in for_skjema(innsending.skjema).rader(innsending):
        places = row.fakta["plasser"]
        low, high = OCCUPANCY[row.fakta["institusjon"].type]
        bed_days = round(places * days * rng.uniform(low, high))
        children = min(places, round(bed_days / days + rng.uniform(-1, 1)))
        values += [
            Verdi(innsending=innsending, felt=fields["liggedogn"], rad=row.nokkel, tall=bed_days),
            Verdi(
                innsending=innsending,
                felt=fields["barn_ved_slutt"],
                rad=row.nokkel,
                tall=max(children, 0),
            ),
        ]
    return values


def bistandsplikt_tall(rng, kind):
    """Made-up requests and breaches of one month for one kind of placement."""
    requests = _poisson(rng, REQUESTS[kind])
    breaches = sum(rng.random() < BREACH_SHARE.get(kind, 0.02) for _ in range(requests))
    entries = {"foresporsler": requests, "brudd": breaches}
    if kind == "akutt":
        entries["innen_2_timer"] = requests - breaches
    return entries


def verdier(innsending, fields, rad, entries):
    """The values of one row of a submission, from {field code: number or text}."""
    return [
        Verdi(
            innsending=innsending,
            felt=fields[code],
            rad=rad,
            tall=None if isinstance(value, str) else value,
            tekst=value if isinstance(value, str) else "",
        )
        for code, value in entries.items()
    ]


def _bistandsplikt(rng, innsending, fields):
    values = []
    for row in for_skjema(innsending.skjema).rader(innsending):
        entries = bistandsplikt_tall(rng, row.fakta["type"])
        if entries["brudd"]:
            entries["eqs"] = f"Demo – EQS-{innsending.periode_fra:%Y}-{rng.randint(100, 999)}"
            entries["forklaring"] = "Demo – ingen ledig plass av riktig type; løst neste dag."
        values += verdier(innsending, fields, row.nokkel, entries)
    return values
