"""Follow-up of assignments: status changes, deliveries and tertial status reports.

Agency staff (Action.REPORT on a responsible organisation) start, deliver and report;
department staff approve and return (Action.APPROVE), postpone and drop (Action.STEER).
Every change is written to the status history and, through the audit trail, old → new.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oppdrag.frist import Frist, tolk_frist
from oppdrag.frist import Type as FristType
from oppdrag.models import AAPNE, Leveranse, Oppdrag, Status, Statusendring, Statusrapport
from styring.access import Action, permits

# (from, to) → the action that allows it.
OVERGANGER = {
    (Status.IKKE_STARTET, Status.PAAGAAR): Action.REPORT,
    (Status.RETURNERT, Status.PAAGAAR): Action.REPORT,
    (Status.UTSATT, Status.PAAGAAR): Action.REPORT,
    (Status.PAAGAAR, Status.LEVERT): Action.REPORT,
    (Status.RETURNERT, Status.LEVERT): Action.REPORT,
    (Status.UTSATT, Status.LEVERT): Action.REPORT,
    (Status.IKKE_STARTET, Status.LEVERT): Action.REPORT,
    (Status.LEVERT, Status.GODKJENT): Action.APPROVE,
    (Status.LEVERT, Status.RETURNERT): Action.APPROVE,
    **{(status, Status.UTSATT): Action.STEER for status in AAPNE},
    **{(status, Status.BORTFALT): Action.STEER for status in (*AAPNE, Status.LEVERT)},
}

# Changes that must say why.
NEEDS_COMMENT = {Status.RETURNERT, Status.UTSATT, Status.BORTFALT}


def mulige_statuser(*, oppdrag, user):
    """The statuses ``bruker`` may move ``oppdrag`` to now."""
    allowed = {action for action in set(OVERGANGER.values()) if permits(user, action, oppdrag)}
    return [
        til
        for (fra, til), action in OVERGANGER.items()
        if fra == oppdrag.status and action in allowed
    ]


def siste_levering(oppdrag):
    last = oppdrag.leveranser.order_by("-dato").first()
    return last.dato if last else None


def _oppdater_forfall(oppdrag):
    oppdrag.forfall = oppdrag.beregn_forfall(siste_levering=siste_levering(oppdrag))


def _locked(oppdrag, *, forventet_status=None):
    locked = Oppdrag.objects.select_for_update().select_related("brev").get(pk=oppdrag.pk)
    if forventet_status and locked.status != forventet_status:
        raise ValidationError(
            _("Somebody else has changed the status meanwhile. Reload the page and try again."),
            code="samtidig_endring",
        )
    return locked


@transaction.atomic
def endre_status(*, oppdrag, user, til, kommentar="", ny_frist=None, forventet_status=None):
    """Move ``oppdrag`` to status ``til``; 403 beyond the role, ValidationError if invalid."""
    locked = _locked(oppdrag, forventet_status=forventet_status)
    action = OVERGANGER.get((locked.status, til))
    if action is None:
        raise ValidationError(
            _("An assignment that is «%(fra)s» cannot be set to «%(til)s».")
            % {"fra": Status(locked.status).label, "til": Status(til).label},
            code="ugyldig_overgang",
        )
    if not permits(user, action, locked):
        raise PermissionDenied
    if til in NEEDS_COMMENT and not kommentar.strip():
        raise ValidationError({"kommentar": _("Say why.")}, code="mangler_kommentar")
    if til == Status.UTSATT:
        if ny_frist is None:
            raise ValidationError({"ny_frist": _("Give the new deadline.")}, code="mangler_frist")
        if ny_frist <= timezone.localdate():
            raise ValidationError(
                {"ny_frist": _("The new deadline must be after today.")}, code="frist_passert"
            )
        locked.utsatt_til = ny_frist
    Statusendring.objects.create(
        oppdrag=locked,
        bruker=user,
        utfort_av=user.get_full_name() or user.get_username(),
        fra_status=locked.status,
        til_status=til,
        kommentar=kommentar.strip(),
        ny_frist=ny_frist if til == Status.UTSATT else None,
    )
    locked.status = til
    _oppdater_forfall(locked)
    locked.save()
    return locked


def _check_report(user, oppdrag):
    if not permits(user, Action.REPORT, oppdrag):
        raise PermissionDenied


@transaction.atomic
def registrer_leveranse(*, oppdrag, user, dato, beskrivelse="", fil=None, lenke=""):
    """Record a delivery. A one-off assignment becomes «delivered»; a recurring one moves
    its next due date on from this delivery."""
    locked = _locked(oppdrag)
    _check_report(user, locked)
    if locked.er_lukket:
        raise ValidationError(
            _("The assignment is closed; deliveries can no longer be added."), code="lukket"
        )
    leveranse = Leveranse(
        oppdrag=locked,
        dato=dato,
        beskrivelse=beskrivelse,
        fil=fil or "",
        lenke=lenke,
        levert_av=user,
    )
    leveranse.full_clean()
    leveranse.save()
    if locked.frist.type != FristType.GJENTAKENDE and locked.status != Status.LEVERT:
        Statusendring.objects.create(
            oppdrag=locked,
            bruker=user,
            utfort_av=user.get_full_name() or user.get_username(),
            fra_status=locked.status,
            til_status=Status.LEVERT,
            kommentar=_("Delivery registered."),
        )
        locked.status = Status.LEVERT
    _oppdater_forfall(locked)
    locked.save()
    return leveranse


@transaction.atomic
def skriv_statusrapport(*, oppdrag, user, aar, tertial, tekst):
    """Write or rewrite the agency's status report for one tertial."""
    _check_report(user, oppdrag)
    if not tekst.strip():
        raise ValidationError({"tekst": _("Write the status.")}, code="tom")
    rapport, _created = Statusrapport.objects.update_or_create(
        oppdrag=oppdrag,
        aar=aar,
        tertial=tertial,
        defaults={"tekst": tekst.strip(), "skrevet_av": user},
    )
    return rapport


@transaction.atomic
def rett_frist(*, oppdrag, user, tekst, dato=None):
    """Department staff set the deadline: read from ``tekst``, or the given ``dato``."""
    locked = _locked(oppdrag)
    if not permits(user, Action.STEER, locked):
        raise PermissionDenied
    frist = tolk_frist(tekst, aar=locked.brev.aar)
    if dato is not None:
        frist = Frist(tekst=tekst, type=FristType.DATO, dato=dato)
    elif frist.type == FristType.UKJENT:
        raise ValidationError(
            {"dato": _("The text could not be read as a deadline. Give the date.")},
            code="ukjent",
        )
    locked.sett_frist(frist)
    _oppdater_forfall(locked)
    locked.save()
    return locked
