"""Load the budget tables of a letter transcribed in ``fixtures/brev``.

Registered in ``styring.registries.lasting``; ``styring.loading`` calls
``last_budsjett`` inside the transaction that loads the letter, so a letter loads with its
budget or not at all. Every amount is taken as transcribed; printed totals are kept as
rows of their own and checked by ``budsjett.avstemming``, never recomputed.
"""

import json
import re

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from budsjett.models import (
    Budsjettabell,
    Budsjettendring,
    Budsjettlinje,
    Endringsbelop,
    Investering,
    Kapittel,
    Konto,
    Radtype,
)
from styring.access import scope_owner_id
from styring.audit import current_actor
from styring.models import Endring, Seksjon, Virksomhet

Gruppe = Budsjettendring.Gruppe

# The derivation's group headings as the Oslo letters print them (by their start).
GRUPPER = [
    ("vedtatt budsjett", "videreført", Gruppe.VIDEREFORT),
    ("vedtak forrige periode", "", Gruppe.FORRIGE_PERIODE),
    ("generell rammeendring", "", Gruppe.GENERELL_RAMMEENDRING),
    ("tekniske justeringer", "", Gruppe.TEKNISKE_JUSTERINGER),
    ("ny innsats", "", Gruppe.NY_INNSATS),
    ("endringer under bystyrets behandling", "", Gruppe.BYSTYRET),
    ("vedtatt budsjett", "", Gruppe.VEDTATT),
]

# «På kapittel 063 Oslobygg KF prosjektnr 126402 Rehabilitering BFE og VEL er det etablert
# en årlig avsetning på 20 millioner ...»: an allocation the letter gives only in prose.
AVSETNING = re.compile(
    r"[Kk]apittel (?P<kapittel>\d{3,4}) (?P<kapittelnavn>.+?) prosjektnr (?P<prosjekt>\d+) "
    r"(?P<prosjektnavn>.+?) er det etablert en (?P<hyppighet>årlig )?avsetning på "
    r"(?P<millioner>\d+) millioner"
)
POST_PREFIX = re.compile(r"^Post \d+\s*[-–]\s*")


def opprett(objekter):
    """Create ``objekter`` (all of one model) in one query, each written to the audit trail
    as ``save()`` would write it: a letter's budget has hundreds of amounts."""
    objekter = list(objekter)
    if not objekter:
        return []
    model = type(objekter[0])
    model.objects.bulk_create(objekter)
    content_type = ContentType.objects.get_for_model(model)
    actor = current_actor()
    user = actor if getattr(actor, "pk", None) else None
    done_by = user.get_username() if user else (str(actor) if actor else "system")
    pk_name = model._meta.pk.attname
    relations = [f for f in model._meta.concrete_fields if f.is_relation]
    entries = []
    for obj in objekter:
        values = obj.audit_values()
        obj._audit_loaded = values
        entries.append(
            Endring(
                bruker=user,
                utfort_av=done_by,
                handling=Endring.Handling.OPPRETTET,
                content_type=content_type,
                objekt_id=str(obj.pk),
                objekt_tekst=str(obj)[:300],
                virksomhet_id=scope_owner_id(obj),
                endringer={
                    name: [None, json.loads(json.dumps(value, cls=DjangoJSONEncoder))]
                    for name, value in values.items()
                    if name != pk_name
                },
                visning={
                    f.attname: [None, str(getattr(obj, f.name))]
                    for f in relations
                    if getattr(obj, f.attname) is not None
                },
            )
        )
    Endring.objects.bulk_create(entries)
    return objekter


def last_budsjett(*, brev, data, maal):
    if data.get("dokumenttype") == "tildelingsbrev":
        if data.get("budsjett"):
            _Oslo(brev, data).last()
    elif data.get("budsjett"):
        _Stat(brev, data).last()


def _kilde(lines):
    if not lines:
        return ""
    first, last = lines[0], lines[-1]
    return f"linje {first}" if first == last else f"linje {first}–{last}"


def _gruppe(text):
    lowered = (text or "").lower()
    for start, contains, gruppe in GRUPPER:
        if lowered.startswith(start) and contains in lowered:
            return gruppe
    return Gruppe.ANNET if text else ""


