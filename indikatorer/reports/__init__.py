"""Reports of ``indikatorer``: the monthly bistandsplikt and belegg reports, and the
indicator part of an agency's tertial report.

``register()`` (called from ``IndikatorerConfig.ready``) hands them to
``styring.rapporter.register``; the pipeline there renders, archives and sends them.
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

from django.utils.translation import gettext_lazy

from indikatorer.rapporter.belegg import belegg_per_maaned, hent_belegg
from indikatorer.rapporter.bistandsplikt import bistandsplikt_serier, hent_bistandsplikt
from indikatorer.rapporter.felles import (
    BELEGG,
    BISTANDSPLIKT,
    maanedsnavn,
    maanedsslutt,
    maskert_antall,
    siste_maaneder,
)
from indikatorer.rapporter.tertial import (
    hent_tertial_indikatorer,
    indikatordiagram,
    indikatorrad,
)
from indikatorer.rapporteringsmodeller import Skjema
from styring.rapporter.register import (
    Rapporttype,
    Tertialdel,
    register_rapporttype,
    register_tertialdel,
)

__all__ = [
    "belegg_per_maaned",
    "bistandsplikt_serier",
    "hent_belegg",
    "hent_bistandsplikt",
    "hent_tertial_indikatorer",
    "indikatordiagram",
    "indikatorrad",
    "maanedsnavn",
    "maanedsslutt",
    "maskert_antall",
    "register",
    "siste_maaneder",
]


def _eiere_av(kode):
    """Which of some organisations own the obligation ``kode`` (its monthly report goes
    to its owner)."""

    def hvilke(virksomheter):
        owners = Skjema.objects.filter(kode=kode, eier__in=[v.pk for v in virksomheter])
        return set(owners.values_list("eier_id", flat=True))

    return hvilke


def register():
    register_rapporttype(
        Rapporttype(
            kode="bistandsplikt-maaned",
            navn=gettext_lazy("Breaches of the duty to provide placements, monthly report"),
            frekvens="maaned",
            template_name="indikatorer/rapporter/bistandsplikt.html",
            hent=hent_bistandsplikt,
            gjelder=lambda virksomhet: bool(_eiere_av(BISTANDSPLIKT)([virksomhet])),
            gjelder_hvilke=_eiere_av(BISTANDSPLIKT),
        )
    )
    register_rapporttype(
        Rapporttype(
            kode="belegg-maaned",
            navn=gettext_lazy("Occupancy of institutions, monthly report"),
            frekvens="maaned",
            template_name="indikatorer/rapporter/belegg.html",
            hent=hent_belegg,
            gjelder=lambda virksomhet: bool(_eiere_av(BELEGG)([virksomhet])),
            gjelder_hvilke=_eiere_av(BELEGG),
        )
    )
    register_tertialdel(
        Tertialdel(
            kode="indikatorer",
            navn=gettext_lazy("Indicators"),
            rekkefolge=10,
            template_name="indikatorer/rapporter/tertial_indikatorer.html",
            hent=hent_tertial_indikatorer,
        )
    )
