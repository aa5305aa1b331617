"""Reports of ``indikatorer``: the monthly bistandsplikt and belegg reports, and the
indicator part of an agency's tertial report.

``indikatorer.contributions`` registers them in ``styring.registries``; the pipeline in
``styring.rapporter`` renders, archives and sends them.
Every ``hent`` takes keyword arguments only and returns ``Innhold``. With a ``user``,
every query starts from ``Model.objects.for_user(user)``; without one (a scheduled job)
the content is what the department that owns the obligation sees.

The numbers rest on approved and submitted submissions (``BRUKTE_STATUSER``). The
submitted ones, not yet approved, are counted in ``datagrunnlag["forelopige"]``; the
reporters without such a submission for the period are named in
``datagrunnlag["mangler"]``.

Small numbers: a count of breaches for one district, or in one breach record, is shown
as «< 3» when it is 1 or 2 (``maskert_antall``): with the month and the kind of
placement it could identify a child. Totals for the whole city, which single out no
district, are shown as numbers.
"""

from indikatorer.rapporteringsmodeller import Skjema
from indikatorer.reports.belegg import belegg_per_maaned, hent_belegg
from indikatorer.reports.bistandsplikt import bistandsplikt_serier, hent_bistandsplikt
from indikatorer.reports.felles import (
    BELEGG,
    BISTANDSPLIKT,
    maanedsnavn,
    maanedsslutt,
    maskert_antall,
    siste_maaneder,
)
from indikatorer.reports.tertial import (
    hent_tertial_indikatorer,
    indikatordiagram,
    indikatorrad,
)

__all__ = [
    "belegg_eiere",
    "belegg_per_maaned",
    "bistandsplikt_eiere",
    "bistandsplikt_serier",
    "gjelder_belegg",
    "gjelder_bistandsplikt",
    "hent_belegg",
    "hent_bistandsplikt",
    "hent_tertial_indikatorer",
    "indikatordiagram",
    "indikatorrad",
    "maanedsnavn",
    "maanedsslutt",
    "maskert_antall",
    "siste_maaneder",
]


def _eiere_av(kode):
    """Which of some organisations own the obligation ``kode`` (its monthly report goes
    to its owner)."""

    def hvilke(virksomheter):
        owners = Skjema.objects.filter(kode=kode, eier__in=[v.pk for v in virksomheter])
        return set(owners.values_list("eier_id", flat=True))

    return hvilke


bistandsplikt_eiere = _eiere_av(BISTANDSPLIKT)
belegg_eiere = _eiere_av(BELEGG)


def gjelder_bistandsplikt(virksomhet):
    """Whether the monthly bistandsplikt report is produced for ``virksomhet``."""
    return bool(bistandsplikt_eiere([virksomhet]))


def gjelder_belegg(virksomhet):
    """Whether the monthly belegg report is produced for ``virksomhet``."""
    return bool(belegg_eiere([virksomhet]))
