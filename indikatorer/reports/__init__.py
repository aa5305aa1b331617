"""Reports of ``indikatorer``: the monthly bistandsplikt and belegg reports, and the
indicator part of an agency's tertial report.

``indikatorer.contributions`` registers them in ``styring.registries``; the pipeline in
``styring.reports`` renders, archives and sends them.
Every ``hent`` takes keyword arguments only and returns ``Innhold``. With a ``user``,
every query starts from ``Model.objects.for_user(user)``; without one (a scheduled job)
the content is what the department that owns the obligation sees.

The figures come from ``indikatorer.selectors`` (the dashboards show the same); a
report lays them out as charts and tables. They rest on approved and submitted
submissions (``BRUKTE_STATUSER``). The submitted ones, not yet approved, are counted in
``datagrunnlag["forelopige"]``; the reporters without such a submission for the period
are named in ``datagrunnlag["mangler"]``. Counts that single out a district are masked
(``selectors.maskert_antall``).
"""

from indikatorer.reports.belegg import hent_belegg
from indikatorer.reports.bistandsplikt import hent_bistandsplikt
from indikatorer.reports.tertial import (
    hent_tertial_indikatorer,
    indikatordiagram,
    indikatorrad,
)
from indikatorer.selectors.maanedstall import BELEGG, BISTANDSPLIKT
from indikatorer.selectors.skjema import skjemaeiere

__all__ = [
    "belegg_eiere",
    "bistandsplikt_eiere",
    "gjelder_belegg",
    "gjelder_bistandsplikt",
    "hent_belegg",
    "hent_bistandsplikt",
    "hent_tertial_indikatorer",
    "indikatordiagram",
    "indikatorrad",
]


def _eiere_av(kode):
    """Which of some organisations own the obligation ``kode`` (its monthly report goes
    to its owner)."""

    def hvilke(virksomheter):
        return skjemaeiere(kode=kode, virksomheter=virksomheter)

    return hvilke


bistandsplikt_eiere = _eiere_av(BISTANDSPLIKT)
belegg_eiere = _eiere_av(BELEGG)


def gjelder_bistandsplikt(virksomhet):
    """Whether the monthly bistandsplikt report is produced for ``virksomhet``."""
    return bool(bistandsplikt_eiere([virksomhet]))


def gjelder_belegg(virksomhet):
    """Whether the monthly belegg report is produced for ``virksomhet``."""
    return bool(belegg_eiere([virksomhet]))
