"""What the monthly figures rest on, for the monthly reports, the dashboards and the
tertial report alike: months, an obligation's reporters and the submissions its numbers
are taken from, and small-number masking.

The numbers rest on approved and submitted submissions (``BRUKTE_STATUSER``). With a
``user`` every query starts from ``Model.objects.for_user(user)``; without one (a
scheduled report) the figures are what the department that owns the obligation sees.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indikatorer import maaltall as mt
from indikatorer.models import STATUS_LABELS
from indikatorer.models.rapportering import Innsending, Skjema
from styring.models import Virksomhet
from styring.perioder import (
    legg_til_maaneder,
    maanedsnavn,
    maanedsslutt,
    maanedsstart,
    siste_maaneder,
)

BISTANDSPLIKT = "bistandsplikt"
BELEGG = "belegg"
BRUKTE_STATUSER = (Innsending.Status.GODKJENT, Innsending.Status.LEVERT)
SERIE_MAANEDER = 12
MASKERINGSGRENSE = 3


def maskert_antall(antall, *, skjul=True):
    """A count as a table that singles out a district shows it: «< 3» for 1 or 2 (it
    could identify a child), the number for 0 and from 3 up, None for no number.
    ``skjul=False`` shows every number (a total for the whole city)."""
    if antall is None:
        return None
    antall = int(antall)
    if skjul and 0 < antall < MASKERINGSGRENSE:
        return f"< {MASKERINGSGRENSE}"
    return antall


def fra_omfang(model, user):
    """Where every query starts: the user's scope, or everything for a scheduled job."""
    return model.objects.for_user(user) if user is not None else model.objects.all()


def andel(teller, nevner):
    """``teller`` / ``nevner`` in per cent to one decimal; None without a denominator."""
    if teller is None or not nevner:
        return None
    return (Decimal(teller) / Decimal(nevner) * 100).quantize(Decimal("0.1"))


def maalstatus(value, achieved):
    """The status in words of a figure against a target ``achieved`` tells."""
    if value is None:
        return STATUS_LABELS[mt.Status.MANGLER_DATA]
    return STATUS_LABELS[mt.Status.OPPNAADD if achieved(value) else mt.Status.IKKE_OPPNAADD]


def heltall(value):
    if value is None:
        return None
    return int(value) if value == int(value) else value


def er_bydel(organisation):
    return organisation.type == Virksomhet.Type.BYDEL


# What the numbers rest on


@dataclass
class Grunnlag:
    """An obligation's reporters and submissions over some months."""

    skjema: Skjema
    rapportorer: list
    innsendinger: list
    maaneder: list

    def brukte(self, months=None):
        """The approved and submitted submissions (of ``months``, default all)."""
        months = set(months or self.maaneder)
        return [
            i
            for i in self.innsendinger
            if i.status in BRUKTE_STATUSER and maanedsstart(i.periode_fra) in months
        ]

    def forventet(self, day):
        """Whether the obligation asked for a report for the month starting ``day``."""
        skjema = self.skjema
        if maanedsslutt(day) < skjema.aktiv_fra:
            return False
        return skjema.aktiv_til is None or day <= skjema.aktiv_til

    def mangler(self, months):
        """(organisation, month) for every report of ``months`` not submitted."""
        have = {(i.virksomhet_id, maanedsstart(i.periode_fra)) for i in self.brukte(months)}
        return [
            (organisation, day)
            for day in months
            if self.forventet(day)
            for organisation in self.rapportorer
            if (organisation.pk, day) not in have
        ]

    def forelopige(self, months=None):
        return sum(i.status == Innsending.Status.LEVERT for i in self.brukte(months))


def grunnlag(kode, *, months, user, eier=None, rapportor=None):
    """The obligation ``kode`` (owned by ``eier`` or reported by ``rapportor``) with its
    submissions of ``months``; None when the obligation is not there for the user."""
    skjema = fra_omfang(Skjema, user).filter(kode=kode)
    if eier is not None:
        skjema = skjema.filter(eier=eier)
    if rapportor is not None:
        skjema = skjema.filter(rapportorer=rapportor)
    skjema = skjema.first()
    if skjema is None:
        return None
    reporters = list(skjema.rapportorer.order_by("navn"))
    if rapportor is not None:
        reporters = [r for r in reporters if r.pk == rapportor.pk]
    submissions = fra_omfang(Innsending, user).filter(
        skjema=skjema, periode_fra__gte=months[0], periode_fra__lte=maanedsslutt(months[-1])
    )
    if rapportor is not None:
        submissions = submissions.filter(virksomhet=rapportor)
    return Grunnlag(
        skjema=skjema,
        rapportorer=reporters,
        innsendinger=list(submissions.select_related("virksomhet")),
        maaneder=months,
    )


def innsendingsrader(grunnlag, months):
    """Per reporter and month: the status of its submission, in words, with dates."""
    by_key = {(i.virksomhet_id, maanedsstart(i.periode_fra)): i for i in grunnlag.innsendinger}
    rows = []
    for day in months:
        if not grunnlag.forventet(day):
            continue
        for organisation in grunnlag.rapportorer:
            innsending = by_key.get((organisation.pk, day))
            used = innsending is not None and innsending.status in BRUKTE_STATUSER
            rows.append(
                {
                    "virksomhet": organisation.navn,
                    "maaned": maanedsnavn(day),
                    "status": innsending.get_status_display() if innsending else _("No submission"),
                    "brukt": used,
                    "levert": innsending.levert if innsending else None,
                    "frist": innsending.frist
                    if innsending
                    else grunnlag.skjema.frist_for(maanedsslutt(day)),
                }
            )
    return rows


def mangler_navn(grunnlag, months):
    """The names of the reporters missing a report of ``months``, once each."""
    names = []
    for organisation, _day in grunnlag.mangler(months):
        if organisation.navn not in names:
            names.append(organisation.navn)
    return names


def dashboardperiode(*, idag, fra=None, til=None):
    """The first and last day of the months a dashboard shows: from ``fra``'s month to
    ``til``'s; by default the twelve months up to the last one, since the latest month
    alone is often not reported yet."""
    til = til or legg_til_maaneder(maanedsstart(idag), -1)
    fra = fra or siste_maaneder(til=til, antall=SERIE_MAANEDER)[0]
    return fra, maanedsslutt(til)
