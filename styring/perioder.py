"""Months, quarters, tertials and half-years: the portal's calendar arithmetic, in one place.

A period is a ``(first day, last day)`` pair of dates. Every period of a frequency starts
on the first day of a month and the periods of a year follow each other without a gap:
months, quarters (January–March …), tertials (January–April, May–August,
September–December), half-years and the year. Names come through Django's date formatting
and the catalogue, so they read «mars 2026», «2. tertial 2026».
"""

import calendar
import datetime

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Frekvens(models.TextChoices):
    """How often something is reported. The stored values are the ones the apps have
    always stored ("maaned", "tertial" …)."""

    MAANED = "maaned", gettext_lazy("Monthly")
    KVARTAL = "kvartal", gettext_lazy("Quarterly")
    TERTIAL = "tertial", gettext_lazy("Per tertial")
    HALVAAR = "halvaar", gettext_lazy("Half-yearly")
    AAR = "aar", gettext_lazy("Yearly")


class Tertial(models.IntegerChoices):
    FORSTE = 1, gettext_lazy("1st tertial")
    ANDRE = 2, gettext_lazy("2nd tertial")
    TREDJE = 3, gettext_lazy("3rd tertial")


MAANEDER_PER_PERIODE = {
    Frekvens.MAANED: 1,
    Frekvens.KVARTAL: 3,
    Frekvens.TERTIAL: 4,
    Frekvens.HALVAAR: 6,
    Frekvens.AAR: 12,
}


def valg(*frekvenser):
    """The choices of a field that offers only ``frekvenser`` (in the order given)."""
    return [(Frekvens(f).value, Frekvens(f).label) for f in frekvenser]


# Months


def maanedsstart(dato):
    """The first day of ``dato``'s month."""
    return dato.replace(day=1)


def maanedsslutt(dato):
    """The last day of ``dato``'s month."""
    return dato.replace(day=dager_i_maaned(dato))


def dager_i_maaned(dato):
    """The number of days in ``dato``'s month (29 in February 2028)."""
    return calendar.monthrange(dato.year, dato.month)[1]


def legg_til_maaneder(dato, antall):
    """``dato`` moved by ``antall`` whole months (back when negative), kept within the
    month it lands in: 31 January + 1 → 28 February (29 in a leap year)."""
    aar, indeks = divmod(dato.year * 12 + dato.month - 1 + antall, 12)
    maaned = datetime.date(aar, indeks + 1, 1)
    return maaned.replace(day=min(dato.day, dager_i_maaned(maaned)))


def antall_maaneder(*, fra, til):
    """How many months ``til``'s month is after ``fra``'s (0 in the same month, negative
    when it is before)."""
    return (til.year - fra.year) * 12 + til.month - fra.month


def maaneder(*, fra, til):
    """The first day of every month from ``fra``'s month through ``til``'s, oldest first."""
    start = maanedsstart(fra)
    return [legg_til_maaneder(start, i) for i in range(antall_maaneder(fra=start, til=til) + 1)]


def siste_maaneder(*, til, antall):
    """The first days of the ``antall`` months that end with ``til``'s month, oldest first."""
    return maaneder(fra=legg_til_maaneder(maanedsstart(til), 1 - antall), til=til)


def maaneder_fram_til(dato, *, antall):
    """The first days of the ``antall`` months before ``dato``'s month, oldest first."""
    return siste_maaneder(til=legg_til_maaneder(maanedsstart(dato), -1), antall=antall)


# Periods of a frequency


def periodenummer(dato, *, frekvens):
    """Which period of its year ``dato`` falls in: the month (1–12), quarter (1–4),
    tertial (1–3), half-year (1–2), or 1 for the year."""
    return (dato.month - 1) // MAANEDER_PER_PERIODE[frekvens] + 1


def kvartal(dato):
    return periodenummer(dato, frekvens=Frekvens.KVARTAL)


def tertial(dato):
    """1 for January–April, 2 for May–August, 3 for September–December."""
    return periodenummer(dato, frekvens=Frekvens.TERTIAL)


