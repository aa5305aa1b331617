"""Plausible monthly accounts for BFE 2026 (January–October) and two forecasts, marked demo.

The letter's budget is real; these actuals are made up (a fixed seed, so every machine
gets the same numbers): each account group runs near a twelfth of its budget a month,
with noise, holiday pay in June, and purchases of institution places (13) running a few
per cent over budget. January–August are approved, September submitted, October a draft;
the first tertial's forecast is approved and the second's submitted. Registered with
``styring.registries.demodata``; run by ``python manage.py lag_demodata``.
"""

import random

from django.db import transaction
from django.utils import timezone

from budsjett.models import Budsjettlinje, Budsjettrapport, Prognose, Regnskap, vesentlig
from styring import perioder

SEED = 2026
AAR = 2026
MAANEDER = range(1, 11)
KILDE = "bfe-tildelingsbrev-2026"
# Share of the yearly budget over or under the plan each account group runs at.
TREND = {"10": 0.01, "11": -0.03, "13": 0.08, "14": 0.0, "16": -0.04, "17": -0.06, "18": 0.0}
FORKLARINGER = {
    "13": "Demo – flere kjøpte institusjonsplasser enn budsjettert etter økt etterspørsel.",
    "16": "Demo – lavere salgsinntekter fordi færre plasser er solgt til bydelene.",
    "17": "Demo – lavere refusjoner fra staten enn lagt til grunn.",
}


def _status(month):
    if month <= 8:
        return Budsjettrapport.Status.GODKJENT
    if month == 9:
        return Budsjettrapport.Status.LEVERT
    return Budsjettrapport.Status.UTKAST


def _monthly(rng, budget, trend, month, kode):
    share = 1 / 12 * (1 + trend)
    if kode == "10" and month == 6:
        share *= 1.12  # holiday pay
    elif kode == "10" and month == 7:
        share *= 0.9
    return round(budget * share * rng.uniform(0.95, 1.05))


@transaction.atomic
def lag_demodata(*, brukere=None):
    """Create the demo accounts and forecasts once; returns how many reports were made."""
    if Budsjettrapport.objects.filter(demo=True).exists():
        return 0
    lines = list(
        Budsjettlinje.objects.budsjett()
        .filter(tabell__brev__kilde=KILDE, aar=AAR, tabell__aar=AAR)
        .select_related("konto", "virksomhet")
        .order_by("rad")
    )
    if not lines:
        return 0
    virksomhet = lines[0].virksomhet
    approver = (brukere or {}).get("demo-bfe-godkjenner")
    officer = (brukere or {}).get("demo-set-styrer")
    rng = random.Random(SEED)
    now = timezone.now()
    made = 0
    actual = {line.konto_id: [] for line in lines}

    def report(type, periode, status):
        return Budsjettrapport.objects.create(
            virksomhet=virksomhet,
            aar=AAR,
            type=type,
            periode=periode,
            status=status,
            versjon=1,
            levert=now if status != Budsjettrapport.Status.UTKAST else None,
            levert_av=approver if status != Budsjettrapport.Status.UTKAST else None,
            godkjent=now if status == Budsjettrapport.Status.GODKJENT else None,
            godkjent_av=officer if status == Budsjettrapport.Status.GODKJENT else None,
            demo=True,
        )

    for month in MAANEDER:
        rapport = report(Budsjettrapport.Type.REGNSKAP, month, _status(month))
        made += 1
        rows = []
        for line in lines:
            amount = _monthly(rng, line.belop, TREND[line.konto.kode], month, line.konto.kode)
            actual[line.konto_id].append(amount)
            rows.append(Regnskap(rapport=rapport, konto=line.konto, belop=amount))
        Regnskap.objects.bulk_create(rows)

    for tertial, status in (
        (1, Budsjettrapport.Status.GODKJENT),
        (2, Budsjettrapport.Status.LEVERT),
    ):
        rapport = report(Budsjettrapport.Type.PROGNOSE, tertial, status)
        made += 1
        months = perioder.MAANEDER_PER_PERIODE[perioder.Frekvens.TERTIAL] * tertial
        rows = []
        for line in lines:
            to_date = sum(actual[line.konto_id][:months])
            forecast = round(to_date / months * 12)
            explanation = ""
            if vesentlig(avvik=forecast - line.belop, budsjett=line.belop):
                explanation = FORKLARINGER.get(
                    line.konto.kode, "Demo – avviket skyldes tidsforskyvning i året."
                )
            rows.append(
                Prognose(rapport=rapport, konto=line.konto, belop=forecast, forklaring=explanation)
            )
        Prognose.objects.bulk_create(rows)
    return made
