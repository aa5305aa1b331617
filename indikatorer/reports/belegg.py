"""The monthly belegg report: occupancy per institution and kind against the thresholds,
and capacity over time."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from indikatorer.rapporteringsmodeller import Institusjon, Kapasitet, Verdi
from indikatorer.reports.felles import (
    BELEGG,
    INSTITUSJONSTYPER,
    MAKS_LINJER,
    _aksetekster,
    _grunnlag,
    _heltall,
    _innsendingsrader,
    _innsendingstabell,
    _mangler_navn,
    _periodenavn,
    _qs,
    maaneder,
    maanedsnavn,
    maanedsslutt,
    siste_maaneder,
)
from indikatorer.skjematyper import (
    beleggsprosent,
    dager_i_maaned,
    under_terskel,
)
from styring.diagram import (
    Referanselinje,
    Serie,
    formater_prosent,
    linjediagram,
)
from styring.rapporter.typer import (
    Innhold,
    Tabell,
)


def _institusjoner(grunnlag, *, user):
    """The reporters' institutions with their capacity history (two queries)."""
    institutions = (
        _qs(Institusjon, user)
        .filter(virksomhet__in=[r.pk for r in grunnlag.rapportorer])
        .select_related("virksomhet")
        .prefetch_related(Prefetch("kapasiteter", queryset=_qs(Kapasitet, user)))
    )
    order = {kind: i for i, kind in enumerate(INSTITUSJONSTYPER)}
    return sorted(institutions, key=lambda i: (order.get(i.type, 99), i.navn, i.pk))


@dataclass
class Maanedsbelegg:
    """One institution in one month: places, bed-days and occupancy."""

    institusjon: Institusjon
    maaned: datetime.date
    plasser: int | None
    dager: int
    liggedogn: Decimal | None = None
    kommentar: str = ""
    rapportert: bool = False

    @property
    def plassdogn(self):
        return self.plasser * self.dager if self.plasser else None

    @property
    def belegg(self):
        return beleggsprosent(liggedogn=self.liggedogn, plassdogn=self.plassdogn)

    @property
    def terskel(self):
        return Institusjon.TERSKEL[self.institusjon.type]

    @property
    def under_terskel(self):
        value = self.belegg
        return value is not None and under_terskel(value, self.institusjon.type)


def belegg_per_maaned(grunnlag, *, user, months):
    """{(institution id, month): Maanedsbelegg} for every institution in operation."""
    institutions = _institusjoner(grunnlag, user=user)
    used = {i.pk: i for i in grunnlag.brukte(months)}
    reported = {(i.virksomhet_id, i.periode_fra.replace(day=1)) for i in used.values()}
    values = (
        _qs(Verdi, user)
        .filter(innsending_id__in=list(used), felt__kode__in=("liggedogn", "kommentar"))
        .values_list("innsending_id", "rad", "felt__kode", "tall", "tekst")
    )
    by_key = {}
    for innsending_id, rad, kode, tall, tekst in values:
        day = used[innsending_id].periode_fra.replace(day=1)
        by_key[(rad, day, kode)] = tall if kode == "liggedogn" else tekst
    result = {}
    for institution in institutions:
        for day in months:
            places = institution.plasser_paa(maanedsslutt(day))
            if places is None:
                continue  # not in operation
            result[(institution.pk, day)] = Maanedsbelegg(
                institusjon=institution,
                maaned=day,
                plasser=places,
                dager=dager_i_maaned(day),
                liggedogn=by_key.get((str(institution.pk), day, "liggedogn")),
                kommentar=by_key.get((str(institution.pk), day, "kommentar")) or "",
                rapportert=(institution.virksomhet_id, day) in reported,
            )
    return institutions, result


def _maanedene(per_month, institutions, months):
    """The institution-months of ``institutions`` in ``months`` that were in operation."""
    return [
        per_month[(institution.pk, day)]
        for institution in institutions
        for day in months
        if (institution.pk, day) in per_month
    ]


