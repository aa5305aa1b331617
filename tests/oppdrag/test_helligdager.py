"""Norwegian public holidays and working days."""

from datetime import date

import pytest

from oppdrag.helligdager import er_virkedag, helligdager, neste_virkedag, paaskedag


@pytest.mark.parametrize(
    ("aar", "paaske"),
    [
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2023, date(2023, 4, 9)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),  # the latest possible
        (2285, date(2285, 3, 22)),  # the earliest possible
    ],
)
def test_paaskedag(aar, paaske):
    assert paaskedag(aar) == paaske
    assert helligdager(aar)[paaske] == "1. påskedag"


def test_helligdager_2026():
    assert helligdager(2026) == {
        date(2026, 1, 1): "1. nyttårsdag",
        date(2026, 4, 2): "Skjærtorsdag",
        date(2026, 4, 3): "Langfredag",
        date(2026, 4, 5): "1. påskedag",
        date(2026, 4, 6): "2. påskedag",
        date(2026, 5, 1): "Offentlig høytidsdag",
        date(2026, 5, 14): "Kristi himmelfartsdag",
        date(2026, 5, 17): "Grunnlovsdag",
        date(2026, 5, 24): "1. pinsedag",
        date(2026, 5, 25): "2. pinsedag",
        date(2026, 12, 25): "1. juledag",
        date(2026, 12, 26): "2. juledag",
    }


def test_helligdager_2025():
    dager = helligdager(2025)
    assert dager[date(2025, 4, 17)] == "Skjærtorsdag"
    assert dager[date(2025, 4, 18)] == "Langfredag"
    assert dager[date(2025, 4, 21)] == "2. påskedag"
    assert dager[date(2025, 5, 29)] == "Kristi himmelfartsdag"
    assert dager[date(2025, 6, 9)] == "2. pinsedag"


def test_17_mai_2026_er_en_soendag():
    assert date(2026, 5, 17).weekday() == 6
    assert date(2026, 5, 17) in helligdager(2026)


def test_sammenfallende_helligdager_beholder_begge_navn():
    # 2008: Ascension on 1 May. 2027: Whit Monday on 17 May.
    assert helligdager(2008)[date(2008, 5, 1)] == "Offentlig høytidsdag og Kristi himmelfartsdag"
    assert len(helligdager(2008)) == 11
    assert helligdager(2027)[date(2027, 5, 17)] == "Grunnlovsdag og 2. pinsedag"


def test_resultatet_kan_endres_uten_aa_paavirke_neste_kall():
    helligdager(2026).clear()
    assert len(helligdager(2026)) == 12


@pytest.mark.parametrize(
    ("dato", "virkedag"),
    [
        (date(2026, 3, 27), True),  # Friday
        (date(2026, 3, 28), False),  # Saturday
        (date(2026, 3, 29), False),  # Sunday
        (date(2026, 4, 2), False),  # Skjærtorsdag
        (date(2026, 4, 7), True),  # Tuesday after Easter
        (date(2026, 5, 1), False),  # Friday, 1 May
        (date(2026, 5, 14), False),  # Kristi himmelfartsdag
        (date(2026, 12, 24), True),  # Christmas Eve is no public holiday
        (date(2026, 12, 31), True),
    ],
)
def test_er_virkedag(dato, virkedag):
    assert er_virkedag(dato) is virkedag


@pytest.mark.parametrize(
    ("dato", "neste"),
    [
        (date(2026, 3, 28), date(2026, 3, 30)),  # Saturday -> Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # Easter: Thursday to Monday off
        (date(2026, 3, 30), date(2026, 3, 30)),  # a working day is its own
        (date(2026, 5, 14), date(2026, 5, 15)),
        (date(2026, 12, 25), date(2026, 12, 28)),
        (date(2027, 5, 15), date(2027, 5, 18)),  # Saturday, Sunday, Whit Monday + 17 May
    ],
)
def test_neste_virkedag(dato, neste):
    assert neste_virkedag(dato) == neste