def halvaar(dato):
    return periodenummer(dato, frekvens=Frekvens.HALVAAR)


def periodenumre(frekvens):
    """The numbers of the periods of a year: 1–12 for months, 1–3 for tertials …"""
    return range(1, 12 // MAANEDER_PER_PERIODE[frekvens] + 1)


def periode_i_aar(*, aar, nummer, frekvens):
    """The (first day, last day) of period ``nummer`` of ``aar``: the 2nd tertial of 2026
    is 1 May – 31 August 2026."""
    if nummer not in periodenumre(frekvens):
        raise ValueError(f"{frekvens} {aar} has no period {nummer}")
    months = MAANEDER_PER_PERIODE[frekvens]
    fra = datetime.date(aar, (nummer - 1) * months + 1, 1)
    return fra, maanedsslutt(legg_til_maaneder(fra, months - 1))


def periode(dato, *, frekvens):
    """The (first day, last day) of the period of ``frekvens`` holding ``dato``."""
    return periode_i_aar(
        aar=dato.year, nummer=periodenummer(dato, frekvens=frekvens), frekvens=frekvens
    )


def neste_periode(dato, *, frekvens):
    """The period after the one holding ``dato``: after the tertial ending 31 December
    2026 comes 1 January – 30 April 2027."""
    _first, last = periode(dato, frekvens=frekvens)
    return periode(last + datetime.timedelta(days=1), frekvens=frekvens)


def forrige_periode(dato, *, frekvens):
    """The period before the one holding ``dato``."""
    first, _last = periode(dato, frekvens=frekvens)
    return periode(first - datetime.timedelta(days=1), frekvens=frekvens)


def perioder_i_aar(aar, *, frekvens):
    """Every period of ``aar``, in order."""
    return [periode_i_aar(aar=aar, nummer=n, frekvens=frekvens) for n in periodenumre(frekvens)]


def avsluttede_perioder(*, fra, til, frekvens):
    """Every period that has ended by ``til`` (its last day on or before it), from the
    one holding ``fra``, oldest first."""
    result = []
    current = periode(fra, frekvens=frekvens)
    while current[1] <= til:
        result.append(current)
        current = neste_periode(current[0], frekvens=frekvens)
    return result


def siste_avsluttede_periode(*, frekvens, idag):
    """The latest period that ended before ``idag``: on 1 March, February; on 5 October,
    the 2nd tertial."""
    return forrige_periode(idag, frekvens=frekvens)


# Names


def maanedsnavn(dato):
    """«mars 2026»."""
    return date_format(dato, "F Y")


def maanedsspenn(*, fra, til):
    """«januar 2026 – september 2026», or «mars 2026» when both are in one month."""
    if (fra.year, fra.month) == (til.year, til.month):
        return maanedsnavn(fra)
    return f"{maanedsnavn(fra)} – {maanedsnavn(til)}"


def periodenavn(dato, *, frekvens):
    """The name of the period of ``frekvens`` holding ``dato``: «mars 2026»,
    «1. kvartal 2026», «2. tertial 2026», «1. halvår 2026», «2026»."""
    if frekvens == Frekvens.MAANED:
        return maanedsnavn(dato)
    return periodenavn_i_aar(
        aar=dato.year, nummer=periodenummer(dato, frekvens=frekvens), frekvens=frekvens
    )


def periodenavn_i_aar(*, aar, nummer, frekvens):
    """The name of period ``nummer`` of ``aar``: «2. tertial 2026» (see ``periodenavn``)."""
    values = {"number": nummer, "year": aar}
    if frekvens == Frekvens.MAANED:
        return maanedsnavn(datetime.date(aar, nummer, 1))
    if frekvens == Frekvens.KVARTAL:
        return _("%(number)s. quarter %(year)s") % values
    if frekvens == Frekvens.TERTIAL:
        return _("%(number)s. tertial %(year)s") % values
    if frekvens == Frekvens.HALVAAR:
        return _("%(number)s. half-year %(year)s") % values
    return str(aar)
