"""The budget part of an agency's tertial report: budget, accounts through the tertial,
the forecast made in it, and the deviation with its explanation — the figures of the
follow-up page (``budsjett.selectors.tertialoppfolging``), in the columns of its export.

Registered in ``styring.registries.tertialdeler`` by ``budsjett.contributions``.
"""

from django.utils.translation import gettext as _

from budsjett import exports, selectors
from styring.reports.typer import Innhold, Tabell


def hent_tertial_budsjett(*, virksomhet, periode_fra, periode_til, user):
    grunnlag = selectors.tertialoppfolging(
        virksomhet=virksomhet, periode_til=periode_til, user=user
    )
    if grunnlag is None:
        return Innhold(har_data=False, datagrunnlag={"mangler": [], "forelopige": 0})
    table = Tabell(
        tittel=_("Budget follow-up %(year)s") % {"year": grunnlag.aar},
        kolonner=[str(c) for c in exports.oppfolging_kolonner()],
        rader=list(exports.oppfolging_rader([grunnlag.oppfolging])),
    )
    return Innhold(
        context={
            "oppfolging": grunnlag.oppfolging,
            "aar": grunnlag.aar,
            "tertial": grunnlag.tertial,
        },
        tabeller=[table],
        har_data=True,
        datagrunnlag={"mangler": grunnlag.mangler, "forelopige": grunnlag.forelopige},
    )
