"""Reads of ``budsjett``: the querysets and figures its pages, its API, its exports, its
letter part and its reports show, each taking keyword arguments and starting from the
user's scope (``Model.objects.for_user(user, action)``).

Where a page and the API (or an export, a report or the department overview) show the
same list or figure, both call the same function here:

- ``budsjetter`` (budgets as the letters give them): the budget list, the budget page and
  its export (``budsjettvisning``), the letter's part, and the API's chapters, lines,
  changes and investments; ``tabeller`` shows the tables as printed, with their checks;
- ``oppfolging`` (budget against accounts and forecasts): the follow-up page, its export,
  ``/api/budsjettoppfolging/`` and the tertial report (``budsjettoppfolging``), on
  ``oppfolgingstall``;
- ``avvik`` (deviations across organisations): the deviations page and its export, and the
  department overview's budget column, on the same ``oppfolgingstall``;
- ``rapporter`` (reports of accounts and forecasts): the report page's rows, the API's
  reports, accounts and forecasts, and the home page's tasks.
"""

from budsjett.selectors.avvik import avvik_per_virksomhet, avviksoversikt, oversikt_budsjett
from budsjett.selectors.budsjetter import (
    brevets_tabeller,
    budsjettabeller,
    budsjettendringer,
    budsjettlinjer,
    budsjettliste,
    budsjettvisning,
    investeringer,
    kapitler,
    maal_i_brevet,
    maalets_budsjettendringer,
    tilgjengelige_budsjetter,
)
from budsjett.selectors.oppfolging import (
    budsjett_per_konto,
    budsjettoppfolging,
    budsjettoppfolginger,
    har_oppfolging,
    oppfolgingsside,
    oppfolgingstall,
    tertialoppfolging,
)
from budsjett.selectors.rapporter import (
    budsjettrapporter,
    oppgaver,
    prognoser,
    rapportside,
    regnskap,
)
from budsjett.selectors.tabeller import tabellvisning

__all__ = [
    "avvik_per_virksomhet",
    "avviksoversikt",
    "brevets_tabeller",
    "budsjett_per_konto",
    "budsjettabeller",
    "budsjettendringer",
    "budsjettliste",
    "budsjettlinjer",
    "budsjettoppfolging",
    "budsjettoppfolginger",
    "budsjettrapporter",
    "budsjettvisning",
    "har_oppfolging",
    "investeringer",
    "kapitler",
    "maal_i_brevet",
    "maalets_budsjettendringer",
    "oppfolgingsside",
    "oppfolgingstall",
    "oppgaver",
    "oversikt_budsjett",
    "prognoser",
    "rapportside",
    "regnskap",
    "tabellvisning",
    "tertialoppfolging",
    "tilgjengelige_budsjetter",
]
