"""The department overview and the home page: one row per steered organisation, with
columns and dashboard links from the apps, and each user's tasks.

``styring`` draws the table; ``oppdrag``, ``indikatorer`` and ``budsjett`` register the
columns they own (``styring.registries.kolonner``), the links to their dashboards
(``dashboards``) and their tasks for the home page (``oppgavekilder``), with the records
below; ``styring.selectors`` reads them. Each column computes its figures for all rows at
once, in a fixed number of queries, so the page does not grow with the number of
organisations.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


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


@dataclass(frozen=True)
class Dashboard:
    """A link above the overview's table to one of an app's dashboards."""

    kode: str
    navn: str
    rekkefolge: int
    url_name: str
    args: tuple = ()

    @property
    def url(self):
        return reverse(self.url_name, args=self.args)


@dataclass(frozen=True)
class Oppgave:
    """Something a user should do or read now, for the home page."""

    tekst: str
    url: str
    frist: object = None  # a date, or None
    kommentar: str = ""
    obs: bool = False
