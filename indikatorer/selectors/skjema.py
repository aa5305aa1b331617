"""Reads of reporting obligations (``Skjema``): the list and the obligation's page, the
dashboards' obligation and districts, and which organisations own one."""

from indikatorer.models.rapportering import Skjema
from styring.models import Virksomhet


def skjemaer(*, user):
    """The obligations ``user`` may see, with owner, letter and reporters."""
    return (
        Skjema.objects.for_user(user)
        .select_related("eier", "rapporteringskrav__brev")
        .prefetch_related("rapportorer")
    )


def skjemaer_med_felt(*, user):
    """``skjemaer`` with each obligation's fields and their indicators."""
    return skjemaer(user=user).prefetch_related("felt__indikator")


def siste_perioder(skjema, *, idag, antall=3):
    """The latest ``antall`` periods of ``skjema`` up to ``idag``, newest first, each
    with its deadline."""
    periods = skjema.perioder(fra=skjema.aktiv_fra, til=idag)[-antall:]
    return [
        {"fra": fra, "til": til, "frist": skjema.frist_for(til)} for fra, til in reversed(periods)
    ]


def skjemaeiere(*, kode, virksomheter):
    """Which of ``virksomheter`` own the obligation ``kode`` (its monthly report goes to
    its owner)."""
    owners = Skjema.objects.filter(kode=kode, eier__in=[v.pk for v in virksomheter])
    return set(owners.values_list("eier_id", flat=True))


def dashboardskjema(*, user, kode):
    """The obligation ``kode`` as ``user`` sees it, with its owner; None outside the
    user's scope."""
    return Skjema.objects.for_user(user).filter(kode=kode).select_related("eier").first()


def bydeler(skjema):
    """The districts that report to ``skjema``, by name."""
    return list(skjema.rapportorer.filter(type=Virksomhet.Type.BYDEL).order_by("navn"))
