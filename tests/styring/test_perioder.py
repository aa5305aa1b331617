"""The calendar arithmetic of ``styring.perioder``: months, quarters, tertials, half-years,
on their edges and as properties that hold for any date."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from budsjett.models import Budsjettrapport, periodetekst
from indikatorer.models.rapportering import Skjema
from styring import perioder
from styring.models import Rapporteringskrav, Tildelingsbrev
from styring.perioder import Frekvens

D = datetime.date
LETTERS = Path(__file__).resolve().parents[2] / "fixtures" / "brev"
T2 = (D(2026, 5, 1), D(2026, 8, 31))

DATES = st.dates(min_value=D(1901, 1, 1), max_value=D(2099, 12, 31))
FREQUENCIES = st.sampled_from(list(Frekvens))


# Months


@pytest.mark.parametrize(
    ("dato", "antall", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2028, 3, 31), -1, D(2028, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2027, 1, 15), -1, D(2026, 12, 15)),
        (D(2026, 5, 31), 0, D(2026, 5, 31)),
        (D(2026, 3, 1), -27, D(2023, 12, 1)),
    ],
)
def test_adding_months_keeps_the_day_within_the_month(dato, antall, expected):
    assert perioder.legg_til_maaneder(dato, antall) == expected


@pytest.mark.parametrize(
    ("dato", "days"),
    [(D(2024, 2, 10), 29), (D(2028, 2, 1), 29), (D(2026, 2, 28), 28), (D(2100, 2, 1), 28)]
    + [(D(2026, 12, 31), 31), (D(2026, 4, 15), 30)],
)
def test_days_in_a_month_and_its_ends(dato, days):
    assert perioder.dager_i_maaned(dato) == days
    assert perioder.maanedsstart(dato) == dato.replace(day=1)
    assert perioder.maanedsslutt(dato) == dato.replace(day=days)


def test_the_months_between_two_dates_cross_the_year():
    assert perioder.maaneder(fra=D(2026, 11, 20), til=D(2027, 2, 3)) == [
        D(2026, 11, 1),
        D(2026, 12, 1),
        D(2027, 1, 1),
        D(2027, 2, 1),
    ]
    assert perioder.maaneder(fra=D(2026, 3, 5), til=D(2026, 3, 31)) == [D(2026, 3, 1)]
    assert perioder.maaneder(fra=D(2026, 4, 1), til=D(2026, 3, 31)) == []
    assert perioder.antall_maaneder(fra=D(2026, 12, 31), til=D(2027, 1, 1)) == 1
    assert perioder.antall_maaneder(fra=D(2027, 1, 1), til=D(2026, 11, 30)) == -2


def test_the_last_months_up_to_and_before_a_date():
    assert perioder.siste_maaneder(til=D(2027, 1, 31), antall=3) == [
        D(2026, 11, 1),
        D(2026, 12, 1),
        D(2027, 1, 1),
    ]
    assert perioder.maaneder_fram_til(D(2027, 1, 15), antall=2) == [D(2026, 11, 1), D(2026, 12, 1)]
    assert len(perioder.siste_maaneder(til=D(2026, 7, 31), antall=12)) == 12
    assert perioder.siste_maaneder(til=D(2026, 7, 31), antall=12)[0] == D(2025, 8, 1)


# Tertials, quarters, half-years


@pytest.mark.parametrize(
    ("dato", "tertial", "kvartal", "halvaar"),
    [
        (D(2026, 1, 1), 1, 1, 1),
        (D(2026, 4, 30), 1, 2, 1),
        (D(2026, 5, 1), 2, 2, 1),
        (D(2026, 6, 30), 2, 2, 1),
        (D(2026, 7, 1), 2, 3, 2),
        (D(2026, 8, 31), 2, 3, 2),
        (D(2026, 9, 1), 3, 3, 2),
        (D(2026, 12, 31), 3, 4, 2),
    ],
)
def test_the_number_of_a_date_s_period(dato, tertial, kvartal, halvaar):
    assert perioder.tertial(dato) == tertial
    assert perioder.kvartal(dato) == kvartal
    assert perioder.halvaar(dato) == halvaar
    assert perioder.periodenummer(dato, frekvens=Frekvens.MAANED) == dato.month
    assert perioder.periodenummer(dato, frekvens=Frekvens.AAR) == 1


def test_the_periods_of_a_year():
    assert perioder.perioder_i_aar(2026, frekvens=Frekvens.TERTIAL) == [
        (D(2026, 1, 1), D(2026, 4, 30)),
        T2,
        (D(2026, 9, 1), D(2026, 12, 31)),
    ]
    assert perioder.periode_i_aar(aar=2028, nummer=1, frekvens=Frekvens.KVARTAL) == (
        D(2028, 1, 1),
        D(2028, 3, 31),
    )
    assert perioder.periode_i_aar(aar=2024, nummer=2, frekvens=Frekvens.MAANED) == (
        D(2024, 2, 1),
        D(2024, 2, 29),
    )
    assert perioder.periode_i_aar(aar=2026, nummer=2, frekvens=Frekvens.HALVAAR) == (
        D(2026, 7, 1),
        D(2026, 12, 31),
    )
    assert perioder.periode(D(2026, 12, 31), frekvens=Frekvens.TERTIAL) == (
        D(2026, 9, 1),
        D(2026, 12, 31),
    )
    assert list(perioder.periodenumre(Frekvens.TERTIAL)) == [1, 2, 3]
    assert list(perioder.periodenumre(Frekvens.MAANED)) == list(range(1, 13))
    with pytest.raises(ValueError, match="no period 4"):
        perioder.periode_i_aar(aar=2026, nummer=4, frekvens=Frekvens.TERTIAL)


@pytest.mark.parametrize(
    ("periode_til", "slutt"),
    [
        (datetime.date(2026, 4, 30), datetime.date(2026, 8, 31)),
        (datetime.date(2026, 8, 31), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 4, 30)),
    ],
)
def test_the_next_tertial(periode_til, slutt):
    assert perioder.neste_periode(periode_til, frekvens=Frekvens.TERTIAL)[1] == slutt
    assert perioder.tertial(periode_til) == (periode_til.month - 1) // 4 + 1


def test_periods_that_have_ended():
    assert perioder.siste_avsluttede_periode(frekvens="maaned", idag=datetime.date(2026, 3, 1)) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
    )
    assert (
        perioder.siste_avsluttede_periode(frekvens="tertial", idag=datetime.date(2026, 10, 5)) == T2
    )
    assert perioder.siste_avsluttede_periode(
        frekvens="tertial", idag=datetime.date(2026, 3, 1)
    ) == (datetime.date(2025, 9, 1), datetime.date(2025, 12, 31))


def test_a_period_ending_on_the_day_has_ended_by_it_but_not_before_it():
    ended = perioder.avsluttede_perioder(
        fra=D(2026, 2, 10), til=D(2026, 4, 30), frekvens=Frekvens.MAANED
    )
    assert ended == [
        (D(2026, 2, 1), D(2026, 2, 28)),
        (D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 4, 30)),
    ]
    assert perioder.avsluttede_perioder(
        fra=D(2026, 1, 1), til=D(2026, 8, 30), frekvens=Frekvens.TERTIAL
    ) == [(D(2026, 1, 1), D(2026, 4, 30))]
    assert perioder.siste_avsluttede_periode(frekvens=Frekvens.MAANED, idag=D(2026, 4, 30)) == (
        D(2026, 3, 1),
        D(2026, 3, 31),
    )


def test_the_state_s_tertial_deadlines_fall_in_the_month_after_the_tertial():
    """Bufdir's 2023 letter: 1st tertial due 15 May, 2nd 14 September, 3rd (with the
    annual report) 31 January of the next year."""
    letter = json.loads((LETTERS / "bufdir-disponeringsbrev-2023.json").read_text("utf-8"))
    tertials = [r for r in letter["rapportering"] if r.get("frekvens") == "tertial"]
    assert [r["frist"] for r in tertials] == ["2023-05-15", "2023-09-14", "2024-01-31"]
    for nummer, report in enumerate(tertials, start=1):
        fra, til = (D.fromisoformat(d) for d in report["periode"].split("/"))
        frist = D.fromisoformat(report["frist"])
        assert perioder.periode_i_aar(aar=2023, nummer=nummer, frekvens=Frekvens.TERTIAL) == (
            fra,
            til,
        )
        assert perioder.periode(frist - datetime.timedelta(days=1), frekvens="maaned")[0] == (
            perioder.legg_til_maaneder(perioder.maanedsstart(til), 1)
        )
        # A letter that prints no period gets the same standard one.
        krav = Rapporteringskrav(
            brev=Tildelingsbrev(aar=2023),
            rapporttype=getattr(Rapporteringskrav.Rapporttype, f"TERTIAL_{nummer}"),
            frist=frist,
        )
        [periode] = krav.perioder()
        assert (periode.fra, periode.til, periode.frist) == (fra, til, frist)


def test_a_monthly_report_of_a_letter_is_due_the_month_after():
    krav = Rapporteringskrav(
        brev=Tildelingsbrev(aar=2026),
        rapporttype=Rapporteringskrav.Rapporttype.MAANEDSRAPPORT,
        frist_dag_i_maaned=15,
    )
    deliveries = krav.perioder()
    assert len(deliveries) == 12
    assert (deliveries[1].fra, deliveries[1].til, deliveries[1].frist) == (
        D(2026, 2, 1),
        D(2026, 2, 28),
        D(2026, 3, 15),
    )
    assert (deliveries[-1].til, deliveries[-1].frist) == (D(2026, 12, 31), D(2027, 1, 15))


# The frequencies: one set, the stored values unchanged


def test_the_stored_frequencies_are_unchanged():
    assert Frekvens.values == ["maaned", "kvartal", "tertial", "halvaar", "aar"]
    assert [v for v, _label in Skjema._meta.get_field("frekvens").choices] == [
        "maaned",
        "kvartal",
        "tertial",
        "aar",
    ]
    assert [v for v, _label in Rapporteringskrav._meta.get_field("frekvens").choices] == [
        "maaned",
        "kvartal",
        "tertial",
        "aar",
        "engang",
        "lopende",
    ]
    assert perioder.Tertial.values == [1, 2, 3]


# Names


def test_the_names_in_bokmaal():
    with translation.override("nb"):
        assert perioder.maanedsnavn(D(2026, 3, 17)) == "mars 2026"
        assert (
            perioder.maanedsspenn(fra=D(2026, 1, 1), til=D(2026, 9, 30))
            == "januar 2026 – september 2026"
        )
        assert perioder.maanedsspenn(fra=D(2026, 3, 1), til=D(2026, 3, 31)) == "mars 2026"
        assert perioder.periodenavn(D(2026, 5, 1), frekvens=Frekvens.TERTIAL) == "2. tertial 2026"
        assert perioder.periodenavn(D(2026, 3, 1), frekvens=Frekvens.MAANED) == "mars 2026"
        assert perioder.periodenavn(D(2026, 2, 1), frekvens=Frekvens.KVARTAL) == "1. kvartal 2026"
        assert perioder.periodenavn(D(2026, 7, 1), frekvens=Frekvens.HALVAAR) == "2. halvår 2026"
        assert perioder.periodenavn(D(2026, 7, 1), frekvens=Frekvens.AAR) == "2026"
        assert (
            perioder.periodenavn_i_aar(aar=2026, nummer=3, frekvens=Frekvens.TERTIAL)
            == "3. tertial 2026"
        )
        assert periodetekst(Budsjettrapport.Type.REGNSKAP, 2026, 1) == "januar 2026"
        assert periodetekst(Budsjettrapport.Type.PROGNOSE, 2026, 1) == "1. tertial 2026"


# Properties


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1901, max_value=2099), FREQUENCIES)
def test_the_periods_of_a_year_partition_it(aar, frekvens):
    periods = perioder.perioder_i_aar(aar, frekvens=frekvens)
    assert periods[0][0] == D(aar, 1, 1)
    assert periods[-1][1] == D(aar, 12, 31)
    for (_fra, til), (next_fra, _next_til) in zip(periods, periods[1:], strict=False):
        assert next_fra == til + datetime.timedelta(days=1)
    days = sum((til - fra).days + 1 for fra, til in periods)
    assert days == (D(aar + 1, 1, 1) - D(aar, 1, 1)).days


@settings(max_examples=300, deadline=None)
@given(DATES, FREQUENCIES)
def test_the_period_holding_a_date_contains_it(dato, frekvens):
    fra, til = perioder.periode(dato, frekvens=frekvens)
    assert fra <= dato <= til
    assert perioder.periode(fra, frekvens=frekvens) == perioder.periode(til, frekvens=frekvens)
    assert fra.day == 1
    assert til == perioder.maanedsslutt(til)
    assert (fra, til) in perioder.perioder_i_aar(dato.year, frekvens=frekvens)


@settings(max_examples=300, deadline=None)
@given(DATES, FREQUENCIES)
def test_the_latest_ended_period_ends_before_the_date(dato, frekvens):
    fra, til = perioder.siste_avsluttede_periode(frekvens=frekvens, idag=dato)
    assert til < dato
    # ... and is the latest: the one after it has not ended.
    assert perioder.neste_periode(til, frekvens=frekvens)[1] >= dato
    day_before = dato - datetime.timedelta(days=1)
    ended = perioder.avsluttede_perioder(fra=fra, til=day_before, frekvens=frekvens)
    assert ended == [(fra, til)]


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(min_value=-600, max_value=600))
def test_adding_months_moves_by_whole_months(dato, antall):
    moved = perioder.legg_til_maaneder(dato, antall)
    assert perioder.antall_maaneder(fra=dato, til=moved) == antall
    assert moved.day == min(dato.day, perioder.dager_i_maaned(moved))
    assert len(perioder.maaneder(fra=min(dato, moved), til=max(dato, moved))) == abs(antall) + 1
