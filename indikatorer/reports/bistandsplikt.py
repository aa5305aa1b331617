"""The monthly bistandsplikt report: breaches per month, district and kind of placement,
and acute requests met within 2 hours."""

from collections import defaultdict

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from indikatorer.rapporteringsmodeller import Verdi
from indikatorer.reports.felles import (
    BISTANDSPLIKT,
    MASKERINGSGRENSE,
    TYPENAVN,
    TYPEREKKEFOLGE,
    _aksetekster,
    _andel,
    _er_bydel,
    _grunnlag,
    _innsendingsrader,
    _innsendingstabell,
    _maalstatus,
    _mangler_navn,
    _periodenavn,
    _qs,
    maaneder,
    maanedsnavn,
    maskert_antall,
    siste_maaneder,
)
from styring.diagram import (
    Referanselinje,
    Serie,
    formater_prosent,
    linjediagram,
    stolpediagram,
)
from styring.rapporter.typer import (
    Innhold,
    Tabell,
)

BISTANDSPLIKT_TALL = ("foresporsler", "brudd", "innen_2_timer")


def _bistandsplikt_summer(grunnlag, *, user):
    """Per used submission and number field: the sum over all rows and over the acute
    rows (one query, whatever the number of districts and months)."""
    rows = (
        _qs(Verdi, user)
        .filter(
            innsending_id__in=[i.pk for i in grunnlag.brukte()],
            felt__kode__in=BISTANDSPLIKT_TALL,
        )
        .values("innsending_id", "felt__kode")
        .annotate(alle=Sum("tall"), akutt=Sum("tall", filter=Q(rad__endswith="|akutt")))
    )
    return {(r["innsending_id"], r["felt__kode"]): r for r in rows}


def _kilder(grunnlag):
    """The two accounts of the same breaches: the agency's (BFE delivers placements) and
    the districts' (they ask for them), as [(key, name)]."""
    agencies = [r for r in grunnlag.rapportorer if not _er_bydel(r)]
    sources = []
    if agencies:
        sources.append(
            ("etat", _("Reported by %(name)s") % {"name": ", ".join(a.navn for a in agencies)})
        )
    if any(_er_bydel(r) for r in grunnlag.rapportorer):
        sources.append(("bydel", _("Reported by the districts")))
    return sources


def _kilde(innsending):
    return "bydel" if _er_bydel(innsending.virksomhet) else "etat"


def bistandsplikt_serier(grunnlag, *, user, months):
    """Per source and month: requests, breaches, acute requests and those met within 2
    hours (None for a month without a used submission of that source)."""
    sums = _bistandsplikt_summer(grunnlag, user=user)

    def total(innsending, field, rows="alle"):
        return int((sums.get((innsending.pk, field)) or {}).get(rows) or 0)

    series = {}
    for innsending in grunnlag.brukte(months):
        day = innsending.periode_fra.replace(day=1)
        month = series.setdefault(_kilde(innsending), {}).setdefault(
            day, {"foresporsler": 0, "brudd": 0, "akutte": 0, "innen_2_timer": 0}
        )
        month["foresporsler"] += total(innsending, "foresporsler")
        month["brudd"] += total(innsending, "brudd")
        month["akutte"] += total(innsending, "foresporsler", "akutt")
        month["innen_2_timer"] += total(innsending, "innen_2_timer", "akutt")
    return series


