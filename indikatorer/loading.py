"""Load the indicators of a letter transcribed in ``fixtures/brev``, and set up the monthly
reports the BFE letter asks for.

Registered in ``styring.registries.lasting`` by ``indikatorer.contributions``;
``styring.loading`` calls ``last_indikatorer`` and ``sett_opp_maanedsrapporter`` inside the
transaction that loads the letter.

The monthly reports: "Barne- og familieetaten skal i tillegg rapportere månedlig på
følgende til byrådsavdelingen: Avvik på bistandsplikten, Belegg på institusjonene." Both
become obligations (``Skjema``) tied to those reporting requirements. BFE's institutions
come from byrådssak 121/25 («Totalt har BFE pt. en kapasitet på 30 omsorgsplasser, 5
behandlingsplasser og 17 akuttplasser», source: BFE May 2025). The seeds give the places
per kind, not per institution, so each kind is one institution with a demo name.
"""

import datetime

from indikatorer import maaltall as mt
from indikatorer.models import Indikator, Indikatorsett, Maalverdi, Resultat
from indikatorer.models.rapportering import Institusjon, Kapasitet, Skjema, Skjemafelt
from styring import perioder
from styring.models import Rapporteringskrav, Virksomhet

# How often an indicator is reported, read from the letter's words.
FREKVENS_ETTER_KODE = {
    "maaned": Indikator.Frekvens.MAANED,
    "tertial_og_aar": Indikator.Frekvens.TERTIAL_OG_AAR,
    "aar": Indikator.Frekvens.AAR,
}

# Which way is better, from how the target is written.
LAVERE = {
    mt.Sammenligning.UNDER,
    mt.Sammenligning.MAKS,
    mt.Sammenligning.FAERRE_ENN,
    mt.Sammenligning.LAVERE_ENN,
    mt.Sammenligning.REDUSERT,
}
HOYERE = {
    mt.Sammenligning.OVER,
    mt.Sammenligning.MINST,
    mt.Sammenligning.FLERE_ENN,
    mt.Sammenligning.HOYERE_ENN,
    mt.Sammenligning.OKT,
}

# The indicator's unit, from the unit its target is written in.
ENHET_FRA_MAALTALL = {
    mt.Enhet.PROSENT: Indikator.Enhet.PROSENT,
    mt.Enhet.ANTALL: Indikator.Enhet.ANTALL,
    mt.Enhet.PER_1000: Indikator.Enhet.PER_1000,
    mt.Enhet.TIMER: Indikator.Enhet.TIMER,
    mt.Enhet.DAGER: Indikator.Enhet.DAGER,
    mt.Enhet.UKER: Indikator.Enhet.UKER,
    mt.Enhet.MAANEDER: Indikator.Enhet.MAANEDER,
    mt.Enhet.KRONER: Indikator.Enhet.KRONER,
    mt.Enhet.JA_NEI: Indikator.Enhet.JA_NEI_DELVIS,
    mt.Enhet.TEKST: Indikator.Enhet.TEKST,
}


def frekvens_fra_tekst(tekst):
    """The reporting frequency a letter describes in words, or "" when it does not say."""
    lowered = (tekst or "").lower()
    if "måned" in lowered:
        return Indikator.Frekvens.MAANED
    if "tre ganger" in lowered or ("kvartal" in lowered and "tertial" in lowered):
        return Indikator.Frekvens.TRE_GANGER
    if "tertial" in lowered:
        return Indikator.Frekvens.TERTIAL_OG_AAR
    if "årsberetning" in lowered or "årsrapport" in lowered:
        return Indikator.Frekvens.AAR
    return ""


def retning_fra(target):
    """Which way is better, as the target says it: "< 9,1 %" lower, "Minimum 80" higher,
    "0" lower, "100 %" higher, another exact number exactly, an assessment none."""
    if target.sammenligning in LAVERE:
        return Indikator.Retning.LAVERE_ER_BEDRE
    if target.sammenligning in HOYERE:
        return Indikator.Retning.HOYERE_ER_BEDRE
    if target.sammenligning == mt.Sammenligning.LIK and target.verdi is not None:
        if target.verdi == 0:
            return Indikator.Retning.LAVERE_ER_BEDRE
        if target.enhet == mt.Enhet.PROSENT and target.verdi == 100:
            return Indikator.Retning.HOYERE_ER_BEDRE
        return Indikator.Retning.EKSAKT
    return Indikator.Retning.INGEN


def enhet_fra(target, navn="", resultater=()):
    """The indicator's unit: per 1,000 or yes/no/partly when its name says so, else the
    unit its results are written in, else its target's."""
    lowered = navn.lower()
    if "1 000" in lowered or "1000" in lowered:
        return Indikator.Enhet.PER_1000
    if "ja/nei/delvis" in lowered:
        return Indikator.Enhet.JA_NEI_DELVIS
    for text in resultater:
        unit = mt.tolk_resultat(text).enhet
        if unit not in (None, mt.Enhet.ANTALL):
            return ENHET_FRA_MAALTALL[unit]
    return ENHET_FRA_MAALTALL.get(target.enhet, "") if target.enhet else ""


# Loading the indicators


