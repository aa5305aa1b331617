"""Deviations across organisations: the department's deviations page and its export, and
the budget's column of the department overview.

Both read the figures of ``oppfolging.oppfolgingstall``, as the follow-up page does: the
column gives, for this year's budget of each organisation, the material deviations of the
latest forecasts, those still without an explanation, and how far the accounts have come —
for all rows in a fixed number of queries.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from budsjett.models import Budsjettrapport, periodetekst
from budsjett.selectors.budsjetter import tilgjengelige_budsjetter
from budsjett.selectors.oppfolging import budsjettoppfolginger, oppfolgingstall
from styring.selectors.oversikt import Tall

Type = Budsjettrapport.Type


def _avvik(*, budsjetter, aar, user):
    organisations = {v for v, year in budsjetter if year == aar}
    ordered = sorted(organisations, key=lambda v: (v.type, v.navn))
    results = budsjettoppfolginger(virksomheter=ordered, aar=aar, user=user)
    return [result for result in results if result.har_budsjett]


def avvik_per_virksomhet(*, aar, user):
    """The follow-up of every organisation with a budget in ``aar`` that ``user`` sees:
    the deviations page and its export."""
    return _avvik(budsjetter=tilgjengelige_budsjetter(user=user), aar=aar, user=user)


def avviksoversikt(*, aar, user):
    """The deviations page: the years with budgets, newest first, the year shown
    (``aar`` when it is one of them, else the newest) and its follow-ups."""
    budsjetter = tilgjengelige_budsjetter(user=user)
    years = sorted({year for _v, year in budsjetter}, reverse=True)
    if aar not in years:
        aar = years[0] if years else None
    return {
        "aar": aar,
        "aarvalg": years,
        "oppfolginger": _avvik(budsjetter=budsjetter, aar=aar, user=user) if aar else [],
    }


def oversikt_budsjett(*, virksomheter, user, idag):
    """{organisation id: [material deviations, without explanation, accounts through]}."""
    aar = idag.year
    figures = oppfolgingstall(virksomhet_ids=[v.pk for v in virksomheter], aar=aar, user=user)
    result = {}
    for virksomhet in virksomheter:
        rows = figures.rader.get(virksomhet.pk)
        if not rows:
            continue
        material = sum(1 for row in rows.values() if row.vesentlig)
        unexplained = sum(1 for row in rows.values() if row.mangler_forklaring)
        url = reverse("budsjett:budsjett-oppfolging", args=[virksomhet.kode, aar])
        month = figures.siste_maaned.get(virksomhet.pk)
        result[virksomhet.pk] = [
            Tall(_("%(count)s material deviations") % {"count": material}, material, url),
            Tall(
                _("%(count)s without explanation") % {"count": unexplained},
                unexplained,
                url,
                obs=unexplained > 0,
            ),
            Tall(
                _("accounts through %(month)s") % {"month": periodetekst(Type.REGNSKAP, aar, month)}
                if month
                else _("no accounts yet"),
                month,
                url,
            ),
        ]
    return result
