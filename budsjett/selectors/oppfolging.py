"""Follow-up of a year's budget: accounts to date, the latest forecast, the deviation.

One home for these figures: the follow-up page, its CSV/Excel export,
``/api/budsjettoppfolging/``, the department's deviations page and its export, the
department overview's budget column and the tertial report's budget part all read them
from ``oppfolgingstall``, for any number of organisations in a fixed number of queries.
Whether a deviation is material is the rule of ``budsjett.models.vesentlig``.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Sum
from django.urls import reverse

from budsjett.models import (
    Budsjettlinje,
    Budsjettrapport,
    Konto,
    Prognose,
    Regnskap,
    andel,
    periodetekst,
    prosent,
    vesentlig,
)
from styring import perioder

Status = Budsjettrapport.Status
Type = Budsjettrapport.Type


@dataclass
class Tall:
    """Budget, accounts to date and forecast of one account group or post, or a sum."""

    budsjett: int = 0
    regnskap: int | None = None
    prognose: int | None = None

    @property
    def forbruk_prosent(self):
        """Accounts to date as a share of the year's budget."""
        return andel(self.regnskap, self.budsjett)

    @property
    def avvik(self):
        """Forecast minus budget; positive is more spent (or less income) than budgeted."""
        return None if self.prognose is None else self.prognose - self.budsjett

    @property
    def avvik_prosent(self):
        return prosent(self.avvik, self.budsjett)

    @property
    def vesentlig(self):
        return self.avvik is not None and vesentlig(avvik=self.avvik, budsjett=self.budsjett)


@dataclass
class Oppfolgingsrad(Tall):
    konto: Konto = None
    prognose_tertial: int | None = None
    forklaring: str = ""

    @property
    def mangler_forklaring(self):
        return self.vesentlig and not self.forklaring.strip()


@dataclass
class Kapitteloppfolging(Tall):
    kapittel: object = None
    rader: list = field(default_factory=list)


@dataclass
class Oppfolging:
    virksomhet: object
    aar: int
    kapitler: list
    siste_maaned: int | None
    siste_tertial: int | None
    rapporter: dict

    @property
    def rader(self):
        return [row for chapter in self.kapitler for row in chapter.rader]

    @property
    def siste_maaned_tekst(self):
        if self.siste_maaned is None:
            return ""
        return periodetekst(Type.REGNSKAP, self.aar, self.siste_maaned)

    @property
    def siste_tertial_tekst(self):
        if self.siste_tertial is None:
            return ""
        return periodetekst(Type.PROGNOSE, self.aar, self.siste_tertial)

    @property
    def forventet_forbruk_prosent(self):
        """The share of the year's budget an even pace would have used by now."""
        if self.siste_maaned is None:
            return None
        return prosent(self.siste_maaned, 12)

    @property
    def har_budsjett(self):
        return bool(self.kapitler)

    @property
    def antall_vesentlige(self):
        return sum(1 for row in self.rader if row.vesentlig)

    @property
    def antall_uten_forklaring(self):
        return sum(1 for row in self.rader if row.mangler_forklaring)


@dataclass
class Oppfolgingstall:
    """The figures of several organisations' budgets for a year, before the account groups
    are looked up: ``rader`` {organisation id: {konto id: Oppfolgingsrad}} (``konto``
    not set), and per organisation the latest month with accounts and the latest tertial
    with a forecast."""

    rader: dict
    siste_maaned: dict
    siste_tertial: dict


def _qs(model, user):
    """Where every query starts: the user's scope, or everything for a scheduled job
    (``user`` None), whose reports go to the steering department."""
    return model.objects.for_user(user) if user is not None else model.objects.all()


def budsjett_per_konto(*, virksomhet, aar, user):
    """{Konto: the year's budget} of ``virksomhet``, in the chapters' order."""
    totals = dict(
        _qs(Budsjettlinje, user)
        .budsjett()
        .filter(virksomhet=virksomhet, tabell__aar=aar, aar=aar, konto__isnull=False)
        .values("konto")
        .annotate(total=Sum("belop"))
        .values_list("konto", "total")
    )
    kontoer = _qs(Konto, user).filter(pk__in=totals).select_related("kapittel")
    return {konto: totals[konto.pk] for konto in kontoer}


