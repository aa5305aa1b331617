"""Reads of steering meetings: the API's list and one organisation's steering calendar
(as a page and as an iCalendar feed)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from styring.access import Action
from styring.models import Styringsmote, Virksomhet


def styringsmoter(*, user):
    """The meetings the user may see, with their agency: the base of the calendar and of
    ``/api/styringsmoter/``."""
    return Styringsmote.objects.for_user(user).select_related("virksomhet")


def kalendermoter(*, user, virksomhet):
    """The meetings of ``virksomhet`` and of the organisations it steers: the calendar page
    and its iCalendar feed show the same meetings."""
    return styringsmoter(user=user).filter(
        Q(virksomhet=virksomhet) | Q(virksomhet__styres_av=virksomhet)
    )


def kalendernavn(*, virksomhet):
    return _("Steering calendar for %(name)s") % {"name": virksomhet.navn}


def styringskalender(*, user, virksomhet, idag):
    """The calendar page: upcoming meetings (soonest first), then past ones (latest first),
    and where the user may add meetings (this organisation or those it steers)."""
    moter = kalendermoter(user=user, virksomhet=virksomhet)
    return {
        "tittel": kalendernavn(virksomhet=virksomhet),
        "grupper": [
            {
                "tittel": _("Upcoming meetings"),
                "moter": moter.filter(dato__gte=idag),
                "tom": _("No upcoming meetings."),
            },
            {
                "tittel": _("Past meetings"),
                "moter": moter.filter(dato__lt=idag).order_by("-dato", "-start", "-pk"),
                "tom": _("No past meetings."),
            },
        ],
        "ny_for": Virksomhet.objects.for_user(user, Action.STEER)
        .filter(Q(pk=virksomhet.pk) | Q(styres_av=virksomhet))
        .order_by("navn"),
    }
