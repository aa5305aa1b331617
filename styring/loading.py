"""Load a letter transcribed in ``fixtures/brev/*.json`` into the database.

The transcriptions keep the letters' own words and structure; this module maps them
onto the models. A letter loads once (by its file name) and all-or-nothing. What the
other apps own (assignments, indicators, budgets) they load themselves through
``styring.registries.lasting``.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from styring import registries
from styring.models import (
    Foring,
    Maal,
    Planperiode,
    Rapporteringskrav,
    Seksjon,
    Styringsmote,
    Tildelingsbrev,
    Vedlegg,
    Virksomhet,
)

BREV_DIR = Path(settings.BASE_DIR) / "fixtures" / "brev"

# The KPS the Oslo letters refer to ("Bystyret vedtok i 2025 ny kommuneplanens samfunnsdel").
KPS_2025 = {"kortnavn": "KPS 2025", "navn": "Kommuneplanens samfunnsdel 2025", "vedtatt_aar": 2025}

# Report names as the letters print them, mapped to the report types.
RAPPORTTYPER = {
    "1. kvartal": Rapporteringskrav.Rapporttype.KVARTAL_1,
    "1. tertial": Rapporteringskrav.Rapporttype.TERTIAL_1,
    "2. tertial": Rapporteringskrav.Rapporttype.TERTIAL_2,
    "3. tertial": Rapporteringskrav.Rapporttype.TERTIAL_3,
    "årsberetning": Rapporteringskrav.Rapporttype.AARSRAPPORT,
    "årsrapport": Rapporteringskrav.Rapporttype.AARSRAPPORT,
    "månedsrapport": Rapporteringskrav.Rapporttype.MAANEDSRAPPORT,
}

MOTETYPER = {
    "etatsstyringsmøte": Styringsmote.Type.ETATSSTYRINGSMOTE,
    "virksomhetsstyringssamtale": Styringsmote.Type.VIRKSOMHETSSTYRINGSSAMTALE,
    "direktørmøte": Styringsmote.Type.DIREKTORMOTE,
}

# Content keys in the transcriptions, mapped to the parts shown inside a section.
INNHOLD = {"styringsdialog": "styringsmoter", "styringsdialog.risikostyring": None}


def tilgjengelige():
    return sorted(BREV_DIR.glob("*.json"))


def last_alle():
    """Load every transcription not loaded yet; returns the letters loaded now."""
    loaded = []
    for path in tilgjengelige():
        if not Tildelingsbrev.objects.filter(kilde=path.stem).exists():
            loaded.append(last_brev(sti=path))
    return loaded


@transaction.atomic
def last_brev(*, sti):
    data = json.loads(Path(sti).read_text(encoding="utf-8"))
    if data["dokumenttype"] == "tildelingsbrev":
        loader = _Tildelingsbrev(data, kilde=Path(sti).stem)
    else:
        loader = _Disponeringsbrev(data, kilde=Path(sti).stem)
    brev = loader.last()
    for function in registries.lasting:
        function(brev=brev, data=data, maal=loader.maal)
    return brev


def _dato(value):
    return datetime.date.fromisoformat(value) if value else None


def _innhold(keys):
    result = []
    for key in keys or []:
        key = INNHOLD.get(key, key)
        if key and key not in result:
            result.append(key)
    return result


class _Loader:
    def __init__(self, data, *, kilde):
        self.data = data
        self.kilde = kilde
        self.maal = {}
        self.seksjoner = {}
        self.order = 0

    def next_order(self):
        self.order += 1
        return self.order

    def letter(self, *, type, utsteder, mottakere, tittel):
        data = self.data
        self.brev = Tildelingsbrev.objects.create(
            type=type,
            tittel=tittel,
            utsteder=Virksomhet.objects.get(kode=utsteder),
            aar=data["aar"],
            saksnr=data.get("saksnr") or "",
            dato=_dato(data.get("dato")),
            saksbehandler=data.get("saksbehandler_tekst") or "",
            status=Tildelingsbrev.Status.UTSTEDT,
            kilde=self.kilde,
        )
        self.brev.mottakere.set(mottakere)
        for name in data.get("vedlegg") or []:
            Vedlegg.objects.create(brev=self.brev, navn=name, rekkefolge=self.next_order())
        return self.brev

    def section(self, nummer, tittel, tekst="", innhold=(), tekst_etter=""):
        seksjon = Seksjon.objects.create(
            brev=self.brev,
            nummer=nummer or "",
            tittel=tittel,
            tekst=tekst or "",
            innhold=_innhold(innhold),
            tekst_etter=tekst_etter,
            rekkefolge=self.next_order(),
        )
        self.seksjoner[nummer or tittel] = seksjon
        return seksjon

    def goal(self, *, nivaa, kode, tekst, forelder=None, **fields):
        maal = Maal.objects.create(
            brev=self.brev,
            nivaa=nivaa,
            kode=kode,
            tekst=tekst,
            forelder=forelder,
            rekkefolge=self.next_order(),
            **{k: v or "" for k, v in fields.items()},
        )
        self.maal[kode] = maal
        return maal

    def report(self, item):
        name = item["rapport"]
        rapporttype = RAPPORTTYPER.get(name.lower())
        if rapporttype is None and item.get("frekvens") == "maaned":
            rapporttype = Rapporteringskrav.Rapporttype.MAANEDSRAPPORT
        periode = (item.get("periode") or "/").split("/")
        return Rapporteringskrav.objects.create(
            brev=self.brev,
            rapporttype=rapporttype or Rapporteringskrav.Rapporttype.ANNET,
            navn=name,
            frekvens=item.get("frekvens") or "",
            periode_fra=_dato(periode[0]),
            periode_til=_dato(periode[1]),
            frist=_dato(item.get("frist")),
            frist_dag_i_maaned=item.get("frist_dag_i_maaned"),
            frist_tekst=item.get("frist_tekst") or "",
            mottaker=item.get("mottaker") or "",
            tekst=item.get("tekst") or "",
            rekkefolge=self.next_order(),
        )


class _Tildelingsbrev(_Loader):
    """An Oslo kommune allocation letter (byrådsavdeling → etat)."""

    def last(self):
        data = self.data
        recipient = Virksomhet.objects.get(kode=data["mottaker"]["kode"])
        self.letter(
            type=Tildelingsbrev.Type.TILDELINGSBREV,
            utsteder=data["utsteder"]["kode"],
            mottakere=[recipient],
            tittel=data.get("tittel") or f"Tildelingsbrev {data['aar']} – {recipient.navn}",
        )
        plan, _created = Planperiode.objects.get_or_create(
            kortnavn=KPS_2025["kortnavn"], defaults=KPS_2025
        )
        self.brev.planperiode = plan
        self.brev.save(update_fields=["planperiode"])
        kommunemaal = {}
        for item in data["kommunemaal"]:
            kommunemaal[item["kode"]], _created = Maal.objects.get_or_create(
                planperiode=plan,
                nivaa=Maal.Nivaa.KOMMUNEMAAL,
                kode=item["kode"],
                defaults={"tekst": item["tekst"], "rekkefolge": int(item["kode"])},
            )
        self.sections()
        for item in data["maal"]:
            sektormaal = self.goal(
                nivaa=Maal.Nivaa.SEKTORMAAL,
                kode=item["kode"],
                tekst=item["tekst"],
                forelder=kommunemaal[item["kommunemaal"]],
                beskrivelse=item.get("innledning"),
            )
            for tiltak in item["tiltak"]:
                self.goal(
                    nivaa=Maal.Nivaa.TILTAK,
                    kode=tiltak["kode"],
                    tekst=tiltak["tekst"],
                    forelder=sektormaal,
                    presisering=tiltak.get("presisering"),
                    rapportering=tiltak.get("rapportering"),
                    samarbeid=", ".join(tiltak.get("samarbeid") or []),
                )
        reports = [self.report(item) for item in data["rapportering"]]
        for item in data["foringer"]:
            plikt = (item.get("rapporteringsplikt") or [None])[0]
            Foring.objects.create(
                brev=self.brev,
                seksjon=self.seksjoner.get(item["seksjon"]),
                tema=item.get("tema") or "",
                tekst=item["tekst"],
                rapporteringsplikt=plikt["tekst"] if plikt else "",
                rapporteres_i=_report_for(reports, plikt, item.get("tema") or ""),
                rekkefolge=self.next_order(),
            )
        return self.brev

    def sections(self):
        data = self.data
        for item in data["seksjoner"]:
            tekst, etter = item.get("tekst") or "", ""
            if item.get("se") == ["kommunemaal"] and ":\n\n" in tekst:
                # The letter lists the municipal goals after the first paragraph.
                first, etter = tekst.split(":\n\n", 1)
                tekst = first + ":"
            self.section(item["nummer"], item["tittel"], tekst, item.get("se"), etter)
            for sub in item.get("underseksjoner") or []:
                if not sub.get("nummer"):
                    # Themes of directives and table headings: shown by the parts themselves.
                    continue
                if "styringsdialog.risikostyring" in (sub.get("se") or []):
                    self.closing_section(sub)
                elif sub.get("se") == ["styringsdialog"]:
                    dialog = data["styringsdialog"]
                    self.section(sub["nummer"], sub["tittel"], dialog["tekst"], sub["se"])
                else:
                    self.section(sub["nummer"], sub["tittel"], sub.get("tekst"), sub.get("se"))

    def closing_section(self, sub):
        """6.2: the prose around the reporting duties, then the letter's closing words."""
        data = self.data
        first, last = sub["kilde_linjer"]
        closing_from = sub["tekst_kilde_linjer"][0]
        pieces = [
            (
                data["styringsdialog"]["risikostyring_kilde_linjer"][0],
                data["styringsdialog"]["risikostyring"],
            )
        ]
        for report in data["rapportering"]:
            pieces.append((report["kilde_linjer"][0], report["tekst"]))
            pieces += [(part["kilde_linjer"][0], part["tekst"]) for part in report["innhold"]]
        before, seen = [], set()
        for line, text in sorted(pieces, key=lambda piece: piece[0]):
            if first <= line < closing_from and text not in seen:
                seen.add(text)
                before.append(text)
        avslutning = data["avslutning"]
        signatures = "\n".join(f"{s['navn']}, {s['tittel']}" for s in avslutning["underskrivere"])
        after = [sub["tekst"], avslutning["tekst"], avslutning["hilsen"], signatures]
        self.section(
            sub["nummer"],
            sub["tittel"],
            "\n\n".join(before),
            ["rapportering"],
            "\n\n".join(after),
        )