def har_oppfolging(*, virksomhet, aar, user):
    """Whether ``virksomhet`` has a budget for ``aar`` to follow up, as ``user`` sees it."""
    return bool(budsjett_per_konto(virksomhet=virksomhet, aar=aar, user=user))


def oppfolgingstall(*, virksomhet_ids, aar, user, til_maaned=None, til_tertial=None):
    """The figures of the budgets of ``virksomhet_ids`` for ``aar`` as ``user`` may see
    them, in three queries.

    Accounts are summed over the months up to ``til_maaned`` (default: all entered); the
    forecast of each account group is the one of the latest tertial (up to
    ``til_tertial``) that has it.
    """
    budget = {
        (row["virksomhet"], row["konto"]): row["total"]
        for row in _qs(Budsjettlinje, user)
        .budsjett()
        .filter(virksomhet__in=virksomhet_ids, tabell__aar=aar, aar=aar, konto__isnull=False)
        .values("virksomhet", "konto")
        .annotate(total=Sum("belop"))
    }
    if not budget:
        return Oppfolgingstall(rader={}, siste_maaned={}, siste_tertial={})
    accounts = _qs(Regnskap, user).filter(rapport__virksomhet__in=virksomhet_ids, rapport__aar=aar)
    if til_maaned is not None:
        accounts = accounts.filter(rapport__periode__lte=til_maaned)
    by_konto, last_month = {}, {}
    for org_id, konto_id, total, month in (
        accounts.values("rapport__virksomhet", "konto")
        .annotate(total=Sum("belop"), siste=Max("rapport__periode"))
        .values_list("rapport__virksomhet", "konto", "total", "siste")
    ):
        by_konto[(org_id, konto_id)] = total
        last_month[org_id] = max(month, last_month.get(org_id, month))
    forecast_rows = _qs(Prognose, user).filter(
        rapport__virksomhet__in=virksomhet_ids, rapport__aar=aar
    )
    if til_tertial is not None:
        forecast_rows = forecast_rows.filter(rapport__periode__lte=til_tertial)
    forecasts, last_tertial = {}, {}
    for org_id, konto_id, amount, explanation, tertial in forecast_rows.order_by(
        "rapport__periode"
    ).values_list("rapport__virksomhet", "konto", "belop", "forklaring", "rapport__periode"):
        forecasts[(org_id, konto_id)] = (amount, explanation, tertial)
        last_tertial[org_id] = tertial
    rows = defaultdict(dict)
    for (org_id, konto_id), amount in budget.items():
        forecast, explanation, tertial = forecasts.get((org_id, konto_id), (None, "", None))
        rows[org_id][konto_id] = Oppfolgingsrad(
            budsjett=amount,
            regnskap=by_konto.get((org_id, konto_id)),
            prognose=forecast,
            prognose_tertial=tertial,
            forklaring=explanation,
        )
    return Oppfolgingstall(rader=dict(rows), siste_maaned=last_month, siste_tertial=last_tertial)


def _kapitler(rows):
    chapters = defaultdict(list)
    for row in rows:
        chapters[row.konto.kapittel].append(row)
    result = []
    for kapittel, chapter_rows in chapters.items():
        entered = [row.regnskap for row in chapter_rows if row.regnskap is not None]
        forecast = [row.prognose for row in chapter_rows if row.prognose is not None]
        result.append(
            Kapitteloppfolging(
                budsjett=sum(row.budsjett for row in chapter_rows),
                regnskap=sum(entered) if entered else None,
                # A chapter's forecast only when every account group has one.
                prognose=sum(forecast) if len(forecast) == len(chapter_rows) else None,
                kapittel=kapittel,
                rader=chapter_rows,
            )
        )
    return result


