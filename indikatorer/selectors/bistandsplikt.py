"""The bistandsplikt figures: breaches per month, district and kind of placement, and
acute requests met within 2 hours. The monthly report and the dashboard show
``bistandspliktstall``; the tertial report shows ``bistandsplikt_aaret``.

Small numbers: a count of breaches for one district, or in one breach record, is shown
as «< 3» when it is 1 or 2 (``maskert_antall``): with the month and the kind of
placement it could identify a child. Totals for the whole city, which single out no
district, are shown as numbers.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from indikatorer.models.rapportering import Verdi
from indikatorer.selectors.maanedstall import (
    BISTANDSPLIKT,
    SERIE_MAANEDER,
    Grunnlag,
    andel,
    er_bydel,
    fra_omfang,
    grunnlag,
    innsendingsrader,
    maalstatus,
    mangler_navn,
    maskert_antall,
)
from indikatorer.skjematyper import PLASSERINGSTYPER
from styring.diagram import formater_prosent
from styring.perioder import maaneder, maanedsnavn, maanedsstart, siste_maaneder

BISTANDSPLIKT_TALL = ("foresporsler", "brudd", "innen_2_timer")
TYPEREKKEFOLGE = [kind for kind, _label in PLASSERINGSTYPER]
TYPENAVN = dict(PLASSERINGSTYPER)


def _summer(grunnlag, *, user):
    """Per used submission and number field: the sum over all rows and over the acute
    rows (one query, whatever the number of districts and months)."""
    rows = (
        fra_omfang(Verdi, user)
        .filter(
            innsending_id__in=[i.pk for i in grunnlag.brukte()],
            felt__kode__in=BISTANDSPLIKT_TALL,
        )
        .values("innsending_id", "felt__kode")
        .annotate(alle=Sum("tall"), akutt=Sum("tall", filter=Q(rad__endswith="|akutt")))
    )
    return {(r["innsending_id"], r["felt__kode"]): r for r in rows}


def kilder(grunnlag):
    """The two accounts of the same breaches: the agency's (BFE delivers placements) and
    the districts' (they ask for them), as [(key, name)]."""
    agencies = [r for r in grunnlag.rapportorer if not er_bydel(r)]
    sources = []
    if agencies:
        sources.append(
            ("etat", _("Reported by %(name)s") % {"name": ", ".join(a.navn for a in agencies)})
        )
    if any(er_bydel(r) for r in grunnlag.rapportorer):
        sources.append(("bydel", _("Reported by the districts")))
    return sources


def _kilde(innsending):
    return "bydel" if er_bydel(innsending.virksomhet) else "etat"


def bistandsplikt_serier(grunnlag, *, user, months):
    """Per source and month: requests, breaches, acute requests and those met within 2
    hours (None for a month without a used submission of that source)."""
    sums = _summer(grunnlag, user=user)

    def total(innsending, field, rows="alle"):
        return int((sums.get((innsending.pk, field)) or {}).get(rows) or 0)

    series = {}
    for innsending in grunnlag.brukte(months):
        day = maanedsstart(innsending.periode_fra)
        month = series.setdefault(_kilde(innsending), {}).setdefault(
            day, {"foresporsler": 0, "brudd": 0, "akutte": 0, "innen_2_timer": 0}
        )
        month["foresporsler"] += total(innsending, "foresporsler")
        month["brudd"] += total(innsending, "brudd")
        month["akutte"] += total(innsending, "foresporsler", "akutt")
        month["innen_2_timer"] += total(innsending, "innen_2_timer", "akutt")
    return series


def _detaljer(grunnlag, *, user, months):
    """The values of the report's months: breaches per source, district and placement
    type, and every row with breaches with its EQS reference and explanation."""
    used = {i.pk: i for i in grunnlag.brukte(months)}
    values = (
        fra_omfang(Verdi, user)
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


def bydeler_i(grunnlag):
    """The districts among the obligation's reporters."""
    return [r for r in grunnlag.rapportorer if er_bydel(r)]


def bydelstall(grunnlag, breaches, *, period):
    """Breaches per district and placement type as the agency reports them, and each
    district's own total; counts for one district masked, totals for the city not."""
    used = grunnlag.brukte(period)
    agency_reported = any(not er_bydel(i.virksomhet) for i in used)
    districts_reported = {i.virksomhet.kode for i in used if er_bydel(i.virksomhet)}

    def agency(district, kind):
        return breaches.get(("etat", district.kode, kind), 0) if agency_reported else None

    rows = []
    for district in bydeler_i(grunnlag):
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
        sum(agency(d, kind) for d in bydeler_i(grunnlag)) if agency_reported else None
        for kind in TYPEREKKEFOLGE
    ]
    return {
        "rader": rows,
        "typesummer": type_totals,
        "sum_etat": sum(type_totals) if agency_reported else None,
        "sum_bydeler": (
            sum(v for (source, _d, _k), v in breaches.items() if source == "bydel")
            if districts_reported
            else None
        ),
    }