def _report_for(reports, plikt, tema):
    if not plikt:
        return None
    wanted = RAPPORTTYPER.get(plikt["rapport"].lower())
    if wanted is None and plikt["rapport"] == "månedlig":
        wanted = Rapporteringskrav.Rapporttype.MAANEDSRAPPORT
    candidates = [report for report in reports if report.rapporttype == wanted]
    words = set(tema.lower().split())
    for report in candidates:
        if words & set(report.navn.lower().split()):
            return report
    return candidates[0] if candidates else None


class _Disponeringsbrev(_Loader):
    """A Bufdir disposition letter to Bufetat's regions."""

    def last(self):
        data = self.data
        regions = {
            item["kode"]: Virksomhet.objects.get(kode=f"region-{item['kode']}")
            for item in data["mottakere"]
        }
        self.letter(
            type=Tildelingsbrev.Type.DISPONERINGSBREV,
            utsteder=data["utsteder"]["kode"],
            mottakere=list(regions.values()),
            tittel=data.get("tittel") or f"Disponeringsbrev {data['aar']}",
        )
        for item in data["seksjoner"]:
            innhold = {
                "3": ["maal", "styringsparametere", "oppdrag"],
                "4": ["rapportering"],
                "5": ["styringsmoter"],
                "6": ["vedlegg"],
            }.get(item["nummer"], [])
            tekst = "" if innhold == ["vedlegg"] else item.get("tekst")
            self.section(item["nummer"], item["tittel"], tekst, innhold)
            for sub in item.get("underseksjoner") or []:
                self.section(sub.get("nummer"), sub["tittel"], sub.get("tekst"))
        for item in data["hovedmaal"]:
            hovedmaal = self.goal(
                nivaa=Maal.Nivaa.HOVEDMAAL,
                kode=item["kode"],
                tekst=item["tekst"],
                beskrivelse=item.get("innledning"),
            )
            for sub in item["delmaal"]:
                prose = [sub.get("tekst_prosa") or ""]
                prose += [
                    f"{part['tittel']}\n\n{part['tekst']}" for part in sub.get("underavsnitt") or []
                ]
                self.goal(
                    nivaa=Maal.Nivaa.DELMAAL,
                    kode=sub["kode"],
                    tekst=sub["tekst"],
                    forelder=hovedmaal,
                    beskrivelse="\n\n".join(p for p in prose if p),
                )
        for item in data["rapportering"]:
            self.report(item)
        for item in data["moteplan"]:
            if not item.get("dato") or not item.get("region_kode"):
                continue
            Styringsmote.objects.create(
                virksomhet=regions[item["region_kode"]],
                brev=self.brev,
                type=MOTETYPER[item["type"].lower()],
                dato=_dato(item["dato"]),
                tema=item.get("tema") or "",
            )
        return self.brev
