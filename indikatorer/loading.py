"""The two monthly reports the BFE letter asks for, set up when the letter is loaded.

"Barne- og familieetaten skal i tillegg rapportere månedlig på følgende til
byrådsavdelingen: Avvik på bistandsplikten, Belegg på institusjonene." Both become
obligations (``Skjema``) tied to those reporting requirements. BFE's institutions come
from byrådssak 121/25 («Totalt har BFE pt. en kapasitet på 30 omsorgsplasser, 5
behandlingsplasser og 17 akuttplasser», source: BFE May 2025). The seeds give the places
per kind, not per institution, so each kind is one institution with a demo name.
"""

import datetime

from indikatorer.models import Indikator
from indikatorer.rapporteringsmodeller import Institusjon, Kapasitet, Skjema, Skjemafelt
from styring.models import Rapporteringskrav, Virksomhet

KAPASITET_KILDE = "Byrådssak 121/25, kilde: Barne- og familieetaten mai 2025"
KAPASITET_FRA = datetime.date(2025, 5, 1)
INSTITUSJONER = [
    ("Demo akuttinstitusjon", Institusjon.Type.AKUTT, 17),
    ("Demo omsorgsinstitusjon", Institusjon.Type.OMSORG, 30),
    ("Demo behandlingsinstitusjon", Institusjon.Type.BEHANDLING, 5),
]

# (code, name, unit, required, help text)
BELEGG_FELT = [
    ("liggedogn", "Belagte liggedøgn", Skjemafelt.Enhet.HELTALL, True, ""),
    (
        "barn_ved_slutt",
        "Barn i institusjonen ved månedens slutt",
        Skjemafelt.Enhet.HELTALL,
        True,
        "",
    ),
    ("kommentar", "Kommentar", Skjemafelt.Enhet.TEKST, False, "Ikke skriv personopplysninger."),
]
BISTANDSPLIKT_FELT = [
    ("foresporsler", "Forespørsler", Skjemafelt.Enhet.HELTALL, True, ""),
    ("brudd", "Brudd (ikke levert i tide)", Skjemafelt.Enhet.HELTALL, True, ""),
    (
        "innen_2_timer",
        "Akutte forespørsler møtt innen 2 timer",
        Skjemafelt.Enhet.HELTALL,
        False,
        "Bare for akutte forespørsler.",
    ),
    ("eqs", "EQS-referanser", Skjemafelt.Enhet.TEKST, False, "Avviksnumrene i EQS."),
    (
        "forklaring",
        "Forklaring",
        Skjemafelt.Enhet.TEKST,
        False,
        "Påkrevd når det er brudd. Ikke skriv personopplysninger.",
    ),
]

# Fields that feed the result indicators of section 4.1 of the letter.
INDIKATORER = [
    ("brudd", "Antall brudd på bistandsplikten"),
    ("innen_2_timer", "Hastetilbud fremskaffet innen 2 timer"),
]


def _fields(skjema, spec):
    for order, (code, name, unit, required, help_text) in enumerate(spec, start=1):
        Skjemafelt.objects.get_or_create(
            skjema=skjema,
            kode=code,
            defaults={
                "navn": name,
                "enhet": unit,
                "paakrevd": required,
                "hjelpetekst": help_text,
                "rekkefolge": order,
            },
        )


def _requirement(brev, name):
    return Rapporteringskrav.objects.filter(brev=brev, navn=name).first()


def sett_opp_maanedsrapporter(*, brev, data, maal):
    if data.get("dokumenttype") != "tildelingsbrev" or data["mottaker"]["kode"] != "BFE":
        return
    bfe = Virksomhet.objects.get(kode="BFE")
    start = datetime.date(brev.aar, 1, 1)
    if not Institusjon.objects.filter(virksomhet=bfe).exists():
        for name, kind, places in INSTITUSJONER:
            institution = Institusjon.objects.create(
                virksomhet=bfe, navn=name, type=kind, demo=True
            )
            Kapasitet.objects.create(
                institusjon=institution,
                gjelder_fra=KAPASITET_FRA,
                plasser=places,
                kilde=KAPASITET_KILDE,
            )
    belegg, _created = Skjema.objects.get_or_create(
        kode="belegg",
        defaults={
            "navn": "Belegg på institusjonene",
            "type": Skjema.Type.BELEGG,
            "eier": brev.utsteder,
            "frekvens": "maaned",
            "inndeling": Skjema.Inndeling.INSTITUSJON,
            "aktiv_fra": start,
            "rapporteringskrav": _requirement(brev, "Belegg på institusjonene"),
        },
    )
    belegg.rapportorer.add(bfe)
    _fields(belegg, BELEGG_FELT)
    bistandsplikt, _created = Skjema.objects.get_or_create(
        kode="bistandsplikt",
        defaults={
            "navn": "Avvik på bistandsplikten",
            "type": Skjema.Type.BISTANDSPLIKT,
            "eier": brev.utsteder,
            "frekvens": "maaned",
            "inndeling": Skjema.Inndeling.BYDEL,
            "aktiv_fra": start,
            "rapporteringskrav": _requirement(brev, "Avvik på bistandsplikten"),
            # «Brudd på bistandsplikten skal rapporteres månedlig. Bydelene gjør tilsvarende.»
            "beskrivelse": "Bydelene rapporterer tilsvarende.",
        },
    )
    bistandsplikt.rapportorer.add(bfe, *Virksomhet.objects.filter(type=Virksomhet.Type.BYDEL))
    _fields(bistandsplikt, BISTANDSPLIKT_FELT)
    # Approved numbers become results of the letter's two bistandsplikt indicators.
    for code, indicator_name in INDIKATORER:
        indicator = Indikator.objects.filter(brev=brev, navn=indicator_name).first()
        if indicator is not None:
            for felt in bistandsplikt.felt.filter(kode=code, indikator=None):
                felt.indikator = indicator
                felt.save()
