"""The department overview: one row per steered organisation, columns from the apps.

``styring`` draws the table; ``oppdrag``, ``indikatorer`` and ``budsjett`` register the
columns they own (``register_kolonne``), as they do their parts of a letter. Each column
computes its figures for all rows at once, in a fixed number of queries, so the page does
not grow with the number of organisations.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tall:
    """One figure of a cell: its words, the count, the list behind it, and whether it
    needs attention (shown with a symbol and words, never by colour alone)."""

    tekst: str
    antall: int | None = None
    url: str = ""
    obs: bool = False


@dataclass(frozen=True)
class Kolonne:
    """``hent(*, virksomheter, user, idag)`` returns {organisation id: [Tall, ...]}."""

    kode: str
    navn: str
    rekkefolge: int
    hent: Callable[..., dict]


_kolonner: dict[str, Kolonne] = {}


def register_kolonne(kolonne):
    _kolonner[kolonne.kode] = kolonne


def kolonner():
    return sorted(_kolonner.values(), key=lambda k: (k.rekkefolge, k.kode))


@dataclass(frozen=True)
class Oppgave:
    """Something a user should do or read now, for the home page."""

    tekst: str
    url: str
    frist: object = None  # a date, or None
    kommentar: str = ""
    obs: bool = False


_oppgavekilder: list[Callable] = []


def register_oppgavekilde(function):
    """``function(*, user, idag)`` returns the user's ``Oppgave`` list from one app."""
    if function not in _oppgavekilder:
        _oppgavekilder.append(function)


def oppgaver(*, user, idag):
    """Everything the user should do now, the earliest deadline first."""
    found = [task for source in _oppgavekilder for task in source(user=user, idag=idag)]
    return sorted(found, key=lambda t: (t.frist is None, t.frist or idag, t.tekst))