def _samlet(entries, kind):
    """Several institution-months together: places in the last month, available and
    occupied bed-days, and the occupancy of those reported against the kind's
    threshold."""
    reported = [e for e in entries if e.liggedogn is not None]
    last = max(e.maaned for e in entries)
    bed_days = sum((e.liggedogn for e in reported), Decimal(0))
    value = (
        beleggsprosent(liggedogn=bed_days, plassdogn=sum(e.plassdogn for e in reported))
        if reported
        else None
    )
    below = value is not None and under_terskel(value, kind)
    if value is None:
        status = _("Not reported")
    elif below:
        status = _("Below the threshold")
    else:
        status = _("At or above the threshold")
    return {
        "plasser": sum(e.plasser for e in entries if e.maaned == last),
        "plassdogn": sum(e.plassdogn for e in entries),
        "liggedogn": _heltall(bed_days) if reported else None,
        "belegg": value,
        "belegg_tekst": formater_prosent(value),
        "terskel": Institusjon.TERSKEL[kind],
        "under_terskel": below,
        "status": status,
    }


def _terskellinjer(kinds):
    """One reference line per threshold: «Terskel akutt: 80,0 %»."""
    by_value = {}
    for kind in INSTITUSJONSTYPER:
        if kind in kinds:
            by_value.setdefault(Institusjon.TERSKEL[kind], []).append(str(kind.label).lower())
    return [
        Referanselinje(_("Threshold %(kinds)s") % {"kinds": "/".join(names)}, value)
        for value, names in sorted(by_value.items())
    ]


def _beleggdiagram(institutions, per_month, months, *, tittel):
    """Occupancy per month: a line per institution, or per kind when there are many."""
    kinds = {i.type for i in institutions}
    if len(institutions) <= MAKS_LINJER:
        series = [
            Serie(
                i.navn,
                [
                    per_month[(i.pk, day)].belegg if (i.pk, day) in per_month else None
                    for day in months
                ],
            )
            for i in institutions
        ]
        heading = _("Institution")
    else:
        series = []
        for kind in INSTITUSJONSTYPER:
            if kind not in kinds:
                continue
            of_kind = [i for i in institutions if i.type == kind]
            values = []
            for day in months:
                entries = _maanedene(per_month, of_kind, [day])
                values.append(_samlet(entries, kind)["belegg"] if entries else None)
            series.append(Serie(str(kind.label), values))
        heading = _("Kind of institution")
    return linjediagram(
        tittel=tittel,
        beskrivelse=_("Occupancy = occupied bed-days / (budgeted places × days in the month)."),
        kategorier=_aksetekster(months),
        kategorier_tabell=[maanedsnavn(day) for day in months],
        serier=series,
        referanselinjer=_terskellinjer(kinds),
        enhet="%",
        desimaler=1,
        y_min=50,
        y_maks=100,
        kategori_overskrift=heading,
    )


def _kapasitetsdiagram(institutions, per_month, months):
    """Budgeted places per kind of institution, month by month: capacity over time."""
    series = []
    for kind in INSTITUSJONSTYPER:
        of_kind = [i for i in institutions if i.type == kind]
        if not of_kind:
            continue
        values = []
        for day in months:
            places = [per_month[(i.pk, day)].plasser for i in of_kind if (i.pk, day) in per_month]
            values.append(sum(places) if places else None)
        series.append(Serie(str(kind.label), values))
    return linjediagram(
        tittel=_("Budgeted places per month"),
        beskrivelse=_("Capacity over time: the budgeted places of each kind of institution."),
        kategorier=_aksetekster(months),
        kategorier_tabell=[maanedsnavn(day) for day in months],
        serier=series,
        heltall=True,
        kategori_overskrift=_("Kind of institution"),
    )


