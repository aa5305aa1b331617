"""Reads of ``oppdrag``: the assignments column of the department overview (overdue, due
soon, awaiting approval) and the user's assignments to act on, for the home page."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from oppdrag.models import AAPNE, FRIST_VARSEL_DAGER, Oppdrag, Status
from styring.access import Action
from styring.oversikt import Oppgave, Tall


def oversikt_oppdrag(*, virksomheter, user, idag):
    """{organisation id: [overdue, due in 30 days, awaiting approval]} in one query."""
    counts = (
        Oppdrag.objects.for_user(user)
        .filter(ansvarlige__in=[v.pk for v in virksomheter])
        .oppfolgingstall_per_ansvarlig(idag)
    )
    by_org = {row["ansvarlige"]: row for row in counts}
    base = reverse("oppdrag-oversikt")
    result = {}
    for virksomhet in virksomheter:
        row = by_org.get(virksomhet.pk, {"forfalt": 0, "snart": 0, "venter": 0})

        def url(vindu, kode=virksomhet.kode):
            return f"{base}?{urlencode({'virksomhet': kode, 'vindu': vindu})}"

        result[virksomhet.pk] = [
            Tall(
                _("%(count)s overdue") % {"count": row["forfalt"]},
                row["forfalt"],
                url("forfalt"),
                obs=row["forfalt"] > 0,
            ),
            Tall(_("%(count)s due in 30 days") % {"count": row["snart"]}, row["snart"], url("30")),
            Tall(
                _("%(count)s awaiting approval") % {"count": row["venter"]},
                row["venter"],
                url("venter"),
            ),
        ]
    return result


def oppgaver(*, user, idag):
    """The user's organisation's open assignments that are overdue or due in 30 days,
    and returned ones with the department's comment."""
    if user.virksomhet_id is None:
        return []
    soon = idag + datetime.timedelta(days=FRIST_VARSEL_DAGER)
    assignments = (
        Oppdrag.objects.for_user(user, Action.REPORT)
        .filter(ansvarlige=user.virksomhet_id, status__in=AAPNE)
        .filter(Q(forfall__lte=soon) | Q(status=Status.RETURNERT))
        .prefetch_related("statusendringer")
        .distinct()
    )
    tasks = []
    for oppdrag in assignments:
        comment = ""
        if oppdrag.status == Status.RETURNERT:
            returned = [
                s for s in oppdrag.statusendringer.all() if s.til_status == Status.RETURNERT
            ]
            comment = returned[-1].kommentar if returned else ""
        tasks.append(
            Oppgave(
                tekst=_("Assignment: %(name)s") % {"name": oppdrag},
                url=oppdrag.get_absolute_url(),
                frist=oppdrag.forfall,
                kommentar=comment,
                obs=bool(oppdrag.forfall and oppdrag.forfall < idag),
            )
        )
    return tasks
