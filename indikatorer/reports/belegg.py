"""The monthly belegg report: occupancy per institution and kind against the thresholds,
and capacity over time. Its figures are ``selectors.beleggstall``, the dashboard's too."""

from django.utils.translation import gettext as _

from indikatorer.models.rapportering import Institusjon
from indikatorer.reports.felles import MAKS_LINJER, aksetekster, innsendingstabell
from indikatorer.selectors.belegg import INSTITUSJONSTYPER, beleggstall, maanedene, samlet
from styring.diagram import (
    Referanselinje,
    Serie,
    linjediagram,
)
from styring.perioder import dager_i_maaned, maanedsnavn, maanedsspenn
from styring.reports.typer import (
    Innhold,
    Tabell,
)


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
                entries = maanedene(per_month, of_kind, [day])
                values.append(samlet(entries, kind)["belegg"] if entries else None)
            series.append(Serie(str(kind.label), values))
        heading = _("Kind of institution")
    return linjediagram(
        tittel=tittel,
        beskrivelse=_("Occupancy = occupied bed-days / (budgeted places × days in the month)."),
        kategorier=aksetekster(months),
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
        kategorier=aksetekster(months),
        kategorier_tabell=[maanedsnavn(day) for day in months],
        serier=series,
        heltall=True,
        kategori_overskrift=_("Kind of institution"),
    )


def _beleggkolonner():
    """The occupancy columns, the same per institution and per kind of institution."""
    return [
        _("Budgeted places"),
        _("Available bed-days"),
        _("Occupied bed-days"),
        _("Occupancy (%)"),
        _("Threshold (%)"),
        _("Status"),
    ]


def _beleggtall(rad):
    """A row's cells under ``_beleggkolonner()``."""
    return [
        rad["plasser"],
        rad["plassdogn"],
        rad["liggedogn"],
        rad["belegg"],
        rad["terskel"],
        str(rad["status"]),
    ]


def hent_belegg(*, virksomhet, periode_fra, periode_til, user, institusjonstype=None):
    """The monthly belegg report for the department that owns the obligation; the
    dashboard may narrow it to one kind of institution."""
    tall = beleggstall(
        eier=virksomhet,
        periode_fra=periode_fra,
        periode_til=periode_til,
        user=user,
        institusjonstype=institusjonstype,
    )
    if tall is None:
        return Innhold(har_data=False, datagrunnlag={"mangler": [], "forelopige": 0})
    grunnlag, period, months = tall.grunnlag, tall.periode, tall.maaneder
    institutions, per_month = tall.institusjoner, tall.per_maaned
    capacity_chart = _kapasitetsdiagram(institutions, per_month, months)
    rows, kinds, below = tall.institusjonsrader, tall.typerader, tall.under_terskel
    chart = _beleggdiagram(
        institutions,
        per_month,
        months,
        tittel=_("Occupancy per month, %(first)s – %(last)s")
        % {"first": maanedsnavn(months[0]), "last": maanedsnavn(months[-1])},
    )
    places_table = Tabell(
        tittel=_("Occupancy per institution, %(period)s")
        % {"period": maanedsspenn(fra=period[0], til=period[-1])},
        kolonner=[_("Institution"), _("Kind"), *_beleggkolonner()],
        rader=[[r["institusjon"].navn, str(r["type"]), *_beleggtall(r)] for r in rows],
    )
    kinds_table = Tabell(
        tittel=_("Occupancy per kind of institution, %(period)s")
        % {"period": maanedsspenn(fra=period[0], til=period[-1])},
        kolonner=[_("Kind"), _("Institutions"), *_beleggkolonner()],
        rader=[[str(k["type"]), k["institusjoner"], *_beleggtall(k)] for k in kinds],
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
    return Innhold(
        context={
            "skjema": grunnlag.skjema,
            "periode_navn": maanedsspenn(fra=period[0], til=period[-1]),
            "dager": dager_i_maaned(period[-1]) if len(period) == 1 else None,
            "institusjonsrader": rows,
            "typerader": kinds,
            "under_terskel": below,
            "beleggdiagram": chart,
            "kapasitetsdiagram": capacity_chart,
            "innsendinger": tall.innsendinger,
        },
        tabeller=[
            places_table,
            kinds_table,
            chart.tabell,
            capacity_chart.tabell,
            below_table,
            innsendingstabell(tall.innsendinger),
        ],
        har_data=bool(grunnlag.brukte(period)),
        datagrunnlag={"mangler": tall.mangler, "forelopige": grunnlag.forelopige()},
    )
