"""The budget part of an agency's tertial report: budget, accounts through the tertial,
the forecast made in it, and the deviation with its explanation.

Registered in ``styring.registries.tertialdeler`` by ``budsjett.contributions``.
"""

from django.utils.translation import gettext as _

from budsjett import eksport, oppfolging
from budsjett.models import Budsjettrapport, periodetekst
from styring.rapporter.typer import Innhold, Tabell

Status = Budsjettrapport.Status
Type = Budsjettrapport.Type


def hent_tertial_budsjett(*, virksomhet, periode_fra, periode_til, user):
    aar = periode_til.year
    tertial = (periode_til.month - 1) // 4 + 1
    result = oppfolging.beregn(
        virksomhet=virksomhet,
        aar=aar,
        user=user,
        til_maaned=periode_til.month,
        til_tertial=tertial,
    )
    if not result.har_budsjett:
        return Innhold(har_data=False, datagrunnlag={"mangler": [], "forelopige": 0})
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
    preliminary = sum(1 for report in included if report.status != Status.GODKJENT)
    table = Tabell(
        tittel=_("Budget follow-up %(year)s") % {"year": aar},
        kolonner=[str(c) for c in eksport.oppfolging_kolonner()],
        rader=list(eksport.oppfolging_rader([result])),
    )
    return Innhold(
        context={"oppfolging": result, "aar": aar, "tertial": tertial},
        tabeller=[table],
        har_data=True,
        datagrunnlag={"mangler": missing, "forelopige": preliminary},
    )
