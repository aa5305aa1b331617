"""What department staff do with a letter: issue it, supplement it, start next year's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styring import registries
from styring.models import Tildelingsbrev


@transaction.atomic
def utsted(*, brev):
    """Issue a draft letter; from now on it is locked. Issuing twice is refused."""
    locked = Tildelingsbrev.objects.select_for_update().get(pk=brev.pk)
    locked.sjekk_kan_endres()
    if not locked.mottakere.exists():
        raise ValidationError(_("The letter has no recipients."), code="uten_mottakere")
    locked.status = Tildelingsbrev.Status.UTSTEDT
    locked.utstedt = timezone.now()
    if locked.dato is None:
        locked.dato = timezone.localdate()
    locked.save()
    return locked


@transaction.atomic
def lag_supplerende(*, brev):
    """Start a supplementary letter to an issued one: the way to change it after issue."""
    if not brev.er_utstedt:
        raise ValidationError(
            _("A draft is changed directly; only an issued letter is supplemented."),
            code="utkast",
        )
    number = brev.supplerende_brev.count() + 1
    supplement = Tildelingsbrev.objects.create(
        type=Tildelingsbrev.Type.SUPPLERENDE,
        tittel=_("Supplementary letter no. %(number)s to %(letter)s")
        % {"number": number, "letter": brev},
        utsteder=brev.utsteder,
        aar=brev.aar,
        planperiode=brev.planperiode,
        supplerer=brev,
        saksbehandler=brev.saksbehandler,
    )
    supplement.mottakere.set(brev.mottakere.all())
    return supplement


def _shift_year(date):
    if date is None:
        return None
    try:
        return date.replace(year=date.year + 1)
    except ValueError:  # 29 February
        return date.replace(year=date.year + 1, day=28)


def _copy(instance, **changes):
    """A saved copy of ``instance`` with ``changes``, remembering where it came from."""
    fields = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }
    fields.update(changes)
    return type(instance).objects.create(**fields)


@transaction.atomic
def lag_neste_aars_brev(*, brev):
    """Create next year's draft from ``brev``: same structure, marked as copied.

    Sections, goals, directives, reporting requirements and attachment names are
    copied; the other apps carry over their own data (unfinished assignments,
    indicators) through ``styring.registries.neste_aar``.
    """
    if brev.type == Tildelingsbrev.Type.SUPPLERENDE:
        raise ValidationError(_("Next year's letter is made from the main letter."))
    if brev.neste.exists():
        raise ValidationError(
            _("Next year's letter has already been created from this letter."), code="finnes"
        )
    year = brev.aar + 1
    ny = Tildelingsbrev.objects.create(
        type=brev.type,
        tittel=brev.tittel.replace(str(brev.aar), str(year)),
        utsteder=brev.utsteder,
        aar=year,
        saksbehandler=brev.saksbehandler,
        planperiode=brev.planperiode,
        forrige=brev,
    )
    ny.mottakere.set(brev.mottakere.all())

    seksjon_kart = {}
    for seksjon in brev.seksjoner.all():
        seksjon_kart[seksjon.pk] = _copy(seksjon, brev_id=ny.pk, kopiert_fra_id=seksjon.pk)

    maal_kart = {}
    # Parents come first in the letter's order; a parent outside the letter (a
    # kommunemål) is shared and stays.
    pending = list(brev.maal.order_by("rekkefolge", "pk"))
    while pending:
        rest = []
        for maal in pending:
            if maal.forelder_id and maal.forelder.brev_id == brev.pk:
                if maal.forelder_id not in maal_kart:
                    rest.append(maal)
                    continue
                parent_id = maal_kart[maal.forelder_id].pk
            else:
                parent_id = maal.forelder_id
            maal_kart[maal.pk] = _copy(
                maal, brev_id=ny.pk, forelder_id=parent_id, kopiert_fra_id=maal.pk
            )
        if len(rest) == len(pending):
            raise ValidationError("Goal tree has a cycle.")
        pending = rest

    krav_kart = {}
    for krav in brev.rapporteringskrav.all():
        krav_kart[krav.pk] = _copy(
            krav,
            brev_id=ny.pk,
            periode_fra=_shift_year(krav.periode_fra),
            periode_til=_shift_year(krav.periode_til),
            frist=_shift_year(krav.frist),
        )
    for foring in brev.foringer.all():
        _copy(
            foring,
            brev_id=ny.pk,
            seksjon_id=seksjon_kart[foring.seksjon_id].pk if foring.seksjon_id else None,
            rapporteres_i_id=(
                krav_kart[foring.rapporteres_i_id].pk if foring.rapporteres_i_id else None
            ),
            kopiert_fra_id=foring.pk,
        )
    for vedlegg in brev.vedlegg.all():
        _copy(vedlegg, brev_id=ny.pk)

    for function in registries.neste_aar:
        function(fra=brev, til=ny, maal_kart=maal_kart)
    return ny
