"""Fixtures of the budget tests: the letters loaded, time frozen in May 2026 (after the
first tertial), and helpers to save accounts and forecasts the way the pages do."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from budsjett import services
from budsjett.models import Budsjettrapport, Konto
from styring.arbeidsflyt import services as arbeidsflyt
from styring.models import Virksomhet

NOW = datetime.datetime(2026, 5, 10, 12, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kontoer(brev):
    """BFE's account groups on kap. 360 by code: {"10": Konto, ...}."""
    return {k.kode: k for k in Konto.objects.filter(kapittel__nummer="360")}


@pytest.fixture
def lagre(users):
    """Save amounts for BFE 2026 as a reporter: lagre(type, periode, {"10": 63000, ...})."""

    def save(type, periode, amounts, *, user=None, forklaringer=None):
        user = user or users["bfe_rapportor"]
        virksomhet = Virksomhet.objects.get(kode="BFE")
        rapport = services.aapne_rapport(
            virksomhet=virksomhet, aar=2026, type=type, periode=periode, user=user
        )
        by_code = {k.kode: k for k in Konto.objects.filter(kapittel__nummer="360")}
        raw = {
            by_code[code].pk: (amount, (forklaringer or {}).get(code, ""))
            for code, amount in amounts.items()
        }
        return arbeidsflyt.lagre(objekt=rapport, user=user, raw=raw, versjon=rapport.versjon)

    return save


# Accounts of January–April 2026 (NOK 1 000), made up for the tests: each account group
# near a twelfth of its budget.
JAN_APR = {
    1: {"10": 63000, "11": 13000, "13": 5900, "14": 800, "16": -8500, "17": -40000, "18": -560},
    2: {"10": 63500, "11": 13200, "13": 6000, "14": 790, "16": -8600, "17": -41000, "18": -560},
    3: {"10": 64000, "11": 13100, "13": 6100, "14": 795, "16": -8400, "17": -40500, "18": -560},
    4: {"10": 63700, "11": 12900, "13": 6200, "14": 805, "16": -8700, "17": -39800, "18": -560},
}


@pytest.fixture
def jan_apr(brev, lagre):
    """BFE's accounts for January–April 2026, saved as drafts."""
    return [lagre(Budsjettrapport.Type.REGNSKAP, month, JAN_APR[month]) for month in JAN_APR]