def budsjettoppfolginger(*, virksomheter, aar, user, til_maaned=None, til_tertial=None):
    """The ``Oppfolging`` of each of ``virksomheter`` (in their order) for ``aar`` as
    ``user`` may see it, in five queries; see ``oppfolgingstall``."""
    ids = [v.pk for v in virksomheter]
    figures = oppfolgingstall(
        virksomhet_ids=ids, aar=aar, user=user, til_maaned=til_maaned, til_tertial=til_tertial
    )
    kontoer, reports = [], defaultdict(dict)
    if figures.rader:
        wanted = {konto_id for rows in figures.rader.values() for konto_id in rows}
        kontoer = list(_qs(Konto, user).filter(pk__in=wanted).select_related("kapittel"))
        for rapport in _qs(Budsjettrapport, user).filter(virksomhet__in=ids, aar=aar):
            reports[rapport.virksomhet_id][(rapport.type, rapport.periode)] = rapport
    result = []
    for virksomhet in virksomheter:
        rows = figures.rader.get(virksomhet.pk, {})
        shown = []
        for konto in kontoer:  # in the chapters' order
            if konto.pk in rows:
                rows[konto.pk].konto = konto
                shown.append(rows[konto.pk])
        result.append(
            Oppfolging(
                virksomhet=virksomhet,
                aar=aar,
                kapitler=_kapitler(shown),
                siste_maaned=figures.siste_maaned.get(virksomhet.pk),
                siste_tertial=figures.siste_tertial.get(virksomhet.pk),
                rapporter=reports[virksomhet.pk],
            )
        )
    return result


def budsjettoppfolging(*, virksomhet, aar, user, til_maaned=None, til_tertial=None):
    """The follow-up of ``virksomhet``'s budget for ``aar`` as ``user`` may see it: the
    follow-up page, its export, ``/api/budsjettoppfolging/`` and the tertial report."""
    (result,) = budsjettoppfolginger(
        virksomheter=[virksomhet],
        aar=aar,
        user=user,
        til_maaned=til_maaned,
        til_tertial=til_tertial,
    )
    return result


def _perioder(result, type, antall):
    name = "budsjett:budsjett-regnskap" if type == Type.REGNSKAP else "budsjett:budsjett-prognose"
    return [
        {
            "periode": periode,
            "tekst": periodetekst(type, result.aar, periode),
            "rapport": result.rapporter.get((type, periode)),
            "url": reverse(name, args=[result.virksomhet.kode, result.aar, periode]),
        }
        for periode in range(1, antall + 1)
    ]


def oppfolgingsside(*, virksomhet, aar, user):
    """The follow-up page: the figures, and each month's accounts and each tertial's
    forecast with its report; None without a budget."""
    result = budsjettoppfolging(virksomhet=virksomhet, aar=aar, user=user)
    if not result.har_budsjett:
        return None
    return {
        "oppfolging": result,
        "maaneder": _perioder(result, Type.REGNSKAP, 12),
        "tertialer": _perioder(result, Type.PROGNOSE, 3),
    }


@dataclass
class Tertialoppfolging:
    """The budget part of a tertial report: the follow-up through the tertial, the
    periods without a report, and how many reports included are not approved yet."""

    oppfolging: Oppfolging
    aar: int
    tertial: int
    mangler: list
    forelopige: int


def tertialoppfolging(*, virksomhet, periode_til, user):
    """The follow-up of ``virksomhet``'s budget through the tertial that ends with
    ``periode_til``; None without a budget."""
    aar = periode_til.year
    tertial = perioder.tertial(periode_til)
    result = budsjettoppfolging(
        virksomhet=virksomhet,
        aar=aar,
        user=user,
        til_maaned=periode_til.month,
        til_tertial=tertial,
    )
    if not result.har_budsjett:
        return None
    months = range(1, periode_til.month + 1)
    missing = [
        periodetekst(Type.REGNSKAP, aar, month)
        for month in months
        if (Type.REGNSKAP, month) not in result.rapporter
    ]
    if (Type.PROGNOSE, tertial) not in result.rapporter:
        missing.append(periodetekst(Type.PROGNOSE, aar, tertial))
    included = [
        report
        for (type, periode), report in result.rapporter.items()
        if (type == Type.REGNSKAP and periode in months)
        or (type == Type.PROGNOSE and periode <= tertial)
    ]
    return Tertialoppfolging(
        oppfolging=result,
        aar=aar,
        tertial=tertial,
        mangler=missing,
        forelopige=sum(1 for report in included if report.status != Status.GODKJENT),
    )