def last_indikatorer(*, brev, data, maal):
    if data["dokumenttype"] == "tildelingsbrev":
        _last_resultatindikatorer(brev, data)
        _last_klimabudsjett(brev, data)
    else:
        _last_styringsparametere(brev, data, maal)


def _ny_indikator(brev, *, target_text, target_year, bidragsytere=(), resultater=(), **fields):
    target = mt.tolk_maaltall(target_text)
    fields.setdefault("retning", retning_fra(target))
    fields.setdefault("enhet", enhet_fra(target, fields.get("navn", ""), resultater))
    indikator = Indikator.objects.create(**fields)
    indikator.brev.add(brev)
    if bidragsytere:
        indikator.bidragsytere.set(bidragsytere)
    if target_text:
        maalverdi = Maalverdi(indikator=indikator, aar=target_year)
        maalverdi.maaltall = target
        maalverdi.save()
    return indikator


def _last_resultatindikatorer(brev, data):
    recipient = brev.mottakere.get()
    organisations = {v.kode: v for v in Virksomhet.objects.all()}
    for order, item in enumerate(data.get("resultatindikatorer") or [], start=1):
        contributors = [organisations[kode] for kode in item.get("bidragsytere") or []]
        target = item.get("maaltall") or {}
        sett = None
        if item.get("maal"):
            sett, _created = Indikatorsett.objects.get_or_create(
                navn=item["maal"], defaults={"eier": brev.utsteder}
            )
            shared = Indikator.objects.filter(sett=sett, navn=item["navn"]).first()
            if shared is not None:
                # One set, shared: another letter's indicator gains this letter and its
                # contributors, never a copy.
                shared.brev.add(brev)
                shared.bidragsytere.add(*contributors)
                _add_target(shared, target)
                _add_results(shared, item)
                continue
        indikator = _ny_indikator(
            brev,
            target_text=target.get("tekst") or "",
            target_year=target.get("aar") or brev.aar,
            bidragsytere=contributors,
            resultater=[r.get("tekst") or "" for r in item.get("resultater") or []],
            navn=item["navn"],
            type=Indikator.Type.RESULTATINDIKATOR,
            kilde=item.get("kilde") or "",
            merknad=item.get("merknad") or "",
            rapportering=item.get("rapportering") or "",
            rapporteringsfrekvens=frekvens_fra_tekst(item.get("rapportering")),
            sett=sett,
            # A shared set's indicator belongs to the department that coordinates it; an
            # agency's own indicator to the agency.
            eier=brev.utsteder if sett else recipient,
            rekkefolge=order,
        )
        _add_results(indikator, item)


def _add_target(indikator, target):
    if target.get("tekst") and not indikator.maalverdier.filter(aar=target["aar"]).exists():
        maalverdi = Maalverdi(indikator=indikator, aar=target["aar"])
        maalverdi.maaltall = mt.tolk_maaltall(target["tekst"])
        maalverdi.save()


def _add_results(indikator, item):
    for result in item.get("resultater") or []:
        exists = indikator.resultater.filter(
            aar=result["aar"], periode="", virksomhet__isnull=True
        ).exists()
        if not exists and result.get("tekst"):
            Resultat.objects.create(indikator=indikator, aar=result["aar"], tekst=result["tekst"])


def _last_klimabudsjett(brev, data):
    recipient = brev.mottakere.get()
    start = 100  # after the result indicators
    for order, item in enumerate(data.get("klimabudsjett") or [], start=start):
        _ny_indikator(
            brev,
            target_text=item.get("maaltall") or "",
            target_year=brev.aar,
            kode=item.get("nr") or "",
            navn=item["indikator"],
            type=Indikator.Type.KLIMAINDIKATOR,
            kategori=item.get("kategori") or "",
            beskrivelse=item.get("virkemiddel") or "",
            rapportering=item.get("rapportering") or "",
            rapporteringsfrekvens=frekvens_fra_tekst(item.get("rapportering")),
            eier=recipient,
            rekkefolge=order,
        )


def _last_styringsparametere(brev, data, maal):
    regions = list(brev.mottakere.all())
    order = 0
    for hovedmaal in data.get("hovedmaal") or []:
        groups = [(hovedmaal["kode"], hovedmaal.get("styringsparametere") or [])]
        groups += [
            (delmaal["kode"], delmaal.get("styringsparametere") or [])
            for delmaal in hovedmaal.get("delmaal") or []
        ]
        for goal_code, items in groups:
            for item in items:
                order += 1
                _ny_indikator(
                    brev,
                    target_text=item.get("resultatkrav") or "",
                    target_year=brev.aar,
                    bidragsytere=regions,
                    kode=item["kode"],
                    navn=item["tekst"],
                    type=Indikator.Type.STYRINGSPARAMETER,
                    rapportering=item.get("rapportering") or "",
                    rapporteringsfrekvens=FREKVENS_ETTER_KODE.get(item.get("frekvens"), "")
                    or frekvens_fra_tekst(item.get("rapportering")),
                    ansvarlig_enhet=item.get("ansvarlig_bufdir") or "",
                    eier=brev.utsteder,
                    maal=maal.get(goal_code),
                    rekkefolge=order,
                )


# The monthly reports of the BFE letter

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
            "frekvens": perioder.Frekvens.MAANED,
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
            "frekvens": perioder.Frekvens.MAANED,
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
