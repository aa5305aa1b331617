"""The workflow's state changes: save, submit, approve, return and reopen.

Each change of a report is ONE conditional UPDATE of its row: on its id, the version the
person acted on and the status they saw, raising the version. When it updates nothing,
somebody else changed the report first, and the person gets ``Samtidighetskonflikt``
with what is there now: a stale save can never undo a submission or an approval, and a
submission can never carry values its checks did not see.

Who may act is asked of the rule book only (``styring.access.permits``): saving needs
REPORT, submitting SUBMIT, approving, returning and reopening APPROVE. A refused save is
written to the audit trail too, so both attempts can be seen.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from styring.access import Action, permits
from styring.arbeidsflyt.models import AAPNE, Status
from styring.models import Endring

ENDRET_AV_ANDRE = gettext_lazy(
    "Somebody else changed this after you opened it: it is now «%(status)s». Nothing of "
    "yours was carried out. Look at it again before you go on."
)
MANGLER_KOMMENTAR = gettext_lazy("Tell the reporter what to correct.")
MANGLER_GRUNN = gettext_lazy("Give the reason for the exception.")


class Samtidighetskonflikt(ValidationError):
    """Somebody else changed the report after this person loaded it; nothing was done.

    ``naa`` is the report as it is now, ``deres`` its saved values.
    """

    def __init__(self, message, *, naa, deres):
        super().__init__(message, code="samtidig_endring")
        self.naa = naa
        self.deres = deres


def lagre(*, objekt, user, raw, versjon, idag=None):
    """Save the values in ``raw`` (as typed) on ``objekt`` as loaded at ``versjon``.

    All or nothing. A report not saved before (no id) is created here, in the same
    transaction. Raises PermissionDenied, ValidationError (errors keyed by the kind, or
    the lock), or ``Samtidighetskonflikt`` when the report changed since ``versjon``.
    """
    idag = idag or timezone.localdate()
    art = objekt.art()
    _krev(user, Action.REPORT, objekt if objekt.pk else art.rapporterende(objekt))
    if objekt.pk is None or versjon == objekt.versjon:
        _sjekk_aapen(objekt, idag)
    # Else the person acted on an older version: the UPDATE below finds nothing, and they
    # get the conflict (what is there now), not the lock of a report they did not see.
    verdier, feil = art.kontroller(objekt, raw, user=user)
    if feil:
        raise ValidationError(feil)
    with transaction.atomic():
        rad = objekt if objekt.pk else art.opprett(objekt, idag=idag)
        updated = _oppdater(rad, versjon=versjon, statuser=AAPNE, status=Status.UTKAST)
        if updated:
            tidligere = art.les(rad)
            art.skriv(rad, verdier, tidligere)
            changes = art.endringer(rad, tidligere, verdier)
            if rad.status != Status.UTKAST:
                changes["status"] = [rad.status, Status.UTKAST.value]
            rad.refresh_from_db()
            if changes:
                Endring.record(rad, handling=Endring.Handling.ENDRET, endringer=changes, actor=user)
    if not updated:
        konflikt = _konflikt(rad, art.LAGRET_AV_ANDRE)
        # Outside the transaction above, so the refused attempt stays in the audit trail.
        Endring.record(
            rad,
            handling=Endring.Handling.AVVIST,
            endringer=art.endringer(rad, konflikt.deres, verdier),
            actor=user,
        )
        raise konflikt
    return rad


def lever(*, objekt, user, versjon=None, idag=None):
    """The organisation's approver submits: the kind checks the saved values are complete.

    Conditional on ``versjon`` when given, and always on the version and status the
    check read: values saved meanwhile are never submitted unchecked.

    Like every change of state, it starts from the report as it is now (``objekt`` is
    refreshed); ``versjon`` says which version the person acted on.
    """
    idag = idag or timezone.localdate()
    art = _lagret(objekt).art()
    _krev(user, Action.SUBMIT, objekt)
    _sjekk_versjon(objekt, versjon)
    _sjekk_aapen(objekt, idag)
    art.kontroller_fullstendig(objekt, art.les(objekt), user=user)
    return _endre(
        objekt,
        user=user,
        versjon=objekt.versjon,
        statuser=(objekt.status,),
        status=Status.LEVERT,
        levert=timezone.now(),
        levert_av=user,
    )


def godkjenn(*, objekt, user, versjon=None):
    """The department approves a submitted report; the kind's hook runs in the same
    transaction (the indicator results of a monthly submission)."""
    art = _lagret(objekt).art()
    _krev(user, Action.APPROVE, objekt)
    _sjekk_versjon(objekt, versjon)
    if objekt.status != Status.LEVERT:
        raise ValidationError(art.BARE_LEVERT_GODKJENNES, code="status")
    return _endre(
        objekt,
        user=user,
        versjon=versjon,
        statuser=(Status.LEVERT,),
        status=Status.GODKJENT,
        godkjent=timezone.now(),
        godkjent_av=user,
        etter=art.etter_godkjenning,
    )


def returner(*, objekt, user, kommentar, versjon=None):
    """The department returns a submitted or approved report with what to correct."""
    art = _lagret(objekt).art()
    _krev(user, Action.APPROVE, objekt)
    _sjekk_versjon(objekt, versjon)
    if objekt.status not in (Status.LEVERT, Status.GODKJENT):
        raise ValidationError(art.BARE_LEVERT_RETURNERES, code="status")
    kommentar = (kommentar or "").strip()
    if not kommentar:
        raise ValidationError({"kommentar": [MANGLER_KOMMENTAR]})
    was_approved = objekt.status == Status.GODKJENT
    changes = {"status": Status.RETURNERT, "returkommentar": kommentar}
    if was_approved:
        changes["endret_etter_godkjenning"] = True
    return _endre(
        objekt,
        user=user,
        versjon=versjon,
        # The status seen: a report approved meanwhile is not returned as if submitted.
        statuser=(objekt.status,),
        etter=lambda rad: art.etter_retur(rad, var_godkjent=was_approved),
        **changes,
    )


def gjenaapne(*, objekt, user, grunn, gyldig_til, versjon=None):
    """The department lifts the kind's lock on an open report until ``gyldig_til``, with
    a reason (a logged exception)."""
    art = _lagret(objekt).art()
    _krev(user, Action.APPROVE, objekt)
    _sjekk_versjon(objekt, versjon)
    if not objekt.aapen:
        raise ValidationError(art.LAAST, code="laast")
    grunn = (grunn or "").strip()
    if not grunn:
        raise ValidationError({"grunn": [MANGLER_GRUNN]})
    return _endre(
        objekt,
        user=user,
        versjon=versjon,
        statuser=AAPNE,
        etter=lambda rad: art.gjenaapne(rad, user=user, grunn=grunn, gyldig_til=gyldig_til),
    )


# One UPDATE per change


def _oppdater(objekt, *, versjon, statuser, **changes):
    """The one conditional UPDATE: 1 when the row was as expected, else 0."""
    condition = {"pk": objekt.pk, "status__in": list(statuser)}
    if versjon is not None:
        condition["versjon"] = versjon
    return (
        type(objekt)._base_manager.filter(**condition).update(versjon=F("versjon") + 1, **changes)
    )


def _endre(objekt, *, user, versjon, statuser, etter=None, **changes):
    before = {name: _felt(objekt, name) for name in changes}
    with transaction.atomic():
        updated = _oppdater(objekt, versjon=versjon, statuser=statuser, **changes)
        if updated:
            objekt.refresh_from_db()
            trail = {
                _attname(objekt, name): [_plain(old), _plain(_felt(objekt, name))]
                for name, old in before.items()
                if _plain(old) != _plain(_felt(objekt, name))
            }
            if trail:
                Endring.record(
                    objekt, handling=Endring.Handling.ENDRET, endringer=trail, actor=user
                )
            if etter is not None:
                etter(objekt)
    if not updated:
        raise _konflikt(objekt)
    return objekt


def _konflikt(objekt, melding=None):
    naa = type(objekt)._base_manager.get(pk=objekt.pk)
    if melding is None or not naa.aapen:
        melding = ENDRET_AV_ANDRE % {"status": naa.get_status_display()}
    return Samtidighetskonflikt(melding, naa=naa, deres=objekt.art().les(naa))


# Checks


def _krev(user, action, objekt):
    if not permits(user, action, objekt):
        raise PermissionDenied


def _lagret(objekt):
    """``objekt`` as it is now: a change of state starts from the row, and from the version
    the person read (``versjon``) when they give it."""
    if objekt.pk is None:
        raise ValueError("Only a saved report is submitted, approved, returned or reopened.")
    objekt.refresh_from_db()
    return objekt


def _sjekk_aapen(objekt, idag):
    art = objekt.art()
    if not objekt.aapen:
        raise ValidationError(art.LAAST, code="laast")
    if objekt.laast(idag):
        raise ValidationError(art.PERIODE_LAAST, code="periode_laast")


def _sjekk_versjon(objekt, versjon):
    """The page or client acted on ``versjon``: if the loaded report is newer, it is stale."""
    if versjon is not None and versjon != objekt.versjon:
        raise _konflikt(objekt)


def _felt(objekt, name):
    field = objekt._meta.get_field(name)
    return getattr(objekt, field.attname)


def _attname(objekt, name):
    return objekt._meta.get_field(name).attname


def _plain(value):
    if hasattr(value, "pk"):
        value = value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
