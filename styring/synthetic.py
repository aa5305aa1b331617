"""The large synthetic dataset, part 1: organisations, users, letters and their goals.

``python manage.py lag_stort_datasett`` builds a city-scale dataset to measure the portal
against (``python manage.py benchmark``). Everything made here is marked synthetic: codes
start with ``SYN-``, names end with «(syntetisk)», users are named ``syn-0001`` ...
The real organisations from ``fixtures/virksomheter.json`` and the real letters take part
when they are loaded: the generator only fills up to the target numbers and never makes a
second letter for an agency and year that already has one.

Rows are made with ``bulk_create`` in batches, which bypasses the audit trail (synthetic
data has no actor and no history). The apps add their parts (assignments, indicators,
monthly reports) through ``styring.registries.stort_datasett``; each gets the context
this module fills (``lag``).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from styring.access import Rolle
from styring.models import (
    Bruker,
    Foring,
    Maal,
    Planperiode,
    Rapporteringskrav,
    Risikovurdering,
    Seksjon,
    Styringsmote,
    Tildelingsbrev,
    Virksomhet,
)
from styring.perioder import Frekvens, Tertial, legg_til_maaneder, maaneder_fram_til, periode_i_aar

SEED = 20260601
BATCH = 2000
PREFIX = "SYN-"
MERKE = "(syntetisk)"
# Synthetic users log in with this password; the command refuses to run when DEBUG is off
# unless the operator says they know what they are doing.
PASSORD = "syntetisk-etatsstyring"

# The city: 8 departments, 37 agencies they steer, 15 districts (60 organisations).
AVDELINGER, ETATER, BYDELER = 8, 37, 15

SEKSJONER = [
    ("1", "Innledning", ["kommunemaal"]),
    ("2", "Føringer", ["foringer"]),
    ("3", "Mål og resultatindikatorer", ["maal", "resultatindikatorer"]),
    ("4", "Årsbudsjett", ["budsjett"]),
    ("5", "Oppdrag", ["oppdrag"]),
    ("6", "Styringsdialog og rapportering", ["styringsmoter", "rapportering"]),
]
# (report, name, deadline month counted from January of the letter's year, so 13 is
# January of the next, deadline day): the state's tertial deadlines.
RAPPORTER = [
    (Rapporteringskrav.Rapporttype.TERTIAL_1, "1. tertial", 5, 15),
    (Rapporteringskrav.Rapporttype.TERTIAL_2, "2. tertial", 9, 14),
    (Rapporteringskrav.Rapporttype.AARSRAPPORT, "Årsberetning", 13, 31),
]
FORINGSTEMA = ["Bistandsplikt", "Ungt utenforskap", "Mangfold og inkludering", "HMS", "Klima"]
SEKTORMAAL_PER_BREV, TILTAK_PER_SEKTORMAAL = 3, 3

# Users per organisation, by kind: the role of the 1st, 2nd ... user there.
ROLLER = {
    Virksomhet.Type.BYRAADSAVDELING: [Rolle.STYRER, Rolle.STYRER, Rolle.LESER],
    Virksomhet.Type.ETAT: [Rolle.RAPPORTOR, Rolle.GODKJENNER, Rolle.LESER, Rolle.RAPPORTOR],
    Virksomhet.Type.BYDEL: [Rolle.RAPPORTOR, Rolle.LESER],
}


@dataclass(frozen=True)
class Omfang:
    """How much the dataset holds at ``skala`` (1.0 is the city-scale dataset)."""

    skala: float
    aar: int
    maaneder: int
    oppdrag_per_brev: int
    indikatorer_per_brev: int
    institusjoner: int
    brukere: int

    @property
    def indikatorer_byttet_per_aar(self):
        """Indicators an agency replaces each year (the rest carry into next year's letter)."""
        return round(self.indikatorer_per_brev / 10)


def _n(full, skala):
    return max(1, round(full * skala))


def omfang(skala=1.0):
    return Omfang(
        skala=skala,
        aar=_n(10, skala),
        maaneder=_n(120, skala),
        oppdrag_per_brev=_n(30, skala),
        indikatorer_per_brev=_n(20, skala),
        institusjoner=_n(100, skala),
        brukere=_n(1000, skala),
    )


def finnes():
    """Whether a synthetic dataset is already in the database."""
    return Virksomhet.objects.filter(kode__startswith=PREFIX).exists()


def bulk(model, objects):
    """``bulk_create`` in batches; returns the objects with their primary keys."""
    return model.objects.bulk_create(objects, batch_size=BATCH)


def lag(*, rng, skala, idag=None):
    """Organisations, users, letters with sections, goals, directives, reporting duties,
    steering meetings and risk assessments. Returns the context the apps build on."""
    idag = idag or timezone.localdate()
    volum = omfang(skala)
    kontekst = {
        "omfang": volum,
        "idag": idag,
        "aar": list(range(idag.year - volum.aar + 1, idag.year + 1)),
        "maaneder": maaneder_fram_til(idag, antall=volum.maaneder),
        "antall": {},
    }
    _organisasjoner(kontekst)
    _brukere(kontekst)
    _brev(kontekst, rng)
    return kontekst


# Organisations


def _fyll_opp(existing, target, make):
    """``existing`` plus as many made by ``make(number)`` as it takes to reach ``target``."""
    made = [make(number) for number in range(1, max(0, target - len(existing)) + 1)]
    return existing, bulk(Virksomhet, made) if made else []


def _organisasjoner(kontekst):
    Type = Virksomhet.Type
    departments, new_departments = _fyll_opp(
        list(Virksomhet.objects.filter(type=Type.BYRAADSAVDELING).order_by("kode")),
        AVDELINGER,
        lambda n: Virksomhet(
            kode=f"{PREFIX}BYR-{n:02d}",
            navn=f"Byrådsavdeling {n:02d} {MERKE}",
            type=Type.BYRAADSAVDELING,
        ),
    )
    departments = departments + new_departments
    steered = list(
        Virksomhet.objects.filter(type=Type.ETAT, styres_av__type=Type.BYRAADSAVDELING).order_by(
            "kode"
        )
    )
    # New agencies go round the departments, so each steers four or five.
    agencies, new_agencies = _fyll_opp(
        steered,
        ETATER,
        lambda n: Virksomhet(
            kode=f"{PREFIX}ETAT-{n:02d}",
            navn=f"Etat {n:02d} {MERKE}",
            type=Type.ETAT,
            styres_av=departments[(n - 1) % len(departments)],
        ),
    )
    agencies = agencies + new_agencies
    districts, new_districts = _fyll_opp(
        list(Virksomhet.objects.filter(type=Type.BYDEL).order_by("kode")),
        BYDELER,
        lambda n: Virksomhet(
            kode=f"{PREFIX}BYDEL-{n:02d}", navn=f"Bydel {n:02d} {MERKE}", type=Type.BYDEL
        ),
    )
    districts = districts + new_districts
    # Child welfare (institutions, belegg, bistandsplikt) belongs to BFE when it is there.
    barnevern = next((a for a in agencies if a.kode == "BFE"), agencies[0])
    kontekst.update(
        avdelinger=departments,
        etater=agencies,
        bydeler=districts,
        barnevern=barnevern,
    )
    kontekst["antall"]["virksomheter (nye)"] = (
        len(new_departments) + len(new_agencies) + len(new_districts)
    )


# Users


def _brukere(kontekst):
    """``omfang.brukere`` users spread over the organisations, the child-welfare agency and
    its department first (so even a tiny dataset has a user in each)."""
    barnevern = kontekst["barnevern"]
    departments = sorted(kontekst["avdelinger"], key=lambda v: v.pk != barnevern.styres_av_id)
    agencies = sorted(kontekst["etater"], key=lambda v: v.pk != barnevern.pk)
    organisations = departments + agencies + kontekst["bydeler"]
    password = make_password(PASSORD)
    users = []
    for index in range(kontekst["omfang"].brukere):
        organisation = organisations[index % len(organisations)]
        roles = ROLLER[organisation.type]
        number = index + 1
        users.append(
            Bruker(
                username=f"syn-{number:04d}",
                first_name="Syntetisk",
                last_name=f"Bruker {number:04d} {MERKE}",
                email=f"syn-{number:04d}@syntetisk.invalid",
                password=password,
                virksomhet=organisation,
                rolle=roles[(index // len(organisations)) % len(roles)],
            )
        )
    kontekst["brukere"] = bulk(Bruker, users)
    kontekst["antall"]["brukere"] = len(users)


# Letters


def _planperioder(years):
    """One plan period per letter year: a synthetic «KPS 2015» before 2025, else KPS 2025
    (the real one when a letter has been loaded), each with its five municipal goals."""
    plans = {}
    for adopted in sorted({2015 if year < 2025 else 2025 for year in years}):
        plan = Planperiode.objects.filter(kortnavn=f"KPS {adopted}").first()
        if plan is None or not plan.kommunemaal.exists():
            plan, _created = Planperiode.objects.get_or_create(
                kortnavn=f"{PREFIX}KPS-{adopted}",
                defaults={
                    "navn": f"Kommuneplanens samfunnsdel {adopted} {MERKE}",
                    "vedtatt_aar": adopted,
                },
            )
            if not plan.kommunemaal.exists():
                bulk(
                    Maal,
                    [
                        Maal(
                            planperiode=plan,
                            nivaa=Maal.Nivaa.KOMMUNEMAAL,
                            kode=str(n),
                            tekst=f"Kommunemål {n} {MERKE}",
                            rekkefolge=n,
                        )
                        for n in range(1, 6)
                    ],
                )
        plans[adopted] = (plan, list(plan.kommunemaal.order_by("rekkefolge", "pk")))
    return {year: plans[2015 if year < 2025 else 2025] for year in years}


def _brev(kontekst, rng):
    years, agencies = kontekst["aar"], kontekst["etater"]
    plans = _planperioder(years)
    taken = set(
        Tildelingsbrev.objects.filter(aar__in=years, mottakere__in=agencies)
        .exclude(type=Tildelingsbrev.Type.SUPPLERENDE)
        .values_list("mottakere", "aar")
    )
    letters, previous, previous_goals = [], {}, {}
    tiltak, counts = {}, kontekst["antall"]
    for year in years:
        plan, kommunemaal = plans[year]
        pairs = []
        for number, agency in enumerate(agencies, start=1):
            if (agency.pk, year) in taken:
                continue
            letter = Tildelingsbrev(
                type=Tildelingsbrev.Type.TILDELINGSBREV,
                tittel=f"Tildelingsbrev {year} – {agency.navn}",
                utsteder_id=agency.styres_av_id,
                aar=year,
                saksnr=f"{PREFIX}{year - 1}/{number:04d}",
                dato=datetime.date(year - 1, 12, 10 + number % 15),
                saksbehandler=f"Saksbehandler {MERKE}",
                planperiode=plan,
                status=Tildelingsbrev.Status.UTSTEDT,
                utstedt=timezone.make_aware(datetime.datetime(year - 1, 12, 20, 12)),
                forrige_id=previous.get(agency.pk),
            )
            pairs.append((agency, letter))
        # bulk_create fills in the primary keys of the objects it is given, in order.
        made = bulk(Tildelingsbrev, [letter for _agency, letter in pairs])
        recipients = {letter.pk: agency for agency, letter in pairs}
        bulk(
            Tildelingsbrev.mottakere.through,
            [
                Tildelingsbrev.mottakere.through(tildelingsbrev_id=pk, virksomhet_id=agency.pk)
                for pk, agency in recipients.items()
            ],
        )
        _brevdeler(made, rng)
        goals = _maal(made, recipients, kommunemaal, previous_goals)
        for letter in made:
            agency = recipients[letter.pk]
            previous[agency.pk] = letter.pk
            tiltak[letter.pk] = goals[letter.pk]
            letters.append((agency, year, letter))
        _styringsmoter(made, recipients, rng)
        _risiko(made, recipients, goals, rng, kontekst["idag"])
    kontekst["brev"] = letters
    kontekst["tiltak"] = tiltak
    counts["tildelingsbrev"] = len(letters)


def _brevdeler(letters, rng):
    sections, reports, directives = [], [], []
    for letter in letters:
        for order, (nummer, tittel, innhold) in enumerate(SEKSJONER, start=1):
            sections.append(
                Seksjon(
                    brev=letter,
                    nummer=nummer,
                    tittel=tittel,
                    tekst=f"{tittel} for {letter.aar}. {MERKE}",
                    innhold=innhold,
                    rekkefolge=order,
                )
            )
        for order, (kind, name, month, day) in enumerate(RAPPORTER, start=1):
            reports.append(
                Rapporteringskrav(
                    brev=letter,
                    rapporttype=kind,
                    navn=name,
                    frist=legg_til_maaneder(datetime.date(letter.aar, 1, day), month - 1),
                    rekkefolge=order,
                )
            )
    sections = bulk(Seksjon, sections)
    by_letter = {}
    for section in sections:
        if section.nummer == "2":
            by_letter[section.brev_id] = section
    for letter in letters:
        for order, tema in enumerate(rng.sample(FORINGSTEMA, 3), start=1):
            directives.append(
                Foring(
                    brev=letter,
                    seksjon=by_letter[letter.pk],
                    tema=tema,
                    tekst=f"Føring om {tema.lower()} for {letter.aar}. {MERKE}",
                    rekkefolge=order,
                )
            )
    bulk(Rapporteringskrav, reports)
    bulk(Foring, directives)


def _maal(letters, recipients, kommunemaal, previous_goals):
    """3 sector goals with 3 measures each per letter, each a copy of last year's."""
    sector, measures = [], []
    for letter in letters:
        agency = recipients[letter.pk]
        for s in range(1, SEKTORMAAL_PER_BREV + 1):
            sector.append(
                Maal(
                    brev=letter,
                    nivaa=Maal.Nivaa.SEKTORMAAL,
                    kode=f"{s}.{s}",
                    tekst=f"Sektormål {s}.{s} for {agency.navn}",
                    forelder=kommunemaal[(s - 1) % len(kommunemaal)],
                    kopiert_fra_id=previous_goals.get((agency.pk, "s", s)),
                    rekkefolge=s * 10,
                )
            )
    sector = bulk(Maal, sector)
    for goal in sector:
        agency = recipients[goal.brev_id]
        s = goal.rekkefolge // 10
        previous_goals[(agency.pk, "s", s)] = goal.pk
        for t in range(1, TILTAK_PER_SEKTORMAAL + 1):
            measures.append(
                Maal(
                    brev_id=goal.brev_id,
                    nivaa=Maal.Nivaa.TILTAK,
                    kode=f"{s}.{s}.{t}",
                    tekst=f"Tiltak {s}.{s}.{t} {MERKE}",
                    presisering="Presisering av tiltaket.",
                    rapportering="Årsberetning",
                    forelder=goal,
                    kopiert_fra_id=previous_goals.get((agency.pk, "t", s, t)),
                    rekkefolge=s * 10 + t,
                )
            )
    measures = bulk(Maal, measures)
    result = {letter.pk: [] for letter in letters}
    for goal in measures:
        agency = recipients[goal.brev_id]
        s, t = divmod(goal.rekkefolge, 10)
        previous_goals[(agency.pk, "t", s, t)] = goal.pk
        result[goal.brev_id].append(goal)
    return result


def _styringsmoter(letters, recipients, rng):
    meetings = []
    for letter in letters:
        for month in (2, 5, 9, 12):
            meetings.append(
                Styringsmote(
                    virksomhet=recipients[letter.pk],
                    brev=letter,
                    type=Styringsmote.Type.ETATSSTYRINGSMOTE,
                    dato=datetime.date(letter.aar, month, rng.randint(3, 26)),
                    start=datetime.time(9, 0),
                    slutt=datetime.time(11, 0),
                    tema=f"Etatsstyringsmøte {MERKE}",
                )
            )
    bulk(Styringsmote, meetings)


def _risiko(letters, recipients, goals, rng, idag):
    """Risk assessments of the first three measures, for every tertial begun by ``idag``."""
    rows = []
    for letter in letters:
        tertials = [
            t
            for t in Tertial
            if periode_i_aar(aar=letter.aar, nummer=t, frekvens=Frekvens.TERTIAL)[0] <= idag
        ]
        for goal in goals[letter.pk][:3]:
            for tertial in tertials:
                likelihood, consequence = rng.randint(1, 5), rng.randint(1, 5)
                rows.append(
                    Risikovurdering(
                        virksomhet=recipients[letter.pk],
                        maal=goal,
                        aar=letter.aar,
                        tertial=tertial,
                        risiko=f"Risiko for at {goal.kode} ikke nås. {MERKE}",
                        sannsynlighet=likelihood,
                        konsekvens=consequence,
                        risikotoleranse=rng.choice(["lav", "middels", "hoy"]),
                        tiltak="Risikoreduserende tiltak.",
                        eier=f"Avdelingsdirektør {MERKE}",
                    )
                )
    bulk(Risikovurdering, rows)
