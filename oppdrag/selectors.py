"""Reads of ``oppdrag``: the assignment list with its filters (the overview page, its CSV
and Excel export and ``/api/oppdrag/`` narrow through one function), the follow-up
figures, one assignment's timeline, the assignments column of the department overview
(overdue, due soon, awaiting approval) and the user's assignments to act on, for the
home page."""

import datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from oppdrag.models import (
    AAPNE,
    FRIST_VARSEL_DAGER,
    Oppdrag,
    Status,
    Statusendring,
    Statusrapport,
    oppfolging,
)
from styring.access import Action
from styring.models import Virksomhet
from styring.selectors.oversikt import Oppgave, Tall


def synlige_oppdrag(*, user):
    """The assignments the user may see, with the responsible agencies and the letters
    they were carried into: the base of ``/api/oppdrag/``."""
    return Oppdrag.objects.for_user(user).prefetch_related("ansvarlige", "brev_i")


def filtrer_oppdrag(
    *,
    oppdrag,
    idag,
    aar=None,
    virksomhet="",
    status="",
    art="",
    vindu="",
    brev=None,
    forfall_fra=None,
    forfall_til=None,
):
    """The assignments ``oppdrag`` (a queryset) narrowed by the overview's and the API's
    filters; None or "" does not narrow. The year and the letter match the letter the
    assignment was given in as well as those it was carried into; ``virksomhet`` is a
    responsible agency's code, ``vindu`` a follow-up window (``oppdrag.models.VINDUER``)
    as of ``idag``.

    Many-valued relations are filtered through subqueries, so rows never repeat.
    """
    assignments = oppdrag
    if aar is not None:
        carried_over = Oppdrag.brev_i.through.objects.filter(tildelingsbrev__aar=aar)
        assignments = assignments.filter(
            Q(brev__aar=aar) | Q(pk__in=carried_over.values("oppdrag_id"))
        )
    if brev is not None:
        carried_over = Oppdrag.brev_i.through.objects.filter(tildelingsbrev=brev)
        assignments = assignments.filter(Q(brev=brev) | Q(pk__in=carried_over.values("oppdrag_id")))
    if virksomhet:
        responsible = Oppdrag.ansvarlige.through.objects.filter(virksomhet__kode=virksomhet)
        assignments = assignments.filter(pk__in=responsible.values("oppdrag_id"))
    if status:
        assignments = assignments.filter(status=status)
    if art:
        assignments = assignments.filter(art=art)
    if forfall_fra is not None:
        assignments = assignments.filter(forfall__gte=forfall_fra)
    if forfall_til is not None:
        assignments = assignments.filter(forfall__lte=forfall_til)
    if vindu:
        assignments = assignments.i_vindu(vindu, idag)
    return assignments


def oppdragsliste(*, user, idag, **filtre):
    """The overview's and the export's rows: the user's assignments narrowed by
    ``filtre`` (those of ``filtrer_oppdrag``), the soonest due first."""
    assignments = (
        Oppdrag.objects.for_user(user)
        .select_related("brev", "brev__utsteder")
        .prefetch_related("ansvarlige")
        .order_by(F("forfall").asc(nulls_last=True), "brev", "rekkefolge", "pk")
    )
    return filtrer_oppdrag(oppdrag=assignments, idag=idag, **filtre)


def ansvarlige_virksomheter(*, user):
    """The agencies responsible for some assignment, among those the user may see: the
    choices of the overview's agency filter."""
    responsible = Oppdrag.ansvarlige.through.objects.values("virksomhet_id")
    return Virksomhet.objects.for_user(user).filter(pk__in=responsible).order_by("navn")


def oppfolgingstall(*, oppdrag, idag, rader=10):
    """The follow-up figures of the assignments ``oppdrag`` (from ``oppdragsliste``): how
    many are in each group and in all, the first ``rader`` rows of each group, and the
    figures per responsible agency."""
    return {
        **{navn: list(oppdrag.filter(q)[:rader]) for navn, q in oppfolging(idag).items()},
        "antall": oppdrag.oppfolgingstall(idag),
        "per_virksomhet": oppdrag.oppfolgingstall_per_ansvarlig(idag),
    }


def tidslinje(*, oppdrag):
    """Status changes, status reports and deliveries in the order they happened."""
    events = [("status", e.tidspunkt, e) for e in oppdrag.statusendringer.all()]
    events += [("rapport", r.oppdatert, r) for r in oppdrag.statusrapporter.all()]
    events += [("leveranse", lev.registrert, lev) for lev in oppdrag.leveranser.all()]
    return sorted(events, key=lambda event: event[1])


def har_statusrapport(*, oppdrag, aar, tertial):
    """Whether the agency has written the status report of this tertial already."""
    return Statusrapport.objects.filter(oppdrag=oppdrag, aar=aar, tertial=tertial).exists()


def statusendringer(*, user):
    """The status history of the assignments the user may see."""
    return Statusendring.objects.for_user(user)


def oversikt_oppdrag(*, virksomheter, user, idag):
    """{organisation id: [overdue, due in 30 days, awaiting approval]} in one query."""
    counts = (
        Oppdrag.objects.for_user(user)
        .filter(ansvarlige__in=[v.pk for v in virksomheter])
        .oppfolgingstall_per_ansvarlig(idag)
    )
    by_org = {row["ansvarlige"]: row for row in counts}
    base = reverse("oppdrag:oppdrag-oversikt")
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
