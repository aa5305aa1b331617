"""What ``oppdrag`` adds to the letter: its part of the letter's section, the assignments
under their goals on the rød tråd page, what is carried into next year's letter, and its
rows of the diff. Registered by ``oppdrag.contributions``."""

from django.utils.translation import gettext as _

from oppdrag.models import Oppdrag, Status
from styring.letter import Art, Forskjell, Kobling


def hent_for_brev(*, brev, user):
    assignments = (
        Oppdrag.objects.for_user(user)
        .i_brev(brev)
        .prefetch_related("ansvarlige")
        .order_by("rekkefolge", "pk")
    )
    return {"oppdrag": list(assignments), "brev": brev}


def rod_traad(*, maal_ids, user):
    links = {}
    for oppdrag in Oppdrag.objects.for_user(user).filter(maal_id__in=maal_ids):
        detail = oppdrag.get_status_display()
        if oppdrag.forfall:
            detail = f"{detail}, {_('due')} {oppdrag.forfall:%d.%m.%Y}"
        links.setdefault(oppdrag.maal_id, []).append(
            Kobling(_("Assignment"), str(oppdrag), oppdrag.get_absolute_url(), detail)
        )
    return links


def neste_aar(*, fra, til, maal_kart):
    """Unfinished assignments carry over into next year's letter, marked as continued."""
    for oppdrag in Oppdrag.objects.i_brev(fra).exclude(
        status__in=(Status.GODKJENT, Status.BORTFALT)
    ):
        oppdrag.brev_i.add(til)
        changed = []
        if oppdrag.art == Oppdrag.Art.NYTT:
            oppdrag.art = Oppdrag.Art.VIDEREFORT
            changed.append("art")
        if oppdrag.maal_id in maal_kart:
            oppdrag.maal = maal_kart[oppdrag.maal_id]
            changed.append("maal")
        if changed:
            oppdrag.save(update_fields=changed)


def brevdiff(*, fra, til, maal_kart):
    before = {o.pk: o for o in Oppdrag.objects.i_brev(fra)}
    after = {o.pk: o for o in Oppdrag.objects.i_brev(til)}
    kategori = _("Assignment")
    rows = []
    for pk, oppdrag in after.items():
        if pk in before:
            rows.append(
                Forskjell(
                    kategori,
                    str(oppdrag),
                    Art.OVERFORT,
                    felt=str(Oppdrag._meta.get_field("status").verbose_name),
                    ny=oppdrag.get_status_display(),
                )
            )
        else:
            rows.append(Forskjell(kategori, str(oppdrag), Art.NY, ny=oppdrag.tekst))
    for pk, oppdrag in before.items():
        if pk not in after:
            rows.append(Forskjell(kategori, str(oppdrag), Art.FJERNET, gammel=oppdrag.tekst))
    return rows
