"""The budget part of the agency's tertial report."""

import datetime

from django.template.loader import render_to_string

from budsjett import reports
from budsjett.models import Budsjettrapport
from styring.models import Virksomhet
from styring.registries import tertialdeler

from .test_oppfolging import EXPLAINED, FORECAST

T1 = (datetime.date(2026, 1, 1), datetime.date(2026, 4, 30))


def part(user):
    return reports.hent_tertial_budsjett(
        virksomhet=Virksomhet.objects.get(kode="BFE"),
        periode_fra=T1[0],
        periode_til=T1[1],
        user=user,
    )


def test_the_budget_part_is_registered():
    assert tertialdeler["budsjett"].hent is reports.hent_tertial_budsjett


def test_the_first_tertial_shows_accounts_forecast_and_deviation(jan_apr, lagre, users, frozen):
    lagre(Budsjettrapport.Type.PROGNOSE, 1, FORECAST, forklaringer=EXPLAINED)
    lagre(Budsjettrapport.Type.REGNSKAP, 5, {"10": 70_000})  # after the tertial: left out
    innhold = part(None)  # a scheduled job: what the steering department sees
    assert innhold.har_data
    result = innhold.context["oppfolging"]
    rows = {row.konto.kode: row for row in result.rader}
    assert rows["10"].regnskap == 254_200
    assert rows["13"].avvik == 6_867
    assert innhold.datagrunnlag == {"mangler": [], "forelopige": 5}
    (table,) = innhold.tabeller
    assert len(table.rader) == 7
    html = render_to_string("budsjett/rapporter/tertial_budsjett.html", innhold.context).replace(
        "\xa0", " "
    )
    assert "6 867" in html
    assert "Flere kjøpte plasser." in html


def test_missing_months_are_named_and_strangers_get_nothing(brev, lagre, users):
    lagre(Budsjettrapport.Type.REGNSKAP, 1, {"10": 63_000})
    innhold = part(users["set_styrer"])
    assert innhold.datagrunnlag["mangler"] == [
        "februar 2026",
        "mars 2026",
        "april 2026",
        "1. tertial 2026",
    ]
    assert not part(users["vel_rapportor"]).har_data