class _Oslo:
    """An Oslo allocation letter: one chapter by account group over the plan years, its
    derivation, the frame-reduction table and the investment budget."""

    def __init__(self, brev, data):
        self.brev, self.data = brev, data
        self.budsjett = data["budsjett"]
        self.virksomhet = brev.mottakere.get()
        self.order = 0

    def next_order(self):
        self.order += 1
        return self.order

    def table(self, *, kapittel, type, kode, tittel, tekst="", enhet="", kilde=None):
        return Budsjettabell.objects.create(
            brev=self.brev,
            kapittel=kapittel,
            aar=self.brev.aar,
            type=type,
            kode=kode,
            tittel=tittel,
            tekst=tekst or "",
            enhet=enhet or self.budsjett.get("enhet") or "NOK 1 000",
            kilde=_kilde(kilde),
            rekkefolge=self.next_order(),
        )

    def last(self):
        drift = self.budsjett["drift"]
        kapittel, _created = Kapittel.objects.get_or_create(
            eier=self.virksomhet,
            nummer=drift["kapittel"],
            defaults={
                "navn": drift["navn"],
                "art": Kapittel.Art.DRIFT,
                "inndeling": Kapittel.Inndeling.KONTOGRUPPE,
            },
        )
        self.drift(kapittel, drift)
        self.endringer(kapittel)
        self.rammereduksjon(kapittel)
        self.investering(kapittel)
        self.avsetninger()

    def drift(self, kapittel, drift):
        tabell = self.table(
            kapittel=kapittel,
            type=Budsjettabell.Type.DRIFT,
            kode="drift",
            tittel=drift["tittel"],
            tekst=self.budsjett.get("merknader_tekst"),
            kilde=drift.get("kilde_linjer"),
        )
        lines = []
        for rad, item in enumerate(drift["linjer"], start=1):
            konto, _created = Konto.objects.get_or_create(
                kapittel=kapittel,
                kode=item["kontogruppe"],
                defaults={"navn": item["navn"], "rekkefolge": rad},
            )
            for year, amount in item["belop"].items():
                lines.append(
                    Budsjettlinje(
                        tabell=tabell,
                        kapittel=kapittel,
                        konto=konto,
                        virksomhet=self.virksomhet,
                        rad=rad,
                        navn=f"{item['kontogruppe']} {item['navn']}",
                        aar=int(year),
                        belop=amount,
                        kilde=_kilde(item.get("kilde_linjer")),
                    )
                )
        rad = len(drift["linjer"]) + 1
        for year, amount in (drift.get("sum") or {}).items():
            lines.append(
                Budsjettlinje(
                    tabell=tabell,
                    kapittel=kapittel,
                    virksomhet=self.virksomhet,
                    rad=rad,
                    navn=drift.get("sum_navn") or "Sum",
                    radtype=Radtype.SUM,
                    aar=int(year),
                    belop=amount,
                    kilde=_kilde(drift.get("sum_kilde_linjer")),
                )
            )
        opprett(lines)

    def endringer(self, kapittel):
        items = self.budsjett.get("endringer") or []
        if not items:
            return
        head = self.budsjett.get("endringer_tabell") or {}
        tabell = self.table(
            kapittel=kapittel,
            type=Budsjettabell.Type.ENDRINGER,
            kode="endringer",
            tittel=head.get("tittel") or "Driftsbudsjettet med endringer",
            enhet=head.get("enhet_tekst"),
            kilde=head.get("kilde_linjer"),
        )
        omtaler = {
            item["gjelder_endring"]: item
            for item in self.budsjett.get("omtaler") or []
            if item.get("gjelder_endring")
        }
        self.rows(tabell, kapittel, [item for item in items if not item.get("overskrift")], omtaler)

    def rammereduksjon(self, kapittel):
        items = self.budsjett.get("generell_rammereduksjon") or []
        if not items:
            return
        head = self.budsjett.get("generell_rammereduksjon_omtale") or {}
        tabell = self.table(
            kapittel=kapittel,
            type=Budsjettabell.Type.RAMMEREDUKSJON,
            kode="generell_rammereduksjon",
            tittel=head.get("tittel") or "Generell rammereduksjon",
            tekst=head.get("tekst"),
            enhet=head.get("enhet_tekst"),
            kilde=head.get("kilde_linjer"),
        )
        self.rows(tabell, kapittel, items, {})

    def rows(self, tabell, kapittel, items, omtaler):
        changes = []
        for order, item in enumerate(items, start=1):
            is_sum = bool(item.get("sum"))
            gruppe_tekst = item.get("gruppe") or ""
            omtale = omtaler.get(item["tekst"]) or {}
            endring = Budsjettendring(
                tabell=tabell,
                kapittel=kapittel,
                virksomhet=self.virksomhet,
                gruppe=_gruppe(gruppe_tekst) if tabell.type == Budsjettabell.Type.ENDRINGER else "",
                gruppe_tekst=gruppe_tekst,
                tekst=item["tekst"],
                radtype=Radtype.SUM if is_sum else Radtype.LINJE,
                omtale_tittel=omtale.get("tittel") or "",
                omtale=omtale.get("tekst") or "",
                kilde=_kilde(item.get("kilde_linjer")),
                rekkefolge=order,
            )
            changes.append((endring, item))
        opprett(endring for endring, _item in changes)
        amounts = []
        for endring, item in changes:
            printed = item.get("belop_tekst") or {}
            for year, amount in (item.get("belop") or {}).items():
                amounts.append(
                    Endringsbelop(
                        endring=endring,
                        aar=int(year),
                        belop=amount,
                        belop_tekst=printed.get(year, ""),
                    )
                )
        opprett(amounts)

    def investering(self, kapittel):
        items = self.budsjett.get("investering") or []
        if not items:
            return
        tabell = self.table(
            kapittel=kapittel,
            type=Budsjettabell.Type.INVESTERING,
            kode="investering",
            tittel=self.budsjett.get("investering_tittel") or "Investeringsbudsjett",
            kilde=self.budsjett.get("investering_kilde_linjer"),
        )
        rows = []
        for rad, item in enumerate(items, start=1):
            for year, amount in item["belop"].items():
                rows.append(
                    Investering(
                        tabell=tabell,
                        kapittel=kapittel,
                        virksomhet=self.virksomhet,
                        rad=rad,
                        prosjekt=item.get("prosjekt") or "",
                        prosjektnavn=item.get("navn") or "",
                        kontogruppe=item.get("kontogruppe") or "",
                        kontogruppe_navn=item.get("kontogruppe_navn") or "",
                        aar=int(year),
                        belop=amount,
                        kilde=_kilde(item.get("kilde_linjer")),
                    )
                )
        total = self.budsjett.get("investering_totalsum")
        if total:
            for year, amount in total["belop"].items():
                rows.append(
                    Investering(
                        tabell=tabell,
                        kapittel=kapittel,
                        virksomhet=self.virksomhet,
                        rad=len(items) + 1,
                        prosjektnavn=total.get("tekst") or "Totalsum",
                        radtype=Radtype.SUM,
                        aar=int(year),
                        belop=amount,
                        kilde=_kilde(total.get("kilde_linjer")),
                    )
                )
        opprett(rows)

    def avsetninger(self):
        """Allocations the letter gives only in prose, on another chapter: «På kapittel 063
        Oslobygg KF prosjektnr 126402 ... en årlig avsetning på 20 millioner». Kept as an
        investment row per plan year of the letter, on that chapter (owned by the issuer)."""
        years = sorted({int(y) for y in self.budsjett["drift"]["sum"]})
        for omtale in self.budsjett.get("omtaler") or []:
            if omtale.get("gjelder_endring"):
                continue
            found = AVSETNING.search(" ".join(omtale["tekst"].split()))
            if found is None:
                continue
            kapittel, _created = Kapittel.objects.get_or_create(
                eier=self.brev.utsteder,
                nummer=found["kapittel"],
                defaults={
                    "navn": found["kapittelnavn"],
                    "art": Kapittel.Art.INVESTERING,
                    "inndeling": Kapittel.Inndeling.KONTOGRUPPE,
                },
            )
            tabell = self.table(
                kapittel=kapittel,
                type=Budsjettabell.Type.INVESTERING,
                kode="avsetning",
                tittel=omtale["tittel"],
                tekst=omtale["tekst"],
                kilde=omtale.get("kilde_linjer"),
            )
            yearly = bool(found["hyppighet"])
            printed = f"{found['millioner']} millioner"
            note = (
                "Beløpet står bare i teksten («årlig avsetning på "
                f"{found['millioner']} millioner»); det er ført for hvert år i "
                "økonomiplanperioden. Tall i tusen."
                if yearly
                else f"Beløpet står bare i teksten ({printed}). Tall i tusen."
            )
            opprett(
                Investering(
                    tabell=tabell,
                    kapittel=kapittel,
                    virksomhet=self.virksomhet,
                    rad=1,
                    prosjekt=found["prosjekt"],
                    prosjektnavn=found["prosjektnavn"],
                    aar=year,
                    belop=int(found["millioner"]) * 1000,
                    belop_tekst=printed,
                    merknad=note,
                    kilde=_kilde(omtale.get("kilde_linjer")),
                )
                for year in (years if yearly else years[:1])
            )


