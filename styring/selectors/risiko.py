"""Reads of the agencies' risk assessments: the API's list, the risk matrix of a letter
and tertial, the goals still to assess, and one goal's history across the years."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from styring.access import Action, permits
from styring.models import Endring, Maal, Risikovurdering
from styring.models.risiko import SKALA, risikomatrise
from styring.perioder import Tertial

# How far the history follows a goal through the letters it was copied from and into.
MAKS_AAR = 30


def risikovurderinger(*, user):
    """The assessments the user may see, with their agency: the base of the matrix, the
    history and ``/api/risikovurderinger/``."""
    return Risikovurdering.objects.for_user(user).select_related("virksomhet")


def brevets_maal(*, user, brev):
    """The goals and measures of ``brev``, in the letter's order: what may be assessed."""
    return Maal.objects.for_user(user).filter(brev=brev).tre()


def forrige_vurdering(*, user, virksomhet, maal, aar, tertial):
    """The assessment of ``maal`` in the tertial before ``tertial``, if there is one."""
    if maal is None or not tertial or tertial <= 1:
        return None
    return (
        risikovurderinger(user=user)
        .filter(virksomhet=virksomhet, maal=maal, aar=aar, tertial=tertial - 1)
        .first()
    )


def risikobilde(*, user, brev, virksomhet, aar, tertial=None):
    """The risk picture of one agency for one letter, year and tertial (by default the
    latest tertial assessed that year, else the first): the matrix, its assessments and
    the letter's goals without one."""
    i_aar = risikovurderinger(user=user).for_brev(brev, virksomhet).filter(aar=aar)
    tertial = tertial or i_aar.siste_tertial() or 1
    vurderinger = list(i_aar.filter(tertial=tertial).select_related("maal"))
    vurdert = {vurdering.maal_id for vurdering in vurderinger}
    return {
        "tertial": tertial,
        "tertial_navn": Tertial(tertial).label,
        "tertialer": Tertial.choices,
        "skala": SKALA,
        "matrise": risikomatrise(vurderinger),
        "vurderinger": vurderinger,
        "uten_vurdering": [m for m in brevets_maal(user=user, brev=brev) if m.pk not in vurdert],
    }


def maal_kjede(*, maal, synlige):
    """The pks of ``maal`` and of the same goal in earlier and later letters.

    A goal carried into next year's letter is a copy (``kopiert_fra``): one query per
    year of the chain, never per assessment.
    """
    kjede = {maal.pk}
    grense = {maal.pk}
    for _hop in range(MAKS_AAR):
        naboer = synlige.filter(Q(kopier__in=grense) | Q(kopiert_fra__in=grense))
        grense = set(naboer.values_list("pk", flat=True)) - kjede
        if not grense:
            break
        kjede |= grense
    return kjede


def risikohistorikk(*, user, maal, virksomhet):
    """How the risk of ``maal`` moved for ``virksomhet``, tertial by tertial, through the
    letters the goal was copied from and into; with the assessments' changes for those
    who may audit the agency (else None)."""
    kjede = maal_kjede(maal=maal, synlige=Maal.objects.for_user(user).filter(brev__isnull=False))
    vurderinger = list(
        risikovurderinger(user=user)
        .filter(virksomhet=virksomhet, maal__in=kjede)
        .select_related("maal")
        .order_by("aar", "tertial")
    )
    endringer = None
    if permits(user, Action.AUDIT, virksomhet):
        # Endring.for_object for every row at once: one query, not one per row.
        endringer = (
            Endring.objects.for_user(user, Action.AUDIT)
            .filter(
                content_type=ContentType.objects.get_for_model(Risikovurdering),
                objekt_id__in=[str(vurdering.pk) for vurdering in vurderinger],
            )
            .select_related("content_type")[:100]
        )
    return {"vurderinger": vurderinger, "endringer": endringer}
