"""Reports of ``indikatorer``: the monthly bistandsplikt and belegg reports, and the
indicator part of an agency's tertial report.

``register()`` (called from ``IndikatorerConfig.ready``) hands them to
``styring.rapporter.register``; the pipeline there renders, archives and sends them.
Every ``hent`` takes keyword arguments only and returns ``Innhold``. With a ``user``,
every query starts from ``Model.objects.for_user(user)``; without one (a scheduled job)
the content is what the department that owns the obligation sees.

The numbers rest on approved and submitted submissions (``BRUKTE_STATUSER``). The
submitted ones, not yet approved, are counted in ``datagrunnlag["forelopige"]``; the
reporters without such a submission for the period are named in
``datagrunnlag["mangler"]``.

Small numbers: a count of breaches for one district, or in one breach record, is shown
as «< 3» when it is 1 or 2 (``maskert_antall``): with the month and the kind of
placement it could identify a child. Totals for the whole city, which single out no
district, are shown as numbers.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indikatorer import maaltall as mt
from indikatorer.models import STATUS_LABELS, Indikator, Resultat, Vurdering
from indikatorer.rapporteringsmodeller import Innsending, Institusjon, Kapasitet, Skjema, Verdi
from indikatorer.skjematyper import (
    PLASSERINGSTYPER,
    beleggsprosent,
    dager_i_maaned,
    under_terskel,
)
from styring.diagram import (
    Referanselinje,
    Serie,
    formater_prosent,
    linjediagram,
    stolpediagram,
)
from styring.models import Tildelingsbrev, Virksomhet
from styring.rapporter.register import (
    Innhold,
    Rapporttype,
    Tabell,
    Tertialdel,
    register_rapporttype,
    register_tertialdel,
)

BISTANDSPLIKT = "bistandsplikt"
BELEGG = "belegg"
BRUKTE_STATUSER = (Innsending.Status.GODKJENT, Innsending.Status.LEVERT)
SERIE_MAANEDER = 12
MASKERINGSGRENSE = 3
# More institutions than this are drawn per kind, not one line each.
MAKS_LINJER = 6
TYPEREKKEFOLGE = [kind for kind, _label in PLASSERINGSTYPER]
TYPENAVN = dict(PLASSERINGSTYPER)
INSTITUSJONSTYPER = list(Institusjon.Type)


def maskert_antall(antall, *, skjul=True):
    """A count as a table that singles out a district shows it: «< 3» for 1 or 2 (it
    could identify a child), the number for 0 and from 3 up, None for no number.
    ``skjul=False`` shows every number (a total for the whole city)."""
    if antall is None:
        return None
    antall = int(antall)
    if skjul and 0 < antall < MASKERINGSGRENSE:
        return f"< {MASKERINGSGRENSE}"
    return antall


def _qs(model, user):
    """Where every query starts: the user's scope, or everything for a scheduled job."""
    return model.objects.for_user(user) if user is not None else model.objects.all()


# Months


