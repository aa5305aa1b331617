"""Follow-up of a year's budget: accounts to date, the latest forecast, the deviation.

The deviation is the year-end forecast minus the budget, in NOK 1 000 and as a share of
the budget. A deviation is material — and the forecast must explain it — when its share
is at least ``BUDSJETT_VESENTLIGHET_PROSENT`` per cent, or, when
``BUDSJETT_VESENTLIGHET_BELOP`` is above 0, when it is at least that amount.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Sum

from budsjett.models import (
    Budsjettlinje,
    Budsjettrapport,
    Konto,
    Prognose,
    Regnskap,
    periodetekst,
)

ONE_DECIMAL = Decimal("0.1")


def prosent(del_, helhet):
    """``del_`` as a share of the size of ``helhet`` in per cent, one decimal (a deviation
    keeps its sign whether the budget is spending or income); None when the whole is 0."""
    if del_ is None or not helhet:
        return None
    return (Decimal(del_) * 100 / abs(Decimal(helhet))).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def andel(del_, helhet):
    """How much of ``helhet`` ``del_`` is, in per cent: income received of income budgeted
    is a positive share too."""
    if del_ is None or not helhet:
        return None
    return (Decimal(del_) * 100 / Decimal(helhet)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def vesentlig(*, avvik, budsjett):
    """Whether a deviation of ``avvik`` from ``budsjett`` (NOK 1 000) needs an explanation."""
    if not avvik:
        return False
    amount_limit = settings.BUDSJETT_VESENTLIGHET_BELOP
    if amount_limit > 0 and abs(avvik) >= amount_limit:
        return True
    if not budsjett:
        return True
    return abs(prosent(avvik, budsjett)) >= settings.BUDSJETT_VESENTLIGHET_PROSENT


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
        return periodetekst(Budsjettrapport.Type.REGNSKAP, self.aar, self.siste_maaned)

    @property
    def siste_tertial_tekst(self):
        if self.siste_tertial is None:
            return ""
        return periodetekst(Budsjettrapport.Type.PROGNOSE, self.aar, self.siste_tertial)

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


def beregn(*, virksomhet, aar, user, til_maaned=None, til_tertial=None):
    """The follow-up of ``virksomhet``'s budget for ``aar`` as ``user`` may see it.

    Accounts are summed over the months up to ``til_maaned`` (default: all entered);
    the forecast of each account group is the one of the latest tertial (up to
    ``til_tertial``) that has it.
    """
    budget = budsjett_per_konto(virksomhet=virksomhet, aar=aar, user=user)
    reports = {
        (r.type, r.periode): r
        for r in _qs(Budsjettrapport, user).filter(virksomhet=virksomhet, aar=aar)
    }
    accounts = _qs(Regnskap, user).filter(rapport__virksomhet=virksomhet, rapport__aar=aar)
    if til_maaned is not None:
        accounts = accounts.filter(rapport__periode__lte=til_maaned)
    by_konto = dict(
        accounts.values("konto").annotate(total=Sum("belop")).values_list("konto", "total")
    )
    last_month = max(accounts.values_list("rapport__periode", flat=True), default=None)
    forecast_rows = _qs(Prognose, user).filter(rapport__virksomhet=virksomhet, rapport__aar=aar)
    if til_tertial is not None:
        forecast_rows = forecast_rows.filter(rapport__periode__lte=til_tertial)
    forecasts = {}
    for prognose in forecast_rows.select_related("rapport").order_by("rapport__periode"):
        forecasts[prognose.konto_id] = prognose
    last_tertial = max((p.rapport.periode for p in forecasts.values()), default=None)

    chapters = defaultdict(list)
    for konto, amount in budget.items():
        forecast = forecasts.get(konto.pk)
        chapters[konto.kapittel].append(
            Oppfolgingsrad(
                budsjett=amount,
                regnskap=by_konto.get(konto.pk),
                prognose=forecast.belop if forecast else None,
                konto=konto,
                prognose_tertial=forecast.rapport.periode if forecast else None,
                forklaring=forecast.forklaring if forecast else "",
            )
        )
    result = []
    for kapittel, rows in chapters.items():
        entered = [row.regnskap for row in rows if row.regnskap is not None]
        forecast = [row.prognose for row in rows if row.prognose is not None]
        result.append(
            Kapitteloppfolging(
                budsjett=sum(row.budsjett for row in rows),
                regnskap=sum(entered) if entered else None,
                # A chapter's forecast only when every account group has one.
                prognose=sum(forecast) if len(forecast) == len(rows) else None,
                kapittel=kapittel,
                rader=rows,
            )
        )
    return Oppfolging(
        virksomhet=virksomhet,
        aar=aar,
        kapitler=result,
        siste_maaned=last_month,
        siste_tertial=last_tertial,
        rapporter=reports,
    )