def hent_belegg(*, virksomhet, periode_fra, periode_til, user, institusjonstype=None):
    """The monthly belegg report for the department that owns the obligation; the
    dashboard may narrow it to one kind of institution."""
    period = maaneder(fra=periode_fra, til=periode_til)
    months = sorted(set(siste_maaneder(til=periode_til)) | set(period))
    grunnlag = _grunnlag(BELEGG, months=months, user=user, eier=virksomhet)
    if grunnlag is None:
        return Innhold(har_data=False, datagrunnlag={"mangler": [], "forelopige": 0})
    institutions, per_month = belegg_per_maaned(grunnlag, user=user, months=months)
    if institusjonstype:
        institutions = [i for i in institutions if i.type == institusjonstype]
    capacity_chart = _kapasitetsdiagram(institutions, per_month, months)

    # The report's months: each institution, then each kind.
    rows, kinds = [], []
    for institution in institutions:
        entries = _maanedene(per_month, [institution], period)
        if entries:
            rows.append(
                {
                    **_samlet(entries, institution.type),
                    "institusjon": institution,
                    "type": institution.get_type_display(),
                    "kommentarer": [
                        (maanedsnavn(e.maaned), e.kommentar) for e in entries if e.kommentar
                    ],
                }
            )
    for kind in INSTITUSJONSTYPER:
        entries = _maanedene(per_month, [i for i in institutions if i.type == kind], period)
        if entries:
            kinds.append(
                {
                    **_samlet(entries, kind),
                    "type": kind.label,
                    "institusjoner": len({e.institusjon.pk for e in entries}),
                }
            )
    below = [r for r in rows if r["under_terskel"]]
    chart = _beleggdiagram(
        institutions,
        per_month,
        months,
        tittel=_("Occupancy per month, %(first)s – %(last)s")
        % {"first": maanedsnavn(months[0]), "last": maanedsnavn(months[-1])},
    )
    places_table = Tabell(
        tittel=_("Occupancy per institution, %(period)s") % {"period": _periodenavn(period)},
        kolonner=[
            _("Institution"),
            _("Kind"),
            _("Budgeted places"),
            _("Available bed-days"),
            _("Occupied bed-days"),
            _("Occupancy (%)"),
            _("Threshold (%)"),
            _("Status"),
        ],
        rader=[
            [
                r["institusjon"].navn,
                str(r["type"]),
                r["plasser"],
                r["plassdogn"],
                r["liggedogn"],
                r["belegg"],
                r["terskel"],
                str(r["status"]),
            ]
            for r in rows
        ],
    )
    kinds_table = Tabell(
        tittel=_("Occupancy per kind of institution, %(period)s")
        % {"period": _periodenavn(period)},
        kolonner=[
            _("Kind"),
            _("Institutions"),
            _("Budgeted places"),
            _("Available bed-days"),
            _("Occupied bed-days"),
            _("Occupancy (%)"),
            _("Threshold (%)"),
            _("Status"),
        ],
        rader=[
            [
                str(k["type"]),
                k["institusjoner"],
                k["plasser"],
                k["plassdogn"],
                k["liggedogn"],
                k["belegg"],
                k["terskel"],
                str(k["status"]),
            ]
            for k in kinds
        ],
    )
    below_table = Tabell(
        tittel=_("Institutions below the threshold"),
        kolonner=[_("Institution"), _("Occupancy (%)"), _("Threshold (%)"), _("Comment")],
        rader=[
            [
                r["institusjon"].navn,
                r["belegg"],
                r["terskel"],
                " ".join(f"{month}: {text}" for month, text in r["kommentarer"]),
            ]
            for r in below
        ],
    )
    submission_rows = _innsendingsrader(grunnlag, period)
    return Innhold(
        context={
            "skjema": grunnlag.skjema,
            "periode_navn": _periodenavn(period),
            "dager": dager_i_maaned(period[-1]) if len(period) == 1 else None,
            "institusjonsrader": rows,
            "typerader": kinds,
            "under_terskel": below,
            "beleggdiagram": chart,
            "kapasitetsdiagram": capacity_chart,
            "innsendinger": submission_rows,
        },
        tabeller=[
            places_table,
            kinds_table,
            chart.tabell,
            capacity_chart.tabell,
            below_table,
            _innsendingstabell(submission_rows),
        ],
        har_data=bool(grunnlag.brukte(period)),
        datagrunnlag={
            "mangler": _mangler_navn(grunnlag, period),
            "forelopige": grunnlag.forelopige(),
        },
    )
