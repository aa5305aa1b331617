"""Reads of reports: which organisations and report types the user sees, the archive
(page and API), the latest orders and their progress, and the periods one may order."""

import datetime

from styring.models import Abonnement, Rapport, Rapportjobb, Virksomhet
from styring.registries import rapporttyper
from styring.reports import tilgang


def typenavn():
    """{report type code: its name}, for the tables of reports and orders."""
    return {kode: t.navn for kode, t in rapporttyper.items()}


def rapportvirksomheter(*, user):
    """The organisations whose reports the user may see, each with its report types."""
    visible = Virksomhet.objects.for_user(user).order_by("navn")
    return [
        {"virksomhet": v, "typer": typer}
        for v, typer in tilgang.typer_per_virksomhet(visible)
        if typer
    ]


def rapporttype_for(*, kode, virksomhet):
    """The report type ``kode`` if it is made for ``virksomhet``, else None."""
    rapporttype = rapporttyper.get(kode)
    if rapporttype is None or not rapporttype.gjelder(virksomhet):
        return None
    return rapporttype


def bestillbar_periode(*, rapporttype, fra, idag):
    """The (from, to) of the ended period that starts on ``fra`` (a date, or a date in ISO
    form), if it is one the user may order; else None. The report page, its preview and
    ``/api/rapportjobber/`` accept the same periods."""
    if isinstance(fra, str):
        try:
            fra = datetime.date.fromisoformat(fra)
        except ValueError:
            return None
    for start, slutt in tilgang.perioder(frekvens=rapporttype.frekvens, idag=idag):
        if start == fra:
            return start, slutt
    return None


def rapporter(*, user, kode=""):
    """Issued reports the user may see, of the organisation ``kode`` when given: the
    archive on the organisation's report page and ``/api/rapporter/``."""
    reports = Rapport.objects.for_user(user).select_related("virksomhet", "generert_av")
    if kode:
        reports = reports.filter(virksomhet__kode=kode)
    return reports


def rapportjobber(*, user):
    """Report orders the user may see, with their organisation: ``/api/rapportjobber/``
    and the order table on the report page."""
    return Rapportjobb.objects.for_user(user).select_related("virksomhet")


def siste_jobber(*, user, virksomhet):
    """The organisation's latest orders, and whether any is still queued or running (then
    the page polls)."""
    jobs = list(
        rapportjobber(user=user)
        .filter(virksomhet=virksomhet)
        .select_related("rapport")
        .order_by("-bestilt", "-pk")[:10]
    )
    return {"jobber": jobs, "aktive": any(not job.avsluttet for job in jobs)}


def rapportside(*, user, virksomhet, idag):
    """One organisation's report page: its report types with the periods one may order
    and whether the user subscribes, the archive, the latest orders."""
    subscribed = set(
        Abonnement.objects.filter(bruker=user, virksomhet=virksomhet).values_list("type", flat=True)
    )
    return {
        "typer": [
            {
                "type": t,
                "perioder": tilgang.perioder(frekvens=t.frekvens, idag=idag),
                "abonnert": t.kode in subscribed,
            }
            for t in tilgang.typer_for(virksomhet)
        ],
        "rapporter": rapporter(user=user).filter(virksomhet=virksomhet),
        **siste_jobber(user=user, virksomhet=virksomhet),
        "typenavn": typenavn(),
    }
