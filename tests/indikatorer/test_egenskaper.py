"""Property tests (hypothesis): the parsers never raise and keep what they were given,
and the computed numbers obey the rules whatever the input."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from indikatorer import maaltall as mt
from indikatorer.skjematyper import beleggsprosent, under_terskel
from oppdrag.frist import Frist, tolk_frist

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
MONTHS = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=2000, max_value=2100))
def test_any_deadline_text_is_read_or_kept_never_an_error(text, aar):
    frist = tolk_frist(text, aar=aar)
    assert isinstance(frist, Frist)
    assert frist.tekst == (text or "").strip() or frist.tekst == text
    assert Frist.fra_dict(frist.som_dict()) == frist


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=2000, max_value=2100),
)
def test_a_written_date_is_read_as_that_date(day, month, aar):
    for text in (f"{day}. {MONTHS[month - 1]} {aar}", f"{day:02d}.{month:02d}.{aar}"):
        frist = tolk_frist(text, aar=aar)
        assert frist.dato == datetime.date(aar, month, day), text


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_target_text_is_read_without_error_and_kept(text):
    target = mt.tolk_maaltall(text)
    assert target.tekst == text or target.tekst == (text or "").strip()
    # Whatever was read, judging a result against it never raises.
    assert mt.vurder(target, mt.tolk_resultat("93,7 %")) in set(mt.Status)


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False),
    st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False),
    st.sampled_from(["<", "≤", ">", "≥"]),
)
def test_a_comparison_target_is_met_exactly_when_the_comparison_holds(grense, verdi, tegn):
    text = f"{tegn} {str(grense).replace('.', ',')} %"
    target = mt.tolk_maaltall(text)
    result = mt.tolk_resultat(f"{str(verdi).replace('.', ',')} %")
    holds = {
        "<": verdi < grense,
        "≤": verdi <= grense,
        ">": verdi > grense,
        "≥": verdi >= grense,
    }[tegn]
    expected = mt.Status.OPPNAADD if holds else mt.Status.IKKE_OPPNAADD
    assert mt.vurder(target, result) == expected, (text, str(verdi))


@settings(max_examples=500, deadline=None)
@given(
    st.integers(min_value=1, max_value=60),
    st.sampled_from([28, 29, 30, 31]),
    st.data(),
)
def test_occupancy_is_between_0_and_100_and_to_one_decimal(plasser, dager, data):
    liggedogn = data.draw(st.integers(min_value=0, max_value=plasser * dager))
    value = beleggsprosent(liggedogn=liggedogn, plassdogn=plasser * dager)
    assert Decimal(0) <= value <= Decimal(100)
    assert value == value.quantize(Decimal("0.1"))
    exact = Decimal(liggedogn) / Decimal(plasser * dager) * 100
    assert abs(value - exact) <= Decimal("0.05")
    assert under_terskel(value, "akutt") == (value < 80)
    assert under_terskel(value, "omsorg") == (value < 83)


def test_occupancy_without_places_or_bed_days_is_unknown():
    assert beleggsprosent(liggedogn=None, plassdogn=476) is None
    assert beleggsprosent(liggedogn=400, plassdogn=0) is None
    assert beleggsprosent(liggedogn=400, plassdogn=476) == Decimal("84.0")
