"""Free text in reports may not carry a national identity number."""

import pytest
from django.core.exceptions import ValidationError

from styring.personvern import er_fodselsnummer, finn_fodselsnummer, valider_uten_fodselsnummer

# Synthetic numbers (month + 80), the kind Skatteetaten issues for testing: valid check
# digits, never a real person.
SYNTHETIC = ["01859000009", "15858500092", "31929000180"]


@pytest.mark.parametrize("number", SYNTHETIC)
def test_valid_numbers_are_recognised(number):
    assert er_fodselsnummer(number)
    assert finn_fodselsnummer(f"Gjelder barn {number} i bydelen.") == [number]


def test_written_with_a_space_or_a_dot():
    assert finn_fodselsnummer("fnr 018590 00009") == ["018590 00009"]
    assert finn_fodselsnummer("fnr 018590.00009") == ["018590.00009"]


@pytest.mark.parametrize(
    "text",
    [
        "01859000008",  # wrong second check digit
        "01859000019",  # wrong first check digit
        "32859000009",  # no such day
        "Saksnummer 25/4935 - 6, EQS-avvik 2026-000123",
        "Telefon 477 00 541, konto 1234.56.78901",
        "12345678901",
        "018590000091",  # 12 digits: part of a longer number
        "",
    ],
)
def test_other_numbers_pass(text):
    assert finn_fodselsnummer(text) == []
    valider_uten_fodselsnummer(text)


def test_the_validator_refuses_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        valider_uten_fodselsnummer("Barnet (01859000009) fikk ikke plass.")
    assert error.value.code == "fodselsnummer"
    assert "personopplysninger" in str(error.value.messages[0])