def akuttrader(sources, series, period):
    """Acute requests of the report's months per source, against the target of 100 %."""
    rows = []
    for key, name in sources:
        months = [m for m in (series.get(key, {}).get(day) for day in period) if m]
        if not months:
            rows.append({"kilde": name, "akutte": None, "innen": None, "andel": None})
            continue
        requests = sum(m["akutte"] for m in months)
        within = sum(m["innen_2_timer"] for m in months)
        value = andel(within, requests)
        rows.append(
            {
                "kilde": name,
                "akutte": requests,
                "innen": within,
                "andel": value,
                "andel_tekst": formater_prosent(value),
                "status": maalstatus(value, lambda v: v >= 100),
            }
        )
    return rows


def bruddrader(records, district_names):
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
    return [
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


@dataclass
class Bistandspliktstall:
    """The figures of a bistandsplikt report or dashboard: ``periode`` are its months,
    ``maaneder`` the twelve-month series they end."""

    grunnlag: Grunnlag
    periode: list
    maaneder: list
    kilder: list
    serier: dict
    bydelstall: dict
    akuttrader: list
    bruddrader: list
    innsendinger: list

    @property
    def mangler(self):
        return mangler_navn(self.grunnlag, self.periode)

    @property
    def etat_navn(self):
        return ", ".join(r.navn for r in self.grunnlag.rapportorer if not er_bydel(r))


def bistandspliktstall(*, eier, periode_fra, periode_til, user):
    """The bistandsplikt figures of the department ``eier`` for the months from
    ``periode_fra`` to ``periode_til``; None when ``user`` does not see its obligation."""
    period = maaneder(fra=periode_fra, til=periode_til)
    months = sorted(set(siste_maaneder(til=periode_til, antall=SERIE_MAANEDER)) | set(period))
    basis = grunnlag(BISTANDSPLIKT, months=months, user=user, eier=eier)
    if basis is None:
        return None
    sources = kilder(basis)
    series = bistandsplikt_serier(basis, user=user, months=months)
    breaches, records = _detaljer(basis, user=user, months=period)
    return Bistandspliktstall(
        grunnlag=basis,
        periode=period,
        maaneder=months,
        kilder=sources,
        serier=series,
        bydelstall=bydelstall(basis, breaches, period=period),
        akuttrader=akuttrader(sources, series, period),
        bruddrader=bruddrader(records, {d.kode: d.navn for d in bydeler_i(basis)}),
        innsendinger=innsendingsrader(basis, period),
    )


def bistandsplikt_aaret(*, virksomhet, months, user):
    """The bistandsplikt figures ``virksomhet`` reported in ``months``: the monthly
    series of its own account and their totals; None when it does not report them."""
    basis = grunnlag(BISTANDSPLIKT, months=months, user=user, rapportor=virksomhet)
    if basis is None or not basis.rapportorer:
        return None
    series = bistandsplikt_serier(basis, user=user, months=months)
    source = "bydel" if er_bydel(virksomhet) else "etat"
    per_month = [series.get(source, {}).get(day) for day in months]
    reported = [m for m in per_month if m]
    requests = sum(m["akutte"] for m in reported)
    within = sum(m["innen_2_timer"] for m in reported)
    return {
        "grunnlag": basis,
        "per_maaned": per_month,
        "brudd": sum(m["brudd"] for m in reported) if reported else None,
        "foresporsler": sum(m["foresporsler"] for m in reported) if reported else None,
        "maaneder_rapportert": len(reported),
        "akutt_andel": andel(within, requests),
        "akutt_andel_tekst": formater_prosent(andel(within, requests)),
        "akutte": requests,
        "innen_2_timer": within,
    }
