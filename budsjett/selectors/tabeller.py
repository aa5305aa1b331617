"""The budget tables as the letter prints them: rows, columns and checked totals.

``tabellvisning`` turns tables and the rows the user may see into ``Tabellvisning``er for
the budget page, its export and the letter's budget part: one column per organisation and
year, each printed total with what its rows add up to and the difference, and for an Oslo
chapter the reconciliation of the account-group table with the derivation of the adopted
budget. Income chapters of the state are shown as printed (positive income requirements).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from budsjett.avstemming import avstem_aar, summer
from budsjett.models import (
    Budsjettabell,
    Budsjettendring,
    Budsjettlinje,
    Endringsbelop,
    Investering,
    Radtype,
)


@dataclass
class Kolonne:
    virksomhet: object
    aar: int
    tekst: str = ""


@dataclass
class Celle:
    """One amount as shown: ``verdi`` as printed (sign included), ``beregnet`` what a
    printed total's rows add up to."""

    verdi: int
    trykt: str = ""
    beregnet: int | None = None

    @property
    def differanse(self):
        return None if self.beregnet is None else self.verdi - self.beregnet

    @property
    def stemmer(self):
        return self.beregnet is None or self.verdi == self.beregnet

    @property
    def strek(self):
        """The letter prints «-» for nothing."""
        return self.trykt.strip() == "-" and self.verdi == 0


@dataclass
class Rad:
    nummer: int
    navn: str
    radtype: str
    konto: object = None
    prosjekt: str = ""
    kontogruppe: str = ""
    gruppeoverskrift: str = ""
    omtale_tittel: str = ""
    omtale: str = ""
    maal: object = None
    merknader: list = field(default_factory=list)
    celler: list = field(default_factory=list)

    @property
    def er_sum(self):
        return self.radtype != Radtype.LINJE


@dataclass
class Avvik:
    """A printed total that its rows do not add up to."""

    tabell: object
    rad: Rad
    kolonne: Kolonne
    celle: Celle


@dataclass
class Tabellvisning:
    tabell: Budsjettabell
    kolonner: list
    rader: list

    @property
    def er_investering(self):
        return self.tabell.type == Budsjettabell.Type.INVESTERING

    @property
    def er_endringer(self):
        return self.tabell.type in (
            Budsjettabell.Type.ENDRINGER,
            Budsjettabell.Type.RAMMEREDUKSJON,
        )

    @property
    def avvik(self):
        return [
            Avvik(self.tabell, rad, kolonne, celle)
            for rad in self.rader
            for kolonne, celle in zip(self.kolonner, rad.celler, strict=True)
            if celle is not None and not celle.stemmer
        ]

    @property
    def omtaler(self):
        return [rad for rad in self.rader if rad.omtale]


@dataclass
class Kapittelavstemming:
    """An Oslo chapter's adopted net budget reached two ways, year by year."""

    kapittel: object
    virksomhet: object
    aar: list

    @property
    def stemmer(self):
        return all(year.stemmer for year in self.aar)


def _columns(cells):
    """Columns in the letter's order: organisations as loaded (øst, sør, vest, Midt-Norge,
    nord), years ascending; headed by the year, the organisation, or both."""
    keys = sorted({(v.pk, year): (v, year) for v, year in cells}.items())
    columns = [Kolonne(v, year) for _key, (v, year) in keys]
    organisations = {c.virksomhet.pk for c in columns}
    years = {c.aar for c in columns}
    for column in columns:
        if len(organisations) == 1:
            column.tekst = str(column.aar)
        elif len(years) == 1:
            column.tekst = column.virksomhet.navn
        else:
            column.tekst = f"{column.virksomhet.navn} {column.aar}"
    return columns


def _check(rows, columns, gruppe_of):
    """Fill in what each printed total adds up to, column by column."""
    for index in range(len(columns)):
        present = [(row, row.celler[index]) for row in rows if row.celler[index] is not None]
        sums = summer([(row.radtype, gruppe_of(row), cell.verdi) for row, cell in present])
        for (_row, cell), total in zip(present, sums, strict=True):
            cell.beregnet = total


def _fra_linjer(tabell, items, *, investering=False):
    sign = -1 if tabell.kapittel.inntekt else 1
    columns = _columns((item.virksomhet, item.aar) for item in items)
    position = {(c.virksomhet.pk, c.aar): i for i, c in enumerate(columns)}
    rows = {}
    for item in sorted(items, key=lambda x: x.rad):
        row = rows.get(item.rad)
        if row is None:
            row = rows[item.rad] = Rad(
                nummer=item.rad,
                navn=item.prosjektnavn if investering else item.navn,
                radtype=item.radtype,
                konto=None if investering else item.konto,
                prosjekt=item.prosjekt if investering else "",
                kontogruppe=(
                    f"{item.kontogruppe} {item.kontogruppe_navn}".strip() if investering else ""
                ),
                celler=[None] * len(columns),
            )
        row.celler[position[(item.virksomhet_id, item.aar)]] = Celle(
            sign * item.belop, item.belop_tekst
        )
        if item.merknad and item.merknad not in row.merknader:
            row.merknader.append(item.merknad)
    ordered = [rows[key] for key in sorted(rows)]
    _check(ordered, columns, lambda row: None if investering else getattr(row.konto, "pk", None))
    return Tabellvisning(tabell, columns, ordered)


