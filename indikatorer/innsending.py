"""The workflow of a submission: open, save numbers, submit, approve or return, reopen.

Agency reporters (Action.REPORT) save numbers; the agency's approver (Action.APPROVE on
their own organisation) submits; staff of the department that owns the obligation
approve or return. Saving is guarded by the submission's version: a save against an
older version changes nothing, says what the other person saved, and is itself written
to the audit trail so both attempts can be seen.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indikatorer import skjematyper
from indikatorer.rapporteringsmodeller import Innsending, Unntak, Verdi, verdi_som_tekst
from indikatorer.resultater_fra_rapportering import oppdater_resultater
from styring.access import Action, Rolle
from styring.models import Endring

Status = Innsending.Status


class Samtidighetskonflikt(ValidationError):
    """Somebody else saved the submission after this user loaded it."""

    def __init__(self, message, *, deres):
        super().__init__(message, code="samtidig_endring")
        self.deres = deres


def opprett_innsendinger(*, skjema, idag):
    """Open a submission per reporting organisation for every ended period; returns new ones."""
    created = []
    for fra, til in skjema.perioder(fra=skjema.aktiv_fra, til=idag):
        for organisation in skjema.rapportorer.all():
            innsending, was_created = Innsending.objects.get_or_create(
                skjema=skjema,
                virksomhet=organisation,
                periode_fra=fra,
                defaults={"periode_til": til, "frist": skjema.frist_for(til)},
            )
            if was_created:
                created.append(innsending)
    return created


def kan_godkjenne(bruker, innsending):
    """Department staff of the obligation's owner approve and return submissions."""
    if bruker.is_superuser:
        return True
    return bruker.rolle == Rolle.STYRER and bruker.virksomhet_id == innsending.skjema.eier_id


def _sjekk_rapportor(bruker, innsending, *, idag):
    if not Innsending.objects.permits(bruker, Action.REPORT, innsending):
        raise PermissionDenied
    if not innsending.kan_endres:
        raise ValidationError(
            _("The submission has been submitted and can no longer be changed."), code="laast"
        )
    if innsending.laast(idag):
        raise ValidationError(
            _(
                "The period is closed: the deadline has passed. Ask the department to "
                "reopen it for you."
            ),
            code="periode_laast",
        )


def lagre(*, innsending, bruker, raw, versjon, idag=None):
    """Save the numbers in ``raw`` ({(field, row): text}); all or nothing.

    Raises ValidationError with the errors per (field, row), or ``Samtidighetskonflikt``
    when the submission was saved by someone else since ``versjon``.
    """
    idag = idag or timezone.localdate()
    _sjekk_rapportor(bruker, innsending, idag=idag)
    handler = skjematyper.for_skjema(innsending.skjema)
    result = handler.kontroller(innsending, raw)
    if result.feil:
        raise ValidationError(
            {f"{felt}|{rad}": messages for (felt, rad), messages in result.feil.items()}
        )
    fields = {felt.kode: felt for felt in handler.felt(innsending)}
    with transaction.atomic():
        before = _values(innsending)
        updated = Innsending.objects.filter(pk=innsending.pk, versjon=versjon).update(
            versjon=F("versjon") + 1,
            status=Status.UTKAST,
        )
        if updated:
            _write(innsending, fields, result.verdier)
            changes = _diff(before, result.verdier)
            if changes:
                innsending.refresh_from_db()
                Endring.record(
                    innsending, handling=Endring.Handling.ENDRET, endringer=changes, actor=bruker
                )
    if not updated:
        # Outside the transaction above, so the refused attempt stays in the audit trail.
        theirs = _values(innsending)
        Endring.record(
            innsending,
            handling=Endring.Handling.AVVIST,
            endringer=_diff(theirs, result.verdier),
            actor=bruker,
        )
        raise Samtidighetskonflikt(
            _(
                "Somebody else saved this submission after you opened it. Nothing of "
                "yours was saved. Compare their numbers with yours, and save again."
            ),
            deres=theirs,
        )
    innsending.refresh_from_db()
    return innsending


