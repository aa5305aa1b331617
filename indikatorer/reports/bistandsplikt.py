"""The monthly bistandsplikt report: breaches per month, district and kind of placement,
and acute requests met within 2 hours. Its figures are ``selectors.bistandspliktstall``,
the dashboard's too."""

from django.utils.translation import gettext as _

from indikatorer.reports.felles import aksetekster, innsendingstabell
from indikatorer.selectors.bistandsplikt import (
    TYPENAVN,
    TYPEREKKEFOLGE,
    bistandspliktstall,
    bydeler_i,
)
from indikatorer.selectors.maanedstall import MASKERINGSGRENSE, andel
from styring.diagram import (
    Referanselinje,
    Serie,
    linjediagram,
    stolpediagram,
)
from styring.perioder import maanedsnavn, maanedsspenn
from styring.reports.typer import (
    Innhold,
    Tabell,
)


def _bydelstabell(tall):
    """Breaches per district and placement type, and each district's own total."""
    return Tabell(
        tittel=_("Breaches per district and placement type"),
        kolonner=[
            _("District"),
            *[TYPENAVN[k] for k in TYPEREKKEFOLGE],
            _("Total"),
            _("Reported by the district"),
        ],
        rader=[[r["navn"], *r["celler"], r["sum"], r["egen"]] for r in tall["rader"]]
        + [[_("All districts"), *tall["typesummer"], tall["sum_etat"], tall["sum_bydeler"]]],
    )


def _bydelsdiagram(rows, *, name, period):
    """Breaches per district as bars; a masked count is written «< 3», without a bar."""
    return stolpediagram(
        tittel=_("Breaches per district, %(month)s")
        % {"month": maanedsspenn(fra=period[0], til=period[-1])},
        beskrivelse=_("Counts of 1 or 2 are shown as «< 3»."),
        kategorier=[r["navn"] for r in rows],
        serier=[
            Serie(
                name,
                [None if isinstance(r["sum"], str) else r["sum"] for r in rows],
                [r["sum"] if isinstance(r["sum"], str) else None for r in rows],
            )
        ],
        heltall=True,
        kategori_overskrift=_("District"),
    )


def _bistandsplikt_diagrammer(sources, series, months):
    """The 12-month series: breaches against the zero vision, and acute requests met
    within 2 hours against the target of 100 %; a line per source."""

    def per_month(source):
        return [series.get(source, {}).get(day) for day in months]

    labels, headings = aksetekster(months), [maanedsnavn(day) for day in months]
    breaches = linjediagram(
        tittel=_("Breaches of the duty to provide placements per month"),
        beskrivelse=_("The zero vision: no breaches."),
        kategorier=labels,
        kategorier_tabell=headings,
        serier=[
            Serie(name, [m["brudd"] if m else None for m in per_month(key)])
            for key, name in sources
        ],
        referanselinjer=[Referanselinje(_("Zero vision"), 0)],
        heltall=True,
        kategori_overskrift=_("Breaches"),
    )
    acute = linjediagram(
        tittel=_("Acute requests met within 2 hours"),
        beskrivelse=_("Share of acute requests met within 2 hours; the target is 100 %."),
        kategorier=labels,
        kategorier_tabell=headings,
        serier=[
            Serie(
                name,
                [andel(m["innen_2_timer"], m["akutte"]) if m else None for m in per_month(key)],
            )
            for key, name in sources
        ],
        referanselinjer=[Referanselinje(_("Target"), 100)],
        enhet="%",
        desimaler=1,
        y_min=50,
        y_maks=100,
        kategori_overskrift=_("Met within 2 hours"),
    )
    return breaches, acute


def _bruddtabell(rows):
    keys = ["maaned", "rapportert_av", "bydel", "type", "brudd", "eqs", "forklaring"]
    return Tabell(
        tittel=_("Breaches with explanation"),
        kolonner=[
            _("Month"),
            _("Reporting organisation"),
            _("District"),
            _("Placement type"),
            _("Breaches"),
            _("EQS reference"),
            _("Explanation"),
        ],
        rader=[[row[key] for key in keys] for row in rows],
    )


def hent_bistandsplikt(*, virksomhet, periode_fra, periode_til, user, bydel=None):
    """The monthly bistandsplikt report for the department that owns the obligation:
    breaches per district and placement type against the zero vision, the last 12
    months, acute requests met within 2 hours, each breach explained, who has not
    reported. The dashboard may narrow its tables of districts and breaches to the
    district with code ``bydel``."""
    tall = bistandspliktstall(
        eier=virksomhet, periode_fra=periode_fra, periode_til=periode_til, user=user
    )
    if tall is None:
        return Innhold(har_data=False, datagrunnlag={"mangler": [], "forelopige": 0})
    grunnlag, period, districts = tall.grunnlag, tall.periode, tall.bydelstall
    breach_chart, acute_chart = _bistandsplikt_diagrammer(tall.kilder, tall.serier, tall.maaneder)
    district_rows, breach_rows = districts["rader"], tall.bruddrader
    if bydel:
        name = next((d.navn for d in bydeler_i(grunnlag) if d.kode == bydel), None)
        district_rows = [r for r in district_rows if r["navn"] == name]
        breach_rows = [r for r in breach_rows if r["bydel"] == name]
    return Innhold(
        context={
            "skjema": grunnlag.skjema,
            "periode_navn": maanedsspenn(fra=period[0], til=period[-1]),
            "kilder": [
                {
                    "navn": name,
                    "sum": districts["sum_etat"] if key == "etat" else districts["sum_bydeler"],
                }
                for key, name in tall.kilder
            ],
            "etat_navn": tall.etat_navn,
            "typekolonner": [TYPENAVN[k] for k in TYPEREKKEFOLGE],
            "bydelsrader": district_rows,
            "typesummer": districts["typesummer"],
            "sum_etat": districts["sum_etat"],
            "sum_bydeler": districts["sum_bydeler"],
            "bydelsdiagram": _bydelsdiagram(
                districts["rader"],
                name=dict(tall.kilder).get("etat", _("Breaches")),
                period=period,
            ),
            "bruddiagram": breach_chart,
            "akuttdiagram": acute_chart,
            "akuttrader": tall.akuttrader,
            "bruddliste": breach_rows,
            "innsendinger": tall.innsendinger,
            "maskeringsgrense": MASKERINGSGRENSE,
        },
        tabeller=[
            _bydelstabell(districts),
            breach_chart.tabell,
            acute_chart.tabell,
            _bruddtabell(tall.bruddrader),
            innsendingstabell(tall.innsendinger),
        ],
        har_data=bool(grunnlag.brukte(period)),
        datagrunnlag={"mangler": tall.mangler, "forelopige": grunnlag.forelopige()},
    )