def _fra_endringer(tabell, items):
    columns = _columns(
        (item.virksomhet, amount.aar) for item in items for amount in item.aarsbelop.all()
    )
    if not columns:
        return Tabellvisning(tabell, [], [])
    position = {(c.virksomhet.pk, c.aar): i for i, c in enumerate(columns)}
    rows, previous = [], None
    for item in items:
        heading = ""
        # A group's heading is printed when the group has items of its own under it.
        starts_group = item.gruppe_tekst and item.gruppe_tekst != previous
        if starts_group and item.gruppe_tekst != item.tekst.removesuffix(" (netto)"):
            heading = item.gruppe_tekst
        previous = item.gruppe_tekst
        row = Rad(
            nummer=item.rekkefolge,
            navn=item.tekst,
            radtype=item.radtype,
            gruppeoverskrift=heading,
            omtale_tittel=item.omtale_tittel,
            omtale=item.omtale,
            maal=item.maal,
            celler=[None] * len(columns),
        )
        if item.merknad:
            row.merknader.append(item.merknad)
        for amount in item.aarsbelop.all():
            row.celler[position[(item.virksomhet_id, amount.aar)]] = Celle(
                amount.belop, amount.belop_tekst
            )
        rows.append(row)
    _check(rows, columns, lambda row: None)
    return Tabellvisning(tabell, columns, rows)


def bygg(*, tabeller, linjer, endringer, investeringer):
    """The tables with the rows given (already scoped to the user), in the letter's order.

    Returns {"tabeller": [Tabellvisning], "avvik": [Avvik], "avstemminger":
    [Kapittelavstemming]}; tables with no visible rows are left out.
    """
    lines, changes, investments = defaultdict(list), defaultdict(list), defaultdict(list)
    for item in linjer:
        lines[item.tabell_id].append(item)
    for item in endringer:
        changes[item.tabell_id].append(item)
    for item in investeringer:
        investments[item.tabell_id].append(item)

    shown = []
    for tabell in tabeller:
        if tabell.type == Budsjettabell.Type.DRIFT:
            view = _fra_linjer(tabell, lines[tabell.pk])
        elif tabell.type == Budsjettabell.Type.INVESTERING:
            view = _fra_linjer(tabell, investments[tabell.pk], investering=True)
        else:
            view = _fra_endringer(tabell, changes[tabell.pk])
        if view.rader:
            shown.append(view)

    reconciliations = []
    for tabell in tabeller:
        if tabell.type != Budsjettabell.Type.ENDRINGER or not changes[tabell.pk]:
            continue
        operating = [
            t
            for t in tabeller
            if t.type == Budsjettabell.Type.DRIFT
            and t.kapittel_id == tabell.kapittel_id
            and t.aar == tabell.aar
            and not t.er_fordeling
        ]
        by_organisation = defaultdict(list)
        for item in changes[tabell.pk]:
            by_organisation[item.virksomhet].append(item)
        for organisation, items in by_organisation.items():
            chapter_lines = [
                line
                for t in operating
                for line in lines[t.pk]
                if line.virksomhet_id == organisation.pk
            ]
            reconciliations.append(
                Kapittelavstemming(
                    tabell.kapittel,
                    organisation,
                    avstem_aar(linjer=chapter_lines, endringer=items),
                )
            )
    return {
        "tabeller": shown,
        "avvik": [avvik for view in shown for avvik in view.avvik],
        "avstemminger": reconciliations,
    }


def tabellvisning(*, tabeller, user, virksomhet=None):
    """``bygg`` for ``tabeller`` with the rows ``user`` may see (of ``virksomhet`` only,
    when given)."""
    tabeller = list(tabeller)
    ids = [t.pk for t in tabeller]

    def scoped(model):
        queryset = model.objects.for_user(user).filter(tabell_id__in=ids)
        if virksomhet is not None:
            queryset = queryset.filter(Q(virksomhet=virksomhet) | Q(kapittel__eier=virksomhet))
        return queryset.select_related("virksomhet")

    return bygg(
        tabeller=tabeller,
        linjer=list(scoped(Budsjettlinje).select_related("konto")),
        endringer=list(
            scoped(Budsjettendring)
            .select_related("maal")
            .prefetch_related(Prefetch("aarsbelop", queryset=Endringsbelop.objects.order_by("aar")))
            .order_by("tabell__rekkefolge", "rekkefolge", "pk")
        ),
        investeringer=list(scoped(Investering)),
    )
