"""What a printed total should add up to: lines, subtotals and chapter totals."""

from budsjett.avstemming import Aarsavstemming, Kontroll, summer
from budsjett.models import Radtype

L, D, S = Radtype.LINJE, Radtype.DELSUM, Radtype.SUM


def test_a_post_total_adds_the_lines_of_its_post_and_a_chapter_total_the_post_totals():
    # Tabell 11, region øst: the posts as printed, and the chapter total off by one.
    rows = [
        (L, "01", 1_113_314),
        (L, "01", 63_109),
        (S, "01", 1_176_423),
        (L, "22", 775_419),
        (S, "22", 775_419),
        (S, None, 1_951_843),
    ]
    assert summer(rows) == [None, None, 1_176_423, None, 775_419, 1_951_842]


def test_a_chapter_total_takes_the_printed_subtotals_not_the_lines_again():
    # Tabell 4, region øst: «Sum post 01» is printed one lower than its lines; the
    # chapter total adds what was printed, so it is not flagged a second time.
    rows = [
        (L, "01", 126_450),
        (L, "01", 13_223),
        (S, "01", 139_672),
        (L, "70", 88_424),
        (L, "70", 0),
        (S, "70", 88_424),
        (S, None, 228_096),
    ]
    assert summer(rows) == [None, None, 139_673, None, None, 88_424, 228_096]


def test_a_subtotal_takes_only_the_open_lines():
    # Tabell 12, region øst: special allocations, their sum, then the base allocation
    # with its redistribution as a subtotal, then the post total.
    rows = [
        (L, "01", 60_000),
        (L, "01", 3_110),
        (S, "01", 63_109),
        (L, "01", 1_083_314),
        (L, "01", 30_000),
        (D, "01", 1_113_314),
        (S, "01", 1_176_423),
    ]
    assert summer(rows) == [None, None, 63_110, None, None, 1_113_314, 1_176_423]


def test_a_total_with_nothing_above_it_adds_up_to_zero():
    assert summer([(S, "21", 0)]) == [0]
    assert summer([(L, "21", 400), (S, "21", 400), (S, "22", 0)]) == [None, 400, 0]


def test_a_check_says_printed_minus_calculated():
    off = Kontroll("Sum kapittel 855", trykt=1_951_843, beregnet=1_951_842)
    assert off.differanse == 1
    assert not off.stemmer
    assert Kontroll("Sum", trykt=5, beregnet=5).stemmer


def test_a_year_reconciles_only_when_every_figure_agrees():
    assert Aarsavstemming(2026, 394_978, 394_978, 394_978, 394_978).stemmer
    wrong = Aarsavstemming(2026, 394_978, 394_978, 394_977, 394_978)
    assert not wrong.stemmer
    assert wrong.differanse == 1
    # One figure alone proves nothing.
    assert not Aarsavstemming(2026, 394_978, None, None, None).stemmer
