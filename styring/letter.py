"""The letter's parts: the types every app's part of a letter is made of, and the parts
``styring`` itself shows inside the letter's sections.

An app adds to a letter through ``styring.registries``: a part shown inside the section
whose ``innhold`` names it (``Brevinnhold``), the links under each goal on the *rød
tråd* page (``Kobling``), what is carried over into next year's letter, and its rows of
the diff between two letters (``Forskjell``).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from styring.access import Action
from styring.models import (
    Foring,
    Maal,
    Rapporteringskrav,
    Styringsmote,
    Vedlegg,
)


@dataclass(frozen=True)
class Brevinnhold:
    """A structured part of a letter, shown inside the section whose ``innhold`` names it.

    ``hent(brev=..., user=...)`` runs once per page and returns the template context;
    the template also gets the ``seksjon`` it is shown in.
    """

    key: str
    label: str
    template_name: str
    hent: Callable[..., dict]


@dataclass(frozen=True)
class Kobling:
    """Something tied to a goal: an indicator, an assignment, a budget line."""

    kategori: str
    tekst: str
    url: str = ""
    detalj: str = ""


class Art:
    NY = "ny"
    FJERNET = "fjernet"
    ENDRET = "endret"
    OVERFORT = "overfort"

    LABELS = {
        NY: _("New"),
        FJERNET: _("Removed"),
        ENDRET: _("Changed"),
        OVERFORT: _("Carried over"),
    }


@dataclass(frozen=True)
class Forskjell:
    """One row of the difference between two years' letters."""

    kategori: str
    objekt: str
    art: str
    felt: str = ""
    gammel: str = ""
    ny: str = ""

    @property
    def art_tekst(self):
        return Art.LABELS[self.art]


# The parts ``styring`` shows itself.


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


def hent_kommunemaal(*, brev, user):
    goals = Maal.objects.none()
    if brev.planperiode_id:
        goals = Maal.objects.for_user(user).filter(
            planperiode_id=brev.planperiode_id, nivaa=Maal.Nivaa.KOMMUNEMAAL
        )
    return {"kommunemaal": list(goals.order_by("rekkefolge", "pk"))}


def hent_maal(*, brev, user):
    goals = list(Maal.objects.for_user(user).filter(brev=brev).select_related("forelder").tre())
    return {"maaltre": maaltre(goals)}


def hent_foringer(*, brev, user):
    per_section = defaultdict(list)
    for foring in Foring.objects.for_user(user).filter(brev=brev).select_related("rapporteres_i"):
        per_section[foring.seksjon_id].append(foring)
    return {"foringer_per_seksjon": per_section}


def hent_rapportering(*, brev, user):
    return {"rapporteringskrav": list(Rapporteringskrav.objects.for_user(user).filter(brev=brev))}


def hent_styringsmoter(*, brev, user):
    meetings = (
        Styringsmote.objects.for_user(user, Action.VIEW)
        .filter(virksomhet__in=brev.mottakere.all(), dato__year=brev.aar)
        .select_related("virksomhet")
    )
    return {"styringsmoter": list(meetings), "mottakere": list(brev.mottakere.all())}


def hent_vedlegg(*, brev, user):
    return {"vedlegg": list(Vedlegg.objects.for_user(user).filter(brev=brev))}