def _write(innsending, fields, values):
    """Store the values: empty ones are removed; a few queries whatever the row count."""
    existing = {(v.felt_id, v.rad): v for v in Verdi.objects.filter(innsending=innsending)}
    create, update, remove = [], [], []
    for (code, row), value in values.items():
        felt = fields[code]
        current = existing.get((felt.pk, row))
        if value is None:
            if current is not None:
                remove.append(current.pk)
            continue
        is_text = isinstance(value, str)
        number, text = (None, value) if is_text else (value, "")
        if current is None:
            create.append(Verdi(innsending=innsending, felt=felt, rad=row, tall=number, tekst=text))
        elif (current.tall, current.tekst) != (number, text):
            current.tall, current.tekst = number, text
            update.append(current)
    Verdi.objects.bulk_create(create)
    Verdi.objects.bulk_update(update, ["tall", "tekst"])
    Verdi.objects.filter(pk__in=remove).delete()


def _values(innsending):
    return {
        (v.felt.kode, v.rad): (v.tekst if v.tekst else v.tall)
        for v in Verdi.objects.filter(innsending=innsending).select_related("felt")
    }


def _plain(value):
    return verdi_som_tekst(value)


def _diff(before, after):
    changes = {}
    for key, value in after.items():
        old = before.get(key)
        if _plain(old) != _plain(value):
            changes[f"{key[0]}|{key[1]}" if key[1] else key[0]] = [_plain(old), _plain(value)]
    return changes


@transaction.atomic
def lever(*, innsending, bruker, idag=None):
    """The agency's approver submits: every required value must be there."""
    idag = idag or timezone.localdate()
    locked = Innsending.objects.select_for_update().get(pk=innsending.pk)
    if not Innsending.objects.permits(bruker, Action.SUBMIT, locked) or not (
        bruker.is_superuser or bruker.virksomhet_id == locked.virksomhet_id
    ):
        raise PermissionDenied
    _sjekk_rapportor(bruker, locked, idag=idag)
    handler = skjematyper.for_skjema(locked.skjema)
    result = handler.kontroller(
        locked, {key: _plain(value) for key, value in _values(locked).items()}, fullstendig=True
    )
    if result.feil:
        raise ValidationError(
            _("The submission is not complete: %(count)s values are missing or wrong.")
            % {"count": len(result.feil)},
            code="ufullstendig",
        )
    locked.status = Status.LEVERT
    locked.levert = timezone.now()
    locked.levert_av = bruker
    locked.save()
    return locked


@transaction.atomic
def godkjenn(*, innsending, bruker):
    locked = Innsending.objects.select_for_update().get(pk=innsending.pk)
    if not kan_godkjenne(bruker, locked):
        raise PermissionDenied
    if locked.status != Status.LEVERT:
        raise ValidationError(_("Only a submitted submission can be approved."), code="status")
    locked.status = Status.GODKJENT
    locked.godkjent = timezone.now()
    locked.godkjent_av = bruker
    locked.save()
    oppdater_resultater(innsending=locked)
    return locked


@transaction.atomic
def returner(*, innsending, bruker, kommentar):
    locked = Innsending.objects.select_for_update().get(pk=innsending.pk)
    if not kan_godkjenne(bruker, locked):
        raise PermissionDenied
    if locked.status not in (Status.LEVERT, Status.GODKJENT):
        raise ValidationError(_("Only a submitted submission can be returned."), code="status")
    if not kommentar.strip():
        raise ValidationError({"kommentar": _("Tell the reporter what to correct.")})
    was_approved = locked.status == Status.GODKJENT
    if was_approved:
        locked.endret_etter_godkjenning = True
    locked.status = Status.RETURNERT
    locked.returkommentar = kommentar.strip()
    locked.save()
    if was_approved:
        oppdater_resultater(innsending=locked)
    return locked


@transaction.atomic
def aapne_periode(*, innsending, bruker, grunn, gyldig_til):
    """A logged exception: the department reopens a locked period for one organisation."""
    if not kan_godkjenne(bruker, innsending):
        raise PermissionDenied
    if not grunn.strip():
        raise ValidationError({"grunn": _("Give the reason for the exception.")})
    return Unntak.objects.create(
        innsending=innsending, grunn=grunn.strip(), gyldig_til=gyldig_til, aapnet_av=bruker
    )