def _bistandsplikt_detaljer(grunnlag, *, user, months):
    """The values of the report's months: breaches per source, district and placement
    type, and every row with breaches with its EQS reference and explanation."""
    used = {i.pk: i for i in grunnlag.brukte(months)}
    values = (
        _qs(Verdi, user)
        .filter(innsending_id__in=list(used), felt__kode__in=("brudd", "eqs", "forklaring"))
        .values_list("innsending_id", "rad", "felt__kode", "tall", "tekst")
    )
    breaches = defaultdict(int)
    records = {}
    for innsending_id, rad, kode, tall, tekst in values:
        district, _sep, kind = rad.partition("|")
        innsending = used[innsending_id]
        record = records.setdefault(
            (innsending_id, rad),
            {"innsending": innsending, "bydel": district, "type": kind, "brudd": 0},
        )
        if kode == "brudd" and tall:
            breaches[(_kilde(innsending), district, kind)] += int(tall)
            record["brudd"] += int(tall)
        elif kode in ("eqs", "forklaring"):
            record[kode] = tekst
    return breaches, [r for r in records.values() if r["brudd"]]


def _bydeler(grunnlag):
    return [r for r in grunnlag.rapportorer if _er_bydel(r)]


def _bydelstabell(grunnlag, breaches, *, period):
    """Breaches per district and placement type as the agency reports them, and each
    district's own total; counts for one district masked, totals for the city not."""
    used = grunnlag.brukte(period)
    agency_reported = any(not _er_bydel(i.virksomhet) for i in used)
    districts_reported = {i.virksomhet.kode for i in used if _er_bydel(i.virksomhet)}

    def agency(district, kind):
        return breaches.get(("etat", district.kode, kind), 0) if agency_reported else None

    rows = []
    for district in _bydeler(grunnlag):
        per_type = [agency(district, kind) for kind in TYPEREKKEFOLGE]
        own = (
            sum(breaches.get(("bydel", district.kode, kind), 0) for kind in TYPEREKKEFOLGE)
            if district.kode in districts_reported
            else None
        )
        rows.append(
            {
                "navn": district.navn,
                "celler": [maskert_antall(v) for v in per_type],
                "sum": maskert_antall(sum(per_type) if agency_reported else None),
                "egen": maskert_antall(own),
            }
        )
    type_totals = [
        sum(agency(d, kind) for d in _bydeler(grunnlag)) if agency_reported else None
        for kind in TYPEREKKEFOLGE
    ]
    agency_total = sum(type_totals) if agency_reported else None
    district_total = (
        sum(v for (source, _d, _k), v in breaches.items() if source == "bydel")
        if districts_reported
        else None
    )
    tabell = Tabell(
        tittel=_("Breaches per district and placement type"),
        kolonner=[
            _("District"),
            *[TYPENAVN[k] for k in TYPEREKKEFOLGE],
            _("Total"),
            _("Reported by the district"),
        ],
        rader=[[r["navn"], *r["celler"], r["sum"], r["egen"]] for r in rows]
        + [[_("All districts"), *type_totals, agency_total, district_total]],
    )
    return {
        "rader": rows,
        "typesummer": type_totals,
        "sum_etat": agency_total,
        "sum_bydeler": district_total,
        "tabell": tabell,
    }


