"""Reads of ``indikatorer``: the querysets and figures its pages, its API, its letter
parts and its reports show, each starting from the user's scope
(``Model.objects.for_user(user, action)``) and taking keyword arguments.

Where a page and the API (or a report, or a dashboard and the monthly report) show the
same list or figure, both call the same function here:

- ``indikator`` (indicators): the indicator list and ``/api/indikatorer/``, the
  indicator page and ``/api/resultater/``, the letter's tables, the tertial report;
- ``bistandsplikt`` and ``belegg`` (the monthly figures, on ``maanedstall``): the monthly
  reports, the dashboards and the tertial report;
- ``skjema`` (obligations): the obligation pages, the dashboards' obligation;
- ``oversiktstall``: the department overview's columns and the home page's tasks;
- ``innsendinger``: the submissions of ended periods, opened or not yet.
"""

from indikatorer.selectors.belegg import belegg_aaret, beleggstall
from indikatorer.selectors.bistandsplikt import bistandsplikt_aaret, bistandspliktstall
from indikatorer.selectors.indikator import (
    aarsstatus,
    endringer,
    filtrer_indikatorer,
    indikatorer,
    indikatorer_i_brevene,
    indikatorfiltre,
    indikatoroversikt,
    indikatorside,
    indikatorvalg,
    maalverdier,
    maalverdier_for_virksomhet,
    resultater,
    siste_brevaar,
    statusrad,
    vurdering_av,
)
from indikatorer.selectors.innsendinger import innsending_for_periode, uaapnede_innsendinger
from indikatorer.selectors.maanedstall import dashboardperiode, maskert_antall
from indikatorer.selectors.oversiktstall import (
    oppgaver,
    oversikt_belegg,
    oversikt_bistandsplikt,
    oversikt_indikatorer,
    oversikt_innsendinger,
)
from indikatorer.selectors.skjema import (
    bydeler,
    dashboardskjema,
    siste_perioder,
    skjemaeiere,
    skjemaer,
    skjemaer_med_felt,
)

__all__ = [
    "aarsstatus",
    "belegg_aaret",
    "beleggstall",
    "bistandsplikt_aaret",
    "bistandspliktstall",
    "bydeler",
    "dashboardperiode",
    "dashboardskjema",
    "endringer",
    "filtrer_indikatorer",
    "indikatorer",
    "indikatorer_i_brevene",
    "indikatorfiltre",
    "indikatoroversikt",
    "indikatorside",
    "indikatorvalg",
    "innsending_for_periode",
    "maalverdier",
    "maalverdier_for_virksomhet",
    "maskert_antall",
    "oppgaver",
    "oversikt_belegg",
    "oversikt_bistandsplikt",
    "oversikt_indikatorer",
    "oversikt_innsendinger",
    "resultater",
    "siste_brevaar",
    "siste_perioder",
    "skjemaeiere",
    "skjemaer",
    "skjemaer_med_felt",
    "statusrad",
    "uaapnede_innsendinger",
    "vurdering_av",
]
