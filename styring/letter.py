"""The parts of a letter that ``styring`` itself shows inside the letter's sections."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from styring.access import Action
from styring.bidrag import Brevinnhold, register_brevinnhold
from styring.models import (
    Foring,
    Maal,
    Rapporteringskrav,
    Styringsmote,
    Vedlegg,
)

LABELS = {
    "kommunemaal": _("Municipal goals"),
    "maal": _("Goals and measures"),
    "foringer": _("Directives"),
    "rapportering": _("Reporting requirements"),
    "styringsmoter": _("Steering meetings"),
    "vedlegg": _("Attachments"),
}


def maaltre(goals):
    """Nest goals under their parents: a list of (goal, children) in the letter's order."""
    children = defaultdict(list)
    ids = {goal.pk for goal in goals}
    roots = []
    for goal in goals:
        if goal.forelder_id in ids:
            children[goal.forelder_id].append(goal)
        else:
            roots.append(goal)

    def node(goal):
        return goal, [node(child) for child in children[goal.pk]]

    return [node(goal) for goal in roots]


def _kommunemaal(*, brev, user):
    goals = Maal.objects.none()
    if brev.planperiode_id:
        goals = Maal.objects.for_user(user).filter(
            planperiode_id=brev.planperiode_id, nivaa=Maal.Nivaa.KOMMUNEMAAL
        )
    return {"kommunemaal": list(goals.order_by("rekkefolge", "pk"))}


def _maal(*, brev, user):
    goals = list(Maal.objects.for_user(user).filter(brev=brev).select_related("forelder").tre())
    return {"maaltre": maaltre(goals)}


def _foringer(*, brev, user):
    per_section = defaultdict(list)
    for foring in Foring.objects.for_user(user).filter(brev=brev).select_related("rapporteres_i"):
        per_section[foring.seksjon_id].append(foring)
    return {"foringer_per_seksjon": per_section}


def _rapportering(*, brev, user):
    return {"rapporteringskrav": list(Rapporteringskrav.objects.for_user(user).filter(brev=brev))}


def _styringsmoter(*, brev, user):
    meetings = (
        Styringsmote.objects.for_user(user, Action.VIEW)
        .filter(virksomhet__in=brev.mottakere.all(), dato__year=brev.aar)
        .select_related("virksomhet")
    )
    return {"styringsmoter": list(meetings), "mottakere": list(brev.mottakere.all())}


def _vedlegg(*, brev, user):
    return {"vedlegg": list(Vedlegg.objects.for_user(user).filter(brev=brev))}


def register():
    for key, hent in [
        ("kommunemaal", _kommunemaal),
        ("maal", _maal),
        ("foringer", _foringer),
        ("rapportering", _rapportering),
        ("styringsmoter", _styringsmoter),
        ("vedlegg", _vedlegg),
    ]:
        register_brevinnhold(Brevinnhold(key, LABELS[key], f"styring/brev/_{key}.html", hent))