def _bydelsdiagram(rows, *, name, period):
    """Breaches per district as bars; a masked count is written «< 3», without a bar."""
    return stolpediagram(
        tittel=_("Breaches per district, %(month)s") % {"month": _periodenavn(period)},
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

    labels, headings = _aksetekster(months), [maanedsnavn(day) for day in months]
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
                [_andel(m["innen_2_timer"], m["akutte"]) if m else None for m in per_month(key)],
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


def _akuttrader(sources, series, period):
    """Acute requests of the report's months per source, against the target of 100 %."""
    rows = []
    for key, name in sources:
        months = [m for m in (series.get(key, {}).get(day) for day in period) if m]
        if not months:
            rows.append({"kilde": name, "akutte": None, "innen": None, "andel": None})
            continue
        requests = sum(m["akutte"] for m in months)
        within = sum(m["innen_2_timer"] for m in months)
        value = _andel(within, requests)
        rows.append(
            {
                "kilde": name,
                "akutte": requests,
                "innen": within,
                "andel": value,
                "andel_tekst": formater_prosent(value),
                "status": _maalstatus(value, lambda v: v >= 100),
            }
        )
    return rows


def _bruddliste(records, district_names):
    """Each row with breaches, with its EQS reference and explanation; the count masked
    (the row is one district, one kind of placement, one month)."""
    type_order = {kind: i for i, kind in enumerate(TYPEREKKEFOLGE)}
    records = sorted(
        records,
        key=lambda r: (
            district_names.get(r["bydel"], r["bydel"]),
            type_order.get(r["type"], 99),
            r["innsending"].virksomhet.navn,
            r["innsending"].periode_fra,
        ),
    )
    rows = [
        {
            "maaned": maanedsnavn(r["innsending"].periode_fra),
            "rapportert_av": r["innsending"].virksomhet.navn,
            "bydel": district_names.get(r["bydel"], r["bydel"]),
            "type": TYPENAVN.get(r["type"], r["type"]),
            "brudd": maskert_antall(r["brudd"]),
            "eqs": r.get("eqs", ""),
            "forklaring": r.get("forklaring", ""),
        }
        for r in records
    ]
    keys = ["maaned", "rapportert_av", "bydel", "type", "brudd", "eqs", "forklaring"]
    tabell = Tabell(
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
    return rows, tabell


def hent_bistandsplikt(*, virksomhet, periode_fra, periode_til, user):
    """The monthly bistandsplikt report for the department that owns the obligation:
    breaches per district and placement type against the zero vision, the last 12
    months, acute requests met within 2 hours, each breach explained, who has not
    reported."""
    period = maaneder(fra=periode_fra, til=periode_til)
    months = sorted(set(siste_maaneder(til=periode_til)) | set(period))
    grunnlag = _grunnlag(BISTANDSPLIKT, months=months, user=user, eier=virksomhet)
    if grunnlag is None:
        return Innhold(har_data=False, datagrunnlag={"mangler": [], "forelopige": 0})
    sources = _kilder(grunnlag)
    series = bistandsplikt_serier(grunnlag, user=user, months=months)
    breaches, records = _bistandsplikt_detaljer(grunnlag, user=user, months=period)
    districts = _bydelstabell(grunnlag, breaches, period=period)
    agency = ", ".join(r.navn for r in grunnlag.rapportorer if not _er_bydel(r))
    breach_chart, acute_chart = _bistandsplikt_diagrammer(sources, series, months)
    breach_rows, breach_table = _bruddliste(records, {d.kode: d.navn for d in _bydeler(grunnlag)})
    submission_rows = _innsendingsrader(grunnlag, period)
    return Innhold(
        context={
            "skjema": grunnlag.skjema,
            "periode_navn": _periodenavn(period),
            "kilder": [
                {
                    "navn": name,
                    "sum": districts["sum_etat"] if key == "etat" else districts["sum_bydeler"],
                }
                for key, name in sources
            ],
            "etat_navn": agency,
            "typekolonner": [TYPENAVN[k] for k in TYPEREKKEFOLGE],
            "bydelsrader": districts["rader"],
            "typesummer": districts["typesummer"],
            "sum_etat": districts["sum_etat"],
            "sum_bydeler": districts["sum_bydeler"],
            "bydelsdiagram": _bydelsdiagram(
                districts["rader"], name=dict(sources).get("etat", _("Breaches")), period=period
            ),
            "bruddiagram": breach_chart,
            "akuttdiagram": acute_chart,
            "akuttrader": _akuttrader(sources, series, period),
            "bruddliste": breach_rows,
            "innsendinger": submission_rows,
            "maskeringsgrense": MASKERINGSGRENSE,
        },
        tabeller=[
            districts["tabell"],
            breach_chart.tabell,
            acute_chart.tabell,
            breach_table,
            _innsendingstabell(submission_rows),
        ],
        har_data=bool(grunnlag.brukte(period)),
        datagrunnlag={
            "mangler": _mangler_navn(grunnlag, period),
            "forelopige": grunnlag.forelopige(),
        },
    )
