"""Keep personal data out of reported numbers: free text may not hold a national ID number.

A Norwegian national identity number (fødselsnummer, also D- and H-numbers) has 11 digits:
a date of birth (day + 40 for D-numbers, month + 40 for H-numbers, +80 for synthetic test
numbers), a three-digit individual number and two check digits (mod 11). Only sequences
whose check digits are valid are refused, so ordinary numbers in a comment pass.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# 11 digits, possibly written 6 + 5 with a space or dot, not part of a longer number.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6})[ .]?(\d{5})(?!\d)")

CONTAINS_ID_NUMBER = _(
    "The text seems to contain a national identity number. Do not enter personal data: "
    "remove the number and describe the case without it."
)


def _check_digit(digits, weights):
    remainder = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if remainder == 11:
        return 0
    return None if remainder == 10 else remainder


def er_fodselsnummer(value):
    """Whether the 11 digits in ``value`` form a valid national identity number."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 11:
        return False
    day = digits[0] * 10 + digits[1]
    month = digits[2] * 10 + digits[3]
    if day > 40:  # D-number
        day -= 40
    if month > 80:  # synthetic numbers (Skatteetaten's test population)
        month -= 80
    elif month > 40:  # H-number
        month -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    k1 = _check_digit(digits[:9], WEIGHTS_1)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _check_digit(digits[:10], WEIGHTS_2)
    return k2 is not None and k2 == digits[10]


def finn_fodselsnummer(text):
    """The national identity numbers in ``text`` (as written)."""
    return [
        match.group(0)
        for match in _CANDIDATE.finditer(text or "")
        if er_fodselsnummer(match.group(1) + match.group(2))
    ]


def valider_uten_fodselsnummer(text):
    """Form and model validator: refuse free text holding a national identity number."""
    if finn_fodselsnummer(text):
        raise ValidationError(CONTAINS_ID_NUMBER, code="fodselsnummer")