def _neste_maaned(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def maaneder(*, fra, til):
    """The first day of every month from ``fra``'s month to ``til``'s."""
    months, day = [], fra.replace(day=1)
    while day <= til:
        months.append(day)
        day = _neste_maaned(day)
    return months


def siste_maaneder(*, til, antall=SERIE_MAANEDER):
    """The first days of the ``antall`` months that end with ``til``'s month."""
    year, month = til.year, til.month - antall + 1
    while month < 1:
        year, month = year - 1, month + 12
    return maaneder(fra=datetime.date(year, month, 1), til=til)


def maanedsslutt(day):
    return _neste_maaned(day) - datetime.timedelta(days=1)


def maanedsnavn(day):
    """«mai 2026»."""
    return date_format(day, "F Y")


def _aksetekster(months):
    """Short axis labels: «jan», with the year under the first month and every January."""
    return [
        f"{date_format(day, 'b')}\n{day.year}"
        if i == 0 or day.month == 1
        else date_format(day, "b")
        for i, day in enumerate(months)
    ]


def _andel(teller, nevner):
    """``teller`` / ``nevner`` in per cent to one decimal; None without a denominator."""
    if teller is None or not nevner:
        return None
    return (Decimal(teller) / Decimal(nevner) * 100).quantize(Decimal("0.1"))


# What the numbers rest on


@dataclass
class Grunnlag:
    """An obligation's reporters and submissions over some months."""

    skjema: Skjema
    rapportorer: list
    innsendinger: list
    maaneder: list

    def brukte(self, months=None):
        """The approved and submitted submissions (of ``months``, default all)."""
        months = set(months or self.maaneder)
        return [
            i
            for i in self.innsendinger
            if i.status in BRUKTE_STATUSER and i.periode_fra.replace(day=1) in months
        ]

    def forventet(self, day):
        """Whether the obligation asked for a report for the month starting ``day``."""
        skjema = self.skjema
        if maanedsslutt(day) < skjema.aktiv_fra:
            return False
        return skjema.aktiv_til is None or day <= skjema.aktiv_til

    def mangler(self, months):
        """(organisation, month) for every report of ``months`` not submitted."""
        have = {(i.virksomhet_id, i.periode_fra.replace(day=1)) for i in self.brukte(months)}
        return [
            (organisation, day)
            for day in months
            if self.forventet(day)
            for organisation in self.rapportorer
            if (organisation.pk, day) not in have
        ]

    def forelopige(self, months=None):
        return sum(i.status == Innsending.Status.LEVERT for i in self.brukte(months))


def _grunnlag(kode, *, months, user, eier=None, rapportor=None):
    """The obligation ``kode`` (owned by ``eier`` or reported by ``rapportor``) with its
    submissions of ``months``; None when the obligation is not there for the user."""
    skjema = _qs(Skjema, user).filter(kode=kode)
    if eier is not None:
        skjema = skjema.filter(eier=eier)
    if rapportor is not None:
        skjema = skjema.filter(rapportorer=rapportor)
    skjema = skjema.first()
    if skjema is None:
        return None
    reporters = list(skjema.rapportorer.order_by("navn"))
    if rapportor is not None:
        reporters = [r for r in reporters if r.pk == rapportor.pk]
    submissions = _qs(Innsending, user).filter(
        skjema=skjema, periode_fra__gte=months[0], periode_fra__lte=maanedsslutt(months[-1])
    )
    if rapportor is not None:
        submissions = submissions.filter(virksomhet=rapportor)
    return Grunnlag(
        skjema=skjema,
        rapportorer=reporters,
        innsendinger=list(submissions.select_related("virksomhet")),
        maaneder=months,
    )


def _innsendingsrader(grunnlag, months):
    """Per reporter and month: the status of its submission, in words, with dates."""
    by_key = {(i.virksomhet_id, i.periode_fra.replace(day=1)): i for i in grunnlag.innsendinger}
    rows = []
    for day in months:
        if not grunnlag.forventet(day):
            continue
        for organisation in grunnlag.rapportorer:
            innsending = by_key.get((organisation.pk, day))
            used = innsending is not None and innsending.status in BRUKTE_STATUSER
            rows.append(
                {
                    "virksomhet": organisation.navn,
                    "maaned": maanedsnavn(day),
                    "status": innsending.get_status_display() if innsending else _("No submission"),
                    "brukt": used,
                    "levert": innsending.levert if innsending else None,
                    "frist": innsending.frist
                    if innsending
                    else grunnlag.skjema.frist_for(maanedsslutt(day)),
                }
            )
    return rows


def _innsendingstabell(rows):
    return Tabell(
        tittel=_("Submissions"),
        kolonner=[_("Organisation"), _("Month"), _("Status"), _("Submitted"), _("Deadline")],
        rader=[
            [
                r["virksomhet"],
                r["maaned"],
                str(r["status"]),
                date_format(r["levert"], "SHORT_DATE_FORMAT") if r["levert"] else "",
                date_format(r["frist"], "SHORT_DATE_FORMAT"),
            ]
            for r in rows
        ],
    )


def _mangler_navn(grunnlag, months):
    """The names of the reporters missing a report of ``months``, once each."""
    names = []
    for organisation, _day in grunnlag.mangler(months):
        if organisation.navn not in names:
            names.append(organisation.navn)
    return names


def _er_bydel(organisation):
    return organisation.type == Virksomhet.Type.BYDEL


# Bistandsplikt


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


def _periodenavn(period):
    if len(period) == 1:
        return maanedsnavn(period[0])
    return f"{maanedsnavn(period[0])} – {maanedsnavn(period[-1])}"


def _maalstatus(value, achieved):
    if value is None:
        return STATUS_LABELS[mt.Status.MANGLER_DATA]
    return STATUS_LABELS[mt.Status.OPPNAADD if achieved(value) else mt.Status.IKKE_OPPNAADD]


# Belegg


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


def _heltall(value):
    if value is None:
        return None
    return int(value) if value == int(value) else value


# The tertial report: indicators, and the monthly series so far in the year


def _indikatorer(*, virksomhet, aar, user):
    """The indicators of the organisation's letters of ``aar``, with their targets and
    results (a fixed number of queries)."""
    letters = _qs(Tildelingsbrev, user).filter(mottakere=virksomhet, aar=aar)
    indicators = _qs(Indikator, user).filter(
        pk__in=Indikator.objects.filter(brev__in=letters).values("pk")
    )
    if user is not None:
        indicators = indicators.med_tall(user)
    else:
        indicators = indicators.select_related("eier", "sett", "maal").prefetch_related(
            "maalverdier",
            Prefetch("resultater", queryset=Resultat.objects.select_related("virksomhet")),
        )
    type_order = {kind: i for i, kind in enumerate(Indikator.Type)}
    return sorted(indicators, key=lambda i: (type_order.get(i.type, 9), i.rekkefolge, i.pk))


def _resultat_tekst(result):
    if result is None:
        return ""
    return result.tekst or (str(result.verdi) if result.verdi is not None else "")


def indikatorrad(indikator, *, aar, virksomhet):
    """One indicator of the tertial report: target, result and status for ``aar``.

    The result is the organisation's own result for the year when the periodic
    reporting has made one (bistandsplikt numbers so far in the year), else the latest
    result of the whole indicator up to ``aar``."""
    target = indikator.maalverdi_for(aar)
    results = indikator.resultater_liste()
    own = next(
        (r for r in results if r.aar == aar and not r.periode and r.virksomhet_id == virksomhet.pk),
        None,
    )
    if own is not None:
        result = own
        vurdering = (
            own.vurdering(target) if target is not None else Vurdering(mt.Status.MANGLER_DATA)
        )
    else:
        # The latest result with a value; else the latest as written («xx»).
        result = indikator.siste_resultat(til_og_med=aar) or next(
            (r for r in reversed(results) if _samlet_aarsresultat(r, aar)), None
        )
        vurdering = indikator.vurdering(aar)
    history = [r for r in results if _samlet_aarsresultat(r, aar)]
    if own is not None:
        history.append(own)
    return {
        "indikator": indikator,
        "maalverdi": target,
        "resultat": result,
        "resultat_tekst": _resultat_tekst(result),
        "resultat_aar": _resultataar(result, virksomhet),
        "eget": own is not None,
        "historikk": history,
        "vurdering": vurdering,
        "diagram": indikatordiagram(indikator, history, target, virksomhet=virksomhet),
    }


def _samlet_aarsresultat(result, aar):
    """A result of the whole indicator for a whole year up to ``aar``."""
    return not result.periode and result.virksomhet_id is None and result.aar <= aar


def _resultataar(result, virksomhet):
    if result is None:
        return ""
    if result.virksomhet_id == virksomhet.pk:
        return _("%(year)s so far, reported by %(name)s") % {
            "year": result.aar,
            "name": virksomhet.navn,
        }
    return str(result.aar)


def _enhet(indikator, history):
    if indikator.enhet == Indikator.Enhet.PROSENT:
        return "%"
    for result in history:
        if result.tekst and mt.tolk_resultat(result.tekst).enhet == mt.Enhet.PROSENT:
            return "%"
    return ""


def indikatordiagram(indikator, history, target, *, virksomhet=None):
    """Results by year as bars, with the target as a line (when it is a number)."""
    numeric = [r for r in history if r.verdi is not None]
    if not numeric:
        return None
    unit = _enhet(indikator, numeric)
    decimals = max(
        (1 if unit == "%" else 0),
        *[min(len(str(r.verdi.normalize()).partition(".")[2]), 2) for r in numeric],
    )
    lines = []
    if target is not None:
        maaltall = target.maaltall
        if maaltall.verdi is not None and maaltall.sammenligning not in mt.RELATIVE:
            lines.append(
                Referanselinje(
                    _("Target %(year)s") % {"year": target.aar}, maaltall.verdi, tekst=target.tekst
                )
            )
    return stolpediagram(
        tittel=_("%(indicator)s: results by year") % {"indicator": indikator.navn},
        kategorier=[
            str(r.aar)
            if r.virksomhet_id is None
            else _("%(year)s (%(name)s, so far)") % {"year": r.aar, "name": virksomhet.kode}
            for r in numeric
        ],
        serier=[Serie(_("Result"), [r.verdi for r in numeric])],
        referanselinjer=lines,
        enhet=unit,
        desimaler=decimals,
        kategori_overskrift=_("Year"),
        diagram_id=f"indikator-{indikator.pk}",
    )


def _bistandsplikt_aaret(virksomhet, months, *, user):
    grunnlag = _grunnlag(BISTANDSPLIKT, months=months, user=user, rapportor=virksomhet)
    if grunnlag is None or not grunnlag.rapportorer:
        return None
    series = bistandsplikt_serier(grunnlag, user=user, months=months)
    source = "bydel" if _er_bydel(virksomhet) else "etat"
    per_month = [series.get(source, {}).get(day) for day in months]
    reported = [m for m in per_month if m]
    chart = linjediagram(
        tittel=_("Breaches of the duty to provide placements per month, %(year)s")
        % {"year": months[0].year},
        beskrivelse=_("The zero vision: no breaches."),
        kategorier=_aksetekster(months),
        kategorier_tabell=[maanedsnavn(day) for day in months],
        serier=[Serie(_("Breaches"), [m["brudd"] if m else None for m in per_month])],
        referanselinjer=[Referanselinje(_("Zero vision"), 0)],
        heltall=True,
        kategori_overskrift=_("Breaches"),
        diagram_id=f"tertial-brudd-{virksomhet.kode}",
    )
    requests = sum(m["akutte"] for m in reported)
    within = sum(m["innen_2_timer"] for m in reported)
    return {
        "grunnlag": grunnlag,
        "brudd": sum(m["brudd"] for m in reported) if reported else None,
        "foresporsler": sum(m["foresporsler"] for m in reported) if reported else None,
        "maaneder_rapportert": len(reported),
        "akutt_andel": _andel(within, requests),
        "akutt_andel_tekst": formater_prosent(_andel(within, requests)),
        "akutte": requests,
        "innen_2_timer": within,
        "diagram": chart,
    }


def _belegg_aaret(virksomhet, months, *, user):
    grunnlag = _grunnlag(BELEGG, months=months, user=user, rapportor=virksomhet)
    if grunnlag is None or not grunnlag.rapportorer:
        return None
    institutions, per_month = belegg_per_maaned(grunnlag, user=user, months=months)
    rows = []
    for institution in institutions:
        entries = _maanedene(per_month, [institution], months)
        if not entries:
            continue
        rows.append(
            {
                **_samlet(entries, institution.type),
                "institusjon": institution,
                "type": institution.get_type_display(),
                "maaneder_under": sum(e.under_terskel for e in entries),
                "maaneder_rapportert": sum(e.liggedogn is not None for e in entries),
            }
        )
    chart = _beleggdiagram(
        institutions,
        per_month,
        months,
        tittel=_("Occupancy per month, %(year)s") % {"year": months[0].year},
    )
    return {"grunnlag": grunnlag, "rader": rows, "diagram": chart}


def hent_tertial_indikatorer(*, virksomhet, periode_fra, periode_til, user):
    """The indicators of the agency's letter for the year with target, result and
    status, and the monthly series of the year so far when the agency reports them."""
    aar = periode_til.year
    rows = [
        indikatorrad(indikator, aar=aar, virksomhet=virksomhet)
        for indikator in _indikatorer(virksomhet=virksomhet, aar=aar, user=user)
    ]
    months = maaneder(fra=datetime.date(aar, 1, 1), til=periode_til)
    bistandsplikt = _bistandsplikt_aaret(virksomhet, months, user=user)
    belegg = _belegg_aaret(virksomhet, months, user=user)
    missing, preliminary = [], 0
    for part in (bistandsplikt, belegg):
        if part is None:
            continue
        grunnlag = part["grunnlag"]
        preliminary += grunnlag.forelopige()
        missing += [
            _("%(obligation)s: %(organisation)s, %(month)s")
            % {
                "obligation": grunnlag.skjema.navn,
                "organisation": organisation.navn,
                "month": maanedsnavn(day),
            }
            for organisation, day in grunnlag.mangler(months)
        ]
    tables = [
        Tabell(
            tittel=_("Indicators %(year)s") % {"year": aar},
            kolonner=[_("Indicator"), _("Target"), _("Result"), _("Result from"), _("Status")],
            rader=[
                [
                    str(r["indikator"]),
                    r["maalverdi"].tekst if r["maalverdi"] else "",
                    r["resultat_tekst"],
                    r["resultat_aar"],
                    str(r["vurdering"].tekst),
                ]
                for r in rows
            ],
        )
    ]
    if bistandsplikt:
        tables.append(bistandsplikt["diagram"].tabell)
    if belegg:
        tables.append(belegg["diagram"].tabell)
    counts = defaultdict(int)
    for row in rows:
        counts[row["vurdering"].status] += 1
    return Innhold(
        context={
            "aar": aar,
            "indikatorrader": rows,
            "statusantall": [(STATUS_LABELS[s], counts[s]) for s in mt.Status if counts[s]],
            "bistandsplikt": bistandsplikt,
            "belegg": belegg,
            "maaneder_fra": maanedsnavn(months[0]),
            "maaneder_til": maanedsnavn(months[-1]),
        },
        tabeller=tables,
        har_data=bool(rows) or bool(bistandsplikt) or bool(belegg),
        datagrunnlag={"mangler": missing, "forelopige": preliminary},
    )


# Registration


def _eiere_av(kode):
    """Which of some organisations own the obligation ``kode`` (its monthly report goes
    to its owner)."""

    def hvilke(virksomheter):
        owners = Skjema.objects.filter(kode=kode, eier__in=[v.pk for v in virksomheter])
        return set(owners.values_list("eier_id", flat=True))

    return hvilke


def register():
    register_rapporttype(
        Rapporttype(
            kode="bistandsplikt-maaned",
            navn=gettext_lazy("Breaches of the duty to provide placements, monthly report"),
            frekvens="maaned",
            template_name="indikatorer/rapporter/bistandsplikt.html",
            hent=hent_bistandsplikt,
            gjelder=lambda virksomhet: bool(_eiere_av(BISTANDSPLIKT)([virksomhet])),
            gjelder_hvilke=_eiere_av(BISTANDSPLIKT),
        )
    )
    register_rapporttype(
        Rapporttype(
            kode="belegg-maaned",
            navn=gettext_lazy("Occupancy of institutions, monthly report"),
            frekvens="maaned",
            template_name="indikatorer/rapporter/belegg.html",
            hent=hent_belegg,
            gjelder=lambda virksomhet: bool(_eiere_av(BELEGG)([virksomhet])),
            gjelder_hvilke=_eiere_av(BELEGG),
        )
    )
    register_tertialdel(
        Tertialdel(
            kode="indikatorer",
            navn=gettext_lazy("Indicators"),
            rekkefolge=10,
            template_name="indikatorer/rapporter/tertial_indikatorer.html",
            hent=hent_tertial_indikatorer,
        )
    )
