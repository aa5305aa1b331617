"""The large synthetic dataset, indicators and monthly reporting.

- Indicators: each agency has ``omfang.indikatorer_per_brev`` result indicators in each of
  its letters. As in real letters an indicator is carried into next year's letter (one
  object, several letters); a tenth of them are replaced by new ones each year. Every
  year has a target (``Maalverdi``) and, once the year is over, a result; this year has
  tertial results for the tertials that have ended.
- Belegg: ``omfang.institusjoner`` institutions of the child-welfare agency (BFE when it
  is loaded), with their capacity history, and one submission a month for
  ``omfang.maaneder`` months with the bed-days of every institution in operation.
- Bistandsplikt: one submission a month per district (its six placement types) and one
  from the child-welfare agency (every district × placement type).

Older months are approved, the month before last is submitted, the last month is a draft
or not started: the overview, the home page and the load run have work to show and do.
Registered in ``styring.registries.stort_datasett``.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from indikatorer import maaltall as mt
from indikatorer.demo import bistandsplikt_tall, verdier
from indikatorer.loading import BELEGG_FELT, BISTANDSPLIKT_FELT, _fields
from indikatorer.models import Indikator, Maalverdi, Resultat
from indikatorer.models.rapportering import Innsending, Institusjon, Kapasitet, Skjema, Verdi
from indikatorer.skjematyper import PLASSERINGSTYPER, _bydeler
from styring.perioder import (
    Frekvens,
    antall_maaneder,
    dager_i_maaned,
    maanedsslutt,
    perioder_i_aar,
)

BATCH = 5000
MERKE = "(syntetisk)"

# (name, unit, direction, target text with {v}, (low, high) of v, spread of results, decimals)
INDIKATORTYPER = [
    (
        "Andel brukere som er fornøyde med tjenesten",
        Indikator.Enhet.PROSENT,
        Indikator.Retning.HOYERE_ER_BEDRE,
        "Minimum {v} %",
        (75, 90),
        8,
        1,
    ),
    (
        "Sykefravær",
        Indikator.Enhet.PROSENT,
        Indikator.Retning.LAVERE_ER_BEDRE,
        "Under {v} %",
        (5, 8),
        1.5,
        1,
    ),
    (
        "Antall avvik registrert i kvalitetssystemet",
        Indikator.Enhet.ANTALL,
        Indikator.Retning.LAVERE_ER_BEDRE,
        "Maks {v}",
        (10, 40),
        12,
        0,
    ),
    (
        "Andel vedtak fattet innen frist",
        Indikator.Enhet.PROSENT,
        Indikator.Retning.HOYERE_ER_BEDRE,
        "Minimum {v} %",
        (85, 98),
        6,
        1,
    ),
    (
        "Antall brukere som har fått tilbud",
        Indikator.Enhet.ANTALL,
        Indikator.Retning.HOYERE_ER_BEDRE,
        "Minst {v}",
        (100, 900),
        120,
        0,
    ),
]
FREKVENSER = [Indikator.Frekvens.AAR, Indikator.Frekvens.TERTIAL_OG_AAR]

OCCUPANCY = {
    Institusjon.Type.AKUTT: (0.80, 1.0),
    Institusjon.Type.OMSORG: (0.74, 0.97),
    Institusjon.Type.BEHANDLING: (0.65, 0.98),
}
INSTITUTION_KINDS = [
    (Institusjon.Type.AKUTT, 3, (4, 8)),
    (Institusjon.Type.OMSORG, 5, (4, 10)),
    (Institusjon.Type.BEHANDLING, 2, (3, 6)),
]

Status = Innsending.Status


def lag_stort_datasett(*, rng, skala, kontekst):
    counts = {}
    counts.update(_indikatorer(rng, kontekst))
    counts.update(_rapportering(rng, kontekst))
    return counts


# Indicators


def _tall(value, decimals):
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals))


def _tekst(value, unit):
    text = f"{value:f}".replace(".", ",")
    return f"{text} %" if unit == Indikator.Enhet.PROSENT else text


def _indikatorer(rng, kontekst):
    volum, idag = kontekst["omfang"], kontekst["idag"]
    letters_by_agency = {}
    for agency, year, letter in kontekst["brev"]:
        letters_by_agency.setdefault(agency.pk, (agency, []))[1].append((year, letter))
    targets_parsed = {}
    specs = []  # [agency, number, kind, [(year, letter)], base value]
    for agency, letters in letters_by_agency.values():
        letters.sort(key=lambda pair: pair[0])
        active, number = [], 0
        for position, (year, letter) in enumerate(letters):
            replace = volum.indikatorer_byttet_per_aar if position else 0
            active = active[replace:]
            while len(active) < volum.indikatorer_per_brev:
                number += 1
                kind = INDIKATORTYPER[(number - 1) % len(INDIKATORTYPER)]
                low, high = kind[4]
                spec = [agency, number, kind, [], _tall(rng.uniform(low, high), kind[6])]
                specs.append(spec)
                active.append(spec)
            for spec in active:
                spec[3].append((year, letter))
    indicators = []
    for agency, number, kind, years, _base in specs:
        name, unit, direction = kind[0], kind[1], kind[2]
        last_letter = years[-1][1]
        goals = kontekst["tiltak"].get(last_letter.pk) or [None]
        indicators.append(
            Indikator(
                kode=f"I{number}",
                navn=f"{name} – {agency.kode} nr. {number} {MERKE}",
                type=Indikator.Type.RESULTATINDIKATOR,
                enhet=unit,
                retning=direction,
                kilde=f"Fagsystem {MERKE}",
                rapportering="Tertialrapport og årsberetning",
                rapporteringsfrekvens=FREKVENSER[number % len(FREKVENSER)],
                eier=agency,
                maal=goals[(number - 1) % len(goals)],
                rekkefolge=number,
            )
        )
    indicators = Indikator.objects.bulk_create(indicators, batch_size=BATCH)
    links, targets, results = [], [], []
    InLetter = Indikator.brev.through
    for indicator, (_agency, _number, kind, years, base) in zip(indicators, specs, strict=True):
        unit, template, spread, decimals = kind[1], kind[3], kind[5], kind[6]
        for year, letter in years:
            links.append(InLetter(indikator_id=indicator.pk, tildelingsbrev_id=letter.pk))
            text = template.format(v=_tekst(base, Indikator.Enhet.ANTALL).replace(" %", ""))
            if text not in targets_parsed:
                targets_parsed[text] = mt.tolk_maaltall(text)
            target = Maalverdi(indikator=indicator, aar=year)
            target.maaltall = targets_parsed[text]
            targets.append(target)
            periods = [""] if year < idag.year else []
            if year == idag.year:
                tertials = perioder_i_aar(year, frekvens=Frekvens.TERTIAL)
                periods = [f"t{n}" for n, (_fra, til) in enumerate(tertials, 1) if til < idag]
            for periode in periods:
                value = max(Decimal(0), _tall(float(base) + rng.uniform(-spread, spread), decimals))
                if unit == Indikator.Enhet.PROSENT:
                    value = min(value, Decimal(100))
                results.append(
                    Resultat(
                        indikator=indicator,
                        aar=year,
                        periode=periode,
                        tekst=_tekst(value, unit),
                        verdi=value,
                    )
                )
    InLetter.objects.bulk_create(links, batch_size=BATCH)
    Maalverdi.objects.bulk_create(targets, batch_size=BATCH)
    Resultat.objects.bulk_create(results, batch_size=BATCH)
    return {
        "indikatorer": len(indicators),
        "indikatorer i brev": len(links),
        "målverdier": len(targets),
        "resultater": len(results),
    }


# Monthly reporting


def _skjema(kode, kontekst):
    """The obligation ``kode``: the one the BFE letter set up, or a new one like it."""
    months = kontekst["maaneder"]
    barnevern = kontekst["barnevern"]
    skjema = Skjema.objects.filter(kode=kode).first()
    if skjema is None:
        belegg = kode == "belegg"
        skjema = Skjema.objects.create(
            kode=kode,
            navn="Belegg på institusjonene" if belegg else "Avvik på bistandsplikten",
            type=Skjema.Type.BELEGG if belegg else Skjema.Type.BISTANDSPLIKT,
            eier=barnevern.styres_av,
            frekvens=Frekvens.MAANED,
            inndeling=Skjema.Inndeling.INSTITUSJON if belegg else Skjema.Inndeling.BYDEL,
            aktiv_fra=months[0],
        )
        _fields(skjema, BELEGG_FELT if belegg else BISTANDSPLIKT_FELT)
    elif skjema.aktiv_fra > months[0]:
        # Reported over the whole synthetic decade (bypasses the audit trail, as bulk does).
        Skjema.objects.filter(pk=skjema.pk).update(aktiv_fra=months[0])
        skjema.aktiv_fra = months[0]
    return skjema


def _status(first_day, idag, rng, *, newest):
    age = antall_maaneder(fra=first_day, til=idag)
    if age > 3:
        return Status.GODKJENT
    if age == 3:
        return rng.choices([Status.GODKJENT, Status.RETURNERT], [9, 1])[0]
    if age == 2:
        return rng.choices([Status.LEVERT, Status.GODKJENT, Status.RETURNERT], [6, 3, 1])[0]
    return rng.choices(newest, [6, 2, 2])[0]


def _innsending(skjema, organisation, first_day, status):
    last_day = maanedsslutt(first_day)
    when = timezone.make_aware(
        datetime.datetime.combine(
            skjema.frist_for(last_day) - datetime.timedelta(days=3), datetime.time(12)
        )
    )
    submitted = status in (Status.LEVERT, Status.GODKJENT, Status.RETURNERT)
    return Innsending(
        skjema=skjema,
        virksomhet=organisation,
        periode_fra=first_day,
        periode_til=last_day,
        frist=skjema.frist_for(last_day),
        status=status,
        versjon=0 if status == Status.IKKE_PAABEGYNT else 1,
        levert=when if submitted else None,
        godkjent=when + datetime.timedelta(days=5) if status == Status.GODKJENT else None,
        returkommentar=(
            "Tallene for akuttplasser ser for lave ut. Kontroller og send på nytt."
            if status == Status.RETURNERT
            else ""
        ),
    )


def _rapportering(rng, kontekst):
    idag, months = kontekst["idag"], kontekst["maaneder"]
    barnevern = kontekst["barnevern"]
    belegg = _skjema("belegg", kontekst)
    bistandsplikt = _skjema("bistandsplikt", kontekst)
    belegg.rapportorer.add(barnevern)
    districts = _bydeler(barnevern)
    bistandsplikt.rapportorer.add(barnevern, *districts)
    taken = set(
        Innsending.objects.filter(skjema__in=[belegg, bistandsplikt]).values_list(
            "skjema_id", "virksomhet_id", "periode_fra"
        )
    )
    institutions = _institusjoner(rng, kontekst, barnevern, months)
    belegg_fields = {f.kode: f for f in belegg.felt.all()}
    duty_fields = {f.kode: f for f in bistandsplikt.felt.all()}
    submissions, values = [], []

    def add(skjema, organisation, first_day, newest, make_values):
        if (skjema.pk, organisation.pk, first_day) in taken:
            return
        status = _status(first_day, idag, rng, newest=newest)
        innsending = _innsending(skjema, organisation, first_day, status)
        submissions.append(innsending)
        if status != Status.IKKE_PAABEGYNT:
            values.extend(make_values(innsending))

    draft_or_not = [Status.UTKAST, Status.IKKE_PAABEGYNT, Status.LEVERT]
    for first_day in months:
        add(
            belegg,
            barnevern,
            first_day,
            [Status.UTKAST, Status.UTKAST, Status.LEVERT],
            lambda i: _belegg(rng, i, institutions, belegg_fields),
        )
        add(
            bistandsplikt,
            barnevern,
            first_day,
            [Status.UTKAST, Status.UTKAST, Status.LEVERT],
            lambda i: _bistandsplikt(rng, i, districts, duty_fields),
        )
        for district in districts:
            add(
                bistandsplikt,
                district,
                first_day,
                draft_or_not,
                lambda i, d=district: _bistandsplikt(rng, i, [d], duty_fields),
            )
    Innsending.objects.bulk_create(submissions, batch_size=BATCH)
    Verdi.objects.bulk_create(values, batch_size=BATCH)
    return {
        "institusjoner": len(institutions),
        "innsendinger": len(submissions),
        "verdier": len(values),
    }


def _institusjoner(rng, kontekst, barnevern, months):
    """The synthetic institutions and their capacity history; returns every institution of
    the agency with its capacities (the rows of its belegg form)."""
    count = kontekst["omfang"].institusjoner
    kinds = [kind for kind, weight, _places in INSTITUTION_KINDS for _i in range(weight)]
    places_by_kind = {kind: places for kind, _weight, places in INSTITUTION_KINDS}
    made = Institusjon.objects.bulk_create(
        [
            Institusjon(
                virksomhet=barnevern,
                navn=f"Institusjon {n:03d} {MERKE}",
                type=kinds[(n - 1) % len(kinds)],
                demo=True,
            )
            for n in range(1, count + 1)
        ],
        batch_size=BATCH,
    )
    capacities = []
    for institution in made:
        low, high = places_by_kind[institution.type]
        capacities.append(
            Kapasitet(
                institusjon=institution,
                gjelder_fra=months[0],
                plasser=rng.randint(low, high),
                kilde=f"Budsjett {MERKE}",
            )
        )
        if len(months) > 12 and rng.random() < 0.3:
            changed = months[rng.randrange(12, len(months))]
            capacities.append(
                Kapasitet(
                    institusjon=institution,
                    gjelder_fra=changed,
                    plasser=rng.randint(low, high),
                    kilde=f"Budsjettendring {MERKE}",
                )
            )
    Kapasitet.objects.bulk_create(capacities, batch_size=BATCH)
    return list(
        Institusjon.objects.filter(virksomhet=barnevern)
        .prefetch_related("kapasiteter")
        .order_by("type", "navn", "pk")
    )


def _belegg(rng, innsending, institutions, fields):
    days = dager_i_maaned(innsending.periode_fra)
    values = []
    for institution in institutions:
        places = institution.plasser_paa(innsending.periode_til)
        if places is None:
            continue  # not in operation this month: not a row of the form
        low, high = OCCUPANCY[institution.type]
        bed_days = round(places * days * rng.uniform(low, high))
        children = max(0, min(places, round(bed_days / days + rng.uniform(-1, 1))))
        key = str(institution.pk)
        values += [
            Verdi(innsending=innsending, felt=fields["liggedogn"], rad=key, tall=bed_days),
            Verdi(innsending=innsending, felt=fields["barn_ved_slutt"], rad=key, tall=children),
        ]
    return values


def _bistandsplikt(rng, innsending, districts, fields):
    values = []
    for district in districts:
        for kind, _label in PLASSERINGSTYPER:
            entries = bistandsplikt_tall(rng, kind)
            if entries["brudd"]:
                entries["eqs"] = f"EQS-{innsending.periode_fra:%Y}-{rng.randint(1000, 9999)}"
                entries["forklaring"] = f"Ingen ledig plass av riktig type. {MERKE}"
            values += verdier(innsending, fields, f"{district.kode}|{kind}", entries)
    return values
