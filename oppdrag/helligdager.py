"""Norwegian public holidays (helligdager) and working days (virkedager).

The holidays are the ones offices close for: the Christian holidays around Easter,
Ascension and Whitsun, Christmas, New Year's Day and the two public days of celebration
(1 and 17 May). Christmas Eve and New Year's Eve are not holidays by law and are
working days here. Pure computation, no data files: Easter follows from the year.
"""

from datetime import date, timedelta
from functools import lru_cache


def paaskedag(aar: int) -> date:
    """Easter Sunday (1. påskedag) in ``aar``, by the anonymous Gregorian algorithm."""
    a = aar % 19
    b, c = divmod(aar, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    maaned, dag = divmod(h + l - 7 * m + 114, 31)
    return date(aar, maaned, dag + 1)


@lru_cache(maxsize=64)
def _helligdager(aar: int) -> tuple[tuple[date, str], ...]:
    paaske = paaskedag(aar)
    dager = [
        (date(aar, 1, 1), "1. nyttårsdag"),
        (paaske - timedelta(days=3), "Skjærtorsdag"),
        (paaske - timedelta(days=2), "Langfredag"),
        (paaske, "1. påskedag"),
        (paaske + timedelta(days=1), "2. påskedag"),
        (date(aar, 5, 1), "Offentlig høytidsdag"),
        (date(aar, 5, 17), "Grunnlovsdag"),
        (paaske + timedelta(days=39), "Kristi himmelfartsdag"),
        (paaske + timedelta(days=49), "1. pinsedag"),
        (paaske + timedelta(days=50), "2. pinsedag"),
        (date(aar, 12, 25), "1. juledag"),
        (date(aar, 12, 26), "2. juledag"),
    ]
    navn: dict[date, str] = {}
    for dato, dagnavn in dager:
        # Ascension can fall on 1 or 17 May and Whit Monday on 17 May: keep both names.
        navn[dato] = f"{navn[dato]} og {dagnavn}" if dato in navn else dagnavn
    return tuple(sorted(navn.items()))


def helligdager(aar: int) -> dict[date, str]:
    """The public holidays of ``aar``, by date, with their Norwegian name."""
    return dict(_helligdager(aar))


def er_virkedag(dato: date) -> bool:
    """Whether ``dato`` is a working day: not a Saturday, Sunday or public holiday."""
    return dato.weekday() < 5 and dato not in _helligdag_datoer(dato.year)


def neste_virkedag(dato: date) -> date:
    """``dato`` itself if it is a working day, otherwise the first working day after it."""
    while not er_virkedag(dato):
        dato += timedelta(days=1)
    return dato


@lru_cache(maxsize=64)
def _helligdag_datoer(aar: int) -> frozenset[date]:
    return frozenset(dato for dato, _ in _helligdager(aar))
