"""The submissions of periods that have ended, as the user may see them.

A period that has ended is due: the daily beat task opens its submissions, and until it
has, the period is still shown — as a submission not saved yet («Not started»), whose page
opens it on the first save. Reading never writes.
"""

import datetime

from indikatorer.models.rapportering import Innsending, Skjema
from indikatorer.services.innsending import ny_innsending
from styring.models import Virksomhet


def _synlige_virksomheter(user):
    return set(Virksomhet.objects.for_user(user).values_list("pk", flat=True))


def uaapnede_innsendinger(*, user, idag, skjema_kode=None, aar=None):
    """The submissions of ended periods that nobody has opened yet, as ``user`` may see
    them, not saved: newest period first. A few queries, however many there are."""
    skjemaer = Skjema.objects.for_user(user).prefetch_related("rapportorer").order_by("navn")
    if skjema_kode:
        skjemaer = skjemaer.filter(kode=skjema_kode)
    skjemaer = list(skjemaer)
    visible = _synlige_virksomheter(user)
    wanted = []
    for skjema in skjemaer:
        start = skjema.aktiv_fra if aar is None else max(skjema.aktiv_fra, datetime.date(aar, 1, 1))
        periods = skjema.perioder(fra=start, til=idag)
        if aar is not None:
            periods = [(fra, til) for fra, til in periods if fra.year == aar]
        reporters = [
            org
            for org in skjema.rapportorer.all()
            if org.pk in visible or skjema.eier_id in visible
        ]
        wanted += [(skjema, org, fra) for fra, _til in periods for org in reporters]
    if not wanted:
        return []
    existing = set(
        Innsending.objects.filter(
            skjema__in=skjemaer, periode_fra__gte=min(fra for _s, _o, fra in wanted)
        ).values_list("skjema_id", "virksomhet_id", "periode_fra")
    )
    missing = [
        ny_innsending(skjema=skjema, virksomhet=org, periode_fra=fra)
        for skjema, org, fra in wanted
        if (skjema.pk, org.pk, fra) not in existing
    ]
    missing.sort(key=lambda i: (-i.periode_fra.toordinal(), i.skjema.navn, i.virksomhet.navn))
    return missing


def innsending_for_periode(*, user, skjema_kode, virksomhet_kode, periode_fra, idag):
    """The submission of one organisation's period as ``user`` may see it: the saved one,
    or one not saved yet for an ended period nobody has opened; None when there is none."""
    skjema = Skjema.objects.for_user(user).filter(kode=skjema_kode).first()
    if skjema is None:
        return None
    virksomhet = skjema.rapportorer.filter(kode=virksomhet_kode).first()
    if virksomhet is None:
        return None
    fra, til = skjema.periode(periode_fra)
    if fra != periode_fra or (fra, til) not in skjema.perioder(fra=fra, til=idag):
        return None
    saved = Innsending.objects.filter(skjema=skjema, virksomhet=virksomhet, periode_fra=fra)
    if saved.exists():
        return saved.for_user(user).select_related("skjema", "virksomhet").first()
    # Seen as a saved one would be: by its reporting organisation or the obligation's owner.
    if (
        not Virksomhet.objects.for_user(user)
        .filter(pk__in=[virksomhet.pk, skjema.eier_id])
        .exists()
    ):
        return None
    return ny_innsending(skjema=skjema, virksomhet=virksomhet, periode_fra=fra)
