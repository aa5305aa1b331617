"""The large synthetic dataset, assignments: ``omfang.oppdrag_per_brev`` per letter.

Registered in ``styring.registries.stort_datasett``; run by
``python manage.py lag_stort_datasett`` after ``styring.synthetic`` has made the
letters. Deadlines are the kinds the real letters write (dates, tertials, recurring,
unset) read by ``tolk_frist``, and in this year's letters some two weeks ahead. A few
unfinished assignments of each year are carried into the agency's next letter, as
``oppdrag.letter.neste_aar`` does; this year's are open, delivered or approved in a
plausible mix, so the overview has something to count.
"""

import datetime

from oppdrag.frist import tolk_frist
from oppdrag.models import Oppdrag, Status

BATCH = 2000
MERKE = "(syntetisk)"

FRISTER = [
    "31.03.{aar}",
    "1. tertial",
    "01.07.{aar}",
    "2. tertial",
    "15.09.{aar}",
    "31.12.{aar}",
    "Løpende",
    "Årlig",
    "Tertial- og årsrapport",
    "Ikke fastsatt enda",
    "{snart}",  # this year's letters: two weeks from the day the dataset is made
]
RECURRING = {"Løpende", "Årlig", "Tertial- og årsrapport"}
THIS_YEAR = [
    (Status.IKKE_STARTET, 30),
    (Status.PAAGAAR, 35),
    (Status.LEVERT, 10),
    (Status.GODKJENT, 17),
    (Status.UTSATT, 5),
    (Status.RETURNERT, 3),
]
EARLIER = [(Status.GODKJENT, 90), (Status.BORTFALT, 7), (Status.LEVERT, 3)]


def _choose(rng, weighted):
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def lag_stort_datasett(*, rng, skala, kontekst):
    volum, idag = kontekst["omfang"], kontekst["idag"]
    per_letter = volum.oppdrag_per_brev
    carried_per_letter = round(per_letter / 10)
    next_letter = {}
    by_agency = {}
    for agency, year, letter in kontekst["brev"]:
        by_agency.setdefault(agency.pk, {})[year] = letter
    for letters in by_agency.values():
        for year, letter in letters.items():
            if year + 1 in letters:
                next_letter[letter.pk] = letters[year + 1]
    deadlines = {}
    assignments, responsible, carried = [], [], []
    for agency, year, letter in kontekst["brev"]:
        goals = kontekst["tiltak"].get(letter.pk) or [None]
        following = next_letter.get(letter.pk)
        for index in range(1, per_letter + 1):
            template = FRISTER[(index - 1) % len(FRISTER)]
            key = (template, year)
            if key not in deadlines:
                soon = idag + datetime.timedelta(days=14) if year == idag.year else None
                text = template.format(
                    aar=year, snart=f"{soon or datetime.date(year, 6, 15):%d.%m.%Y}"
                )
                deadlines[key] = tolk_frist(text, aar=year)
            is_carried = following is not None and index <= carried_per_letter
            if year == idag.year:
                status = _choose(rng, THIS_YEAR)
            elif is_carried:
                # Finished in the year it was carried into, unless that year is this one.
                status = Status.PAAGAAR if following.aar == idag.year else Status.GODKJENT
            else:
                status = _choose(rng, EARLIER)
            art = Oppdrag.Art.LOPENDE if template in RECURRING else Oppdrag.Art.NYTT
            if is_carried:
                art = Oppdrag.Art.VIDEREFORT
            oppdrag = Oppdrag(
                brev=letter,
                kode=str(index),
                tekst=(
                    f"Oppdrag {index} for {year}: utred og rapporter om tiltak {index} "
                    f"for {agency.navn}."
                ),
                art=art,
                kategori="Andre løpende oppdrag" if art == Oppdrag.Art.LOPENDE else "Nye oppdrag",
                maal=goals[(index - 1) % len(goals)],
                rekkefolge=index,
                status=status,
            )
            oppdrag.sett_frist(deadlines[key])
            if status == Status.UTSATT:
                base = oppdrag.frist_dato or datetime.date(year, 12, 31)
                oppdrag.utsatt_til = base + datetime.timedelta(days=60)
            oppdrag.forfall = oppdrag.beregn_forfall()
            assignments.append(oppdrag)
            responsible.append(agency.pk)
            if is_carried:
                carried.append((len(assignments) - 1, following.pk))
    assignments = Oppdrag.objects.bulk_create(assignments, batch_size=BATCH)
    Through = Oppdrag.ansvarlige.through
    Through.objects.bulk_create(
        [
            Through(oppdrag_id=oppdrag.pk, virksomhet_id=agency_id)
            for oppdrag, agency_id in zip(assignments, responsible, strict=True)
        ],
        batch_size=BATCH,
    )
    CarriedInto = Oppdrag.brev_i.through
    CarriedInto.objects.bulk_create(
        [
            CarriedInto(oppdrag_id=assignments[position].pk, tildelingsbrev_id=letter_id)
            for position, letter_id in carried
        ],
        batch_size=BATCH,
    )
    return {"oppdrag": len(assignments), "oppdrag videreført": len(carried)}