class _Stat:
    """A Bufdir disposition letter: chapter tables by post and region, with printed totals
    and the tables that break a post down (competence centres, national tasks)."""

    def __init__(self, brev, data):
        self.brev, self.data = brev, data
        self.rammer = data.get("budsjettrammer") or {}
        self.regions = {
            item["kode"]: Virksomhet.objects.get(kode=f"region-{item['kode']}")
            for item in data["mottakere"]
        }

    def last(self):
        rows = self.data["budsjett"]
        tables = {t["tabell"]: t for t in self.rammer.get("tabeller") or []}
        placing = self.placing()
        chapters = self.chapters(rows)
        kontoer = self.kontoer(rows, chapters)
        breakdowns = self.breakdowns(rows)

        by_table = {}
        for row in rows:
            by_table.setdefault(row["tabell"], []).append(row)
        for order, (code, table_rows) in enumerate(by_table.items(), start=1):
            meta = tables.get(code, {})
            kapittel = chapters[meta.get("kapittel") or table_rows[0]["kapittel"]]
            heading, tekst = placing.get(code, ("", ""))
            tabell = Budsjettabell.objects.create(
                brev=self.brev,
                kapittel=kapittel,
                aar=self.brev.aar,
                type=Budsjettabell.Type.DRIFT,
                kode=code,
                tittel=meta.get("tittel") or code,
                overskrift=heading,
                tekst=tekst,
                enhet=meta.get("enhet") or "1000 kr",
                er_fordeling=code in breakdowns,
                kilde=_kilde(meta.get("kilde_linjer")),
                rekkefolge=order,
            )
            self.lines(tabell, kapittel, table_rows, chapters, kontoer)
        self.show_in_letter()

    def placing(self):
        """{table: (heading, prose)}: the post (or chapter) each table is printed under."""
        result = {}
        for chapter in self.rammer.get("kapitler") or []:
            for code in chapter.get("tabeller") or []:
                result[code] = ("", chapter.get("tekst") or "")
            for post in chapter.get("poster") or []:
                heading = post["post"]
                if heading.isdigit():
                    heading = f"Post {post['post']} {post['tittel']}"
                for code in post.get("tabeller") or []:
                    result[code] = (heading, post.get("tekst") or "")
        return result

    def chapters(self, rows):
        """{number: Kapittel}, named by the chapter headings («855/3855 Barnevern»)."""
        names, order = {}, {}
        for index, chapter in enumerate(self.rammer.get("kapitler") or [], start=1):
            for position, number in enumerate(chapter["kapittel"].split("/")):
                names[number] = chapter["tittel"]
                order[number] = index * 10 + position
        result = {}
        for number in dict.fromkeys(row["kapittel"] for row in rows):
            result[number], _created = Kapittel.objects.get_or_create(
                eier=self.brev.utsteder,
                nummer=number,
                defaults={
                    "navn": names.get(number, ""),
                    "art": Kapittel.Art.DRIFT,
                    "inndeling": Kapittel.Inndeling.POST,
                    "inntekt": _is_income(number),
                    "rekkefolge": order.get(number, 0),
                },
            )
        return result

    def kontoer(self, rows, chapters):
        """{(chapter, post): Konto}, named by the post headings or, for posts without one,
        by the line («Post 01 – Diverse inntekter» → «Diverse inntekter»)."""
        titles = {}
        for chapter in self.rammer.get("kapitler") or []:
            first = chapter["kapittel"].split("/")[0]
            for post in chapter.get("poster") or []:
                if post["post"].isdigit():
                    titles[(first, post["post"])] = post["tittel"]
        result = {}
        for order, row in enumerate(rows, start=1):
            key = (row["kapittel"], row["post"])
            if row["post"] is None or key in result:
                continue
            name = titles.get(key)
            if name is None and row["navn"].startswith("Post "):
                name = POST_PREFIX.sub("", row["navn"])
            result[key], _created = Konto.objects.get_or_create(
                kapittel=chapters[row["kapittel"]],
                kode=row["post"],
                defaults={
                    "navn": name or "",
                    "rekkefolge": int(row["post"]) if row["post"].isdigit() else order,
                },
            )
        for key, konto in result.items():
            if not konto.navn:
                names = [
                    POST_PREFIX.sub("", r["navn"])
                    for r in rows
                    if (r["kapittel"], r["post"]) == key and r["radtype"] == "linje"
                ]
                if len(set(names)) == 1:
                    konto.navn = names[0]
                    konto.save(update_fields=["navn"])
        return result

    def breakdowns(self, rows):
        """Tables that break down a post a chapter table already allocates (the post-01
        breakdown of kap. 855, tabell 12, under tabell 11): not added to the budget."""
        chapter_tables = {
            code
            for chapter in self.rammer.get("kapitler") or []
            for code in chapter.get("tabeller") or []
        }
        covered = {
            (row["kapittel"], row["post"])
            for row in rows
            if row["tabell"] in chapter_tables and row["radtype"] == "linje"
        }
        return {
            row["tabell"]
            for row in rows
            if row["tabell"] not in chapter_tables and (row["kapittel"], row["post"]) in covered
        }

    def lines(self, tabell, kapittel, rows, chapters, kontoer):
        positions, lines = {}, []
        for row in rows:
            key = (row["navn"], row["post"], row["radtype"])
            positions.setdefault(key, len(positions) + 1)
            sign = -1 if kapittel.inntekt else 1
            note = row.get("tekst") or ""
            if kapittel.inntekt:
                note = " ".join(
                    part
                    for part in (
                        "Inntektskrav: trykt som positivt beløp, lagret som negativt (inntekt).",
                        note,
                    )
                    if part
                )
            lines.append(
                Budsjettlinje(
                    tabell=tabell,
                    kapittel=chapters[row["kapittel"]],
                    konto=kontoer.get((row["kapittel"], row["post"])),
                    virksomhet=self.regions[row["region_kode"]],
                    rad=positions[key],
                    navn=row["navn"],
                    radtype=row["radtype"],
                    aar=self.brev.aar,
                    belop=sign * row["belop"],
                    belop_tekst=row.get("belop_tekst") or "",
                    merknad=note,
                    kilde=_kilde(row.get("kilde_linjer")),
                )
            )
        opprett(lines)

    def show_in_letter(self):
        """The budget frames are a sub-heading of section 3 with no part named in the
        transcription: show the budget tables there."""
        title = self.rammer.get("tittel")
        if not title:
            return
        for seksjon in Seksjon.objects.filter(brev=self.brev, tittel=title):
            if "budsjett" not in seksjon.innhold:
                seksjon.innhold = [*seksjon.innhold, "budsjett"]
                seksjon.save(update_fields=["innhold"])


def _is_income(number):
    """The state numbers its income chapters from 3000 (3855 is the income of 855)."""
    return int(number) >= 3000
