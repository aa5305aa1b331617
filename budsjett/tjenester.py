"""The workflow of accounts and forecasts: open a report, save amounts, submit, approve
or return — the same rules as the monthly reports.

Reporters of an organisation (Action.REPORT) save amounts; its approver submits; staff of
the department that steers it approve or return with a comment. A submitted or approved
report is read-only. Every save carries the report's version: a save against an older
version changes nothing, says what the other person saved, and is itself written to the
audit trail, as every accepted change is (old → new per account group or post).
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budsjett.models import Budsjettrapport, Prognose, Regnskap
from budsjett.oppfolging import budsjett_per_konto, prosent, vesentlig
from styring.access import Action, Rolle
from styring.models import Endring, Virksomhet
from styring.personvern import valider_uten_fodselsnummer

Status = Budsjettrapport.Status
Type = Budsjettrapport.Type

PERIODER = {Type.REGNSKAP: range(1, 13), Type.PROGNOSE: range(1, 4)}
# A whole number as people type it: «-102 753», «1 234», «−5 103», «12,0».
_WHOLE = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")
_SPACES = ("\u00a0", "\u202f", "\u2009", " ")


class Samtidighetskonflikt(ValidationError):
    """Somebody else saved the report after this user loaded it."""

    def __init__(self, message, *, deres):
        super().__init__(message, code="samtidig_endring")
        self.deres = deres


def tolk_belop(value):
    """A whole amount in NOK 1 000 from what was typed or read; None when empty.

    Raises ValidationError for anything else ("12,5", "abc"): amounts stay numbers.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(_("Enter a whole number."), code="ikke_heltall")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValidationError(_("Enter a whole number."), code="ikke_heltall")
    text = str(value).strip().replace("\u2212", "-")
    for space in _SPACES:
        text = text.replace(space, "")
    if not text:
        return None
    if not _WHOLE.match(text):
        raise ValidationError(_("Enter a whole number."), code="ikke_heltall")
    return int(re.split(r"[.,]", text)[0])


def kan_rapportere(bruker, virksomhet):
    return Virksomhet.objects.permits(bruker, Action.REPORT, virksomhet)


def kan_levere(bruker, rapport):
    """The organisation's own approver submits its reports."""
    return Budsjettrapport.objects.permits(bruker, Action.SUBMIT, rapport) and (
        bruker.is_superuser or bruker.virksomhet_id == rapport.virksomhet_id
    )


def kan_godkjenne(bruker, rapport):
    """Staff of the department that steers the organisation approve and return."""
    if bruker.is_superuser:
        return True
    return bruker.rolle == Rolle.STYRER and Budsjettrapport.objects.permits(
        bruker, Action.APPROVE, rapport
    )


def finn_rapport(*, virksomhet, aar, type, periode, user):
    return (
        Budsjettrapport.objects.for_user(user)
        .filter(virksomhet=virksomhet, aar=aar, type=type, periode=periode)
        .first()
    )


def aapne_rapport(*, virksomhet, aar, type, periode, bruker):
    """The report of the period, created if need be; only for those who may report for
    ``virksomhet``."""
    if periode not in PERIODER[type]:
        raise ValidationError({"periode": _("There is no such period.")}, code="periode")
    if not kan_rapportere(bruker, virksomhet):
        raise PermissionDenied
    rapport, _created = Budsjettrapport.objects.get_or_create(
        virksomhet=virksomhet, aar=aar, type=type, periode=periode
    )
    return rapport


def verdier(rapport):
    """{konto id: (amount, explanation)} as saved."""
    if rapport is None or rapport.pk is None:
        return {}
    if rapport.type == Type.REGNSKAP:
        return {r.konto_id: (r.belop, "") for r in Regnskap.objects.filter(rapport=rapport)}
    return {p.konto_id: (p.belop, p.forklaring) for p in Prognose.objects.filter(rapport=rapport)}


def _sjekk_rapportor(bruker, rapport):
    if not Budsjettrapport.objects.permits(bruker, Action.REPORT, rapport):
        raise PermissionDenied
    if not rapport.kan_endres:
        raise ValidationError(
            _("The report has been submitted and can no longer be changed."), code="laast"
        )


def kontroller(*, rapport, budsjett, raw):
    """Parse and check ``raw`` ({konto id: (amount text, explanation)}) against the year's
    ``budsjett`` ({Konto: amount}). Returns ({konto id: (amount, explanation)}, errors
    keyed "belop|<id>" and "forklaring|<id>")."""
    budget = {konto.pk: amount for konto, amount in budsjett.items()}
    parsed, errors = {}, {}
    for konto_id, (amount_text, explanation) in raw.items():
        explanation = (explanation or "").strip()
        if konto_id not in budget:
            errors[f"belop|{konto_id}"] = [_("This account group or post is not in the budget.")]
            continue
        try:
            amount = tolk_belop(amount_text)
        except ValidationError as error:
            errors[f"belop|{konto_id}"] = error.messages
            continue
        if rapport.type == Type.PROGNOSE:
            try:
                valider_uten_fodselsnummer(explanation)
            except ValidationError as error:
                errors[f"forklaring|{konto_id}"] = error.messages
                continue
            if amount is None and explanation:
                errors[f"belop|{konto_id}"] = [_("Enter the forecast the explanation is for.")]
                continue
            if amount is not None and not explanation:
                deviation = amount - budget[konto_id]
                if vesentlig(avvik=deviation, budsjett=budget[konto_id]):
                    share = prosent(deviation, budget[konto_id])
                    errors[f"forklaring|{konto_id}"] = [
                        _(
                            "Explain the deviation: %(amount)s (NOK 1 000), %(share)s of the "
                            "budget, is material."
                        )
                        % {
                            "amount": number_format(deviation, force_grouping=True),
                            "share": f"{number_format(share, 1)} %" if share is not None else "–",
                        }
                    ]
                    continue
        parsed[konto_id] = (amount, explanation if rapport.type == Type.PROGNOSE else "")
    return parsed, errors


def lagre(*, rapport, bruker, raw, versjon):
    """Save the amounts in ``raw`` ({konto id: (amount text, explanation)}); all or nothing.

    Account groups and posts not in ``raw`` keep what is saved; an empty amount clears one.
    Raises ValidationError with the errors per value, or ``Samtidighetskonflikt`` when the
    report was saved by someone else since ``versjon``.
    """
    _sjekk_rapportor(bruker, rapport)
    budsjett = budsjett_per_konto(virksomhet=rapport.virksomhet, aar=rapport.aar, user=bruker)
    names = {konto.pk: konto.etikett for konto in budsjett}
    parsed, errors = kontroller(rapport=rapport, budsjett=budsjett, raw=raw)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = verdier(rapport)
        updated = Budsjettrapport.objects.filter(
            pk=rapport.pk, versjon=versjon, status__in=(Status.UTKAST, Status.RETURNERT)
        ).update(versjon=F("versjon") + 1, status=Status.UTKAST)
        if updated:
            _skriv(rapport, parsed, before)
            changes = _diff(before, parsed, names)
            if changes:
                rapport.refresh_from_db()
                Endring.record(
                    rapport, handling=Endring.Handling.ENDRET, endringer=changes, actor=bruker
                )
    if not updated:
        rapport.refresh_from_db()
        if not rapport.kan_endres:
            raise ValidationError(
                _("The report has been submitted and can no longer be changed."), code="laast"
            )
        theirs = verdier(rapport)
        # Outside the transaction above, so the refused attempt stays in the audit trail.
        Endring.record(
            rapport,
            handling=Endring.Handling.AVVIST,
            endringer=_diff(theirs, parsed, names),
            actor=bruker,
        )
        raise Samtidighetskonflikt(
            _(
                "Somebody else saved this report after you opened it. Nothing of yours was "
                "saved. Compare their amounts with yours, and save again."
            ),
            deres=theirs,
        )
    rapport.refresh_from_db()
    return rapport


def _skriv(rapport, parsed, before):
    model = Regnskap if rapport.type == Type.REGNSKAP else Prognose
    existing = {row.konto_id: row for row in model.objects.filter(rapport=rapport)}
    create, update, remove = [], [], []
    for konto_id, (amount, explanation) in parsed.items():
        row = existing.get(konto_id)
        if amount is None:
            if row is not None:
                remove.append(row.pk)
            continue
        if row is None:
            fields = {"forklaring": explanation} if model is Prognose else {}
            create.append(model(rapport=rapport, konto_id=konto_id, belop=amount, **fields))
        elif before.get(konto_id) != (amount, explanation):
            row.belop = amount
            if model is Prognose:
                row.forklaring = explanation
            update.append(row)
    model.objects.bulk_create(create)
    model.objects.bulk_update(update, ["belop", "forklaring"] if model is Prognose else ["belop"])
    model.objects.filter(pk__in=remove).delete()


def _diff(before, after, names):
    changes = {}
    for konto_id, (amount, explanation) in after.items():
        old_amount, old_explanation = before.get(konto_id, (None, ""))
        name = names.get(konto_id, str(konto_id))
        if old_amount != amount:
            changes[name] = [old_amount, amount]
        if (old_explanation or "") != (explanation or ""):
            changes[f"{name} – {_('explanation')}"] = [old_explanation or None, explanation or None]
    return changes


@transaction.atomic
def lever(*, rapport, bruker):
    """The organisation's approver submits: every account group or post of the budget
    needs an amount, and a forecast every material deviation explained."""
    locked = Budsjettrapport.objects.select_for_update().get(pk=rapport.pk)
    if not kan_levere(bruker, locked):
        raise PermissionDenied
    _sjekk_rapportor(bruker, locked)
    budsjett = budsjett_per_konto(virksomhet=locked.virksomhet, aar=locked.aar, user=bruker)
    saved = verdier(locked)
    missing = [konto for konto in budsjett if konto.pk not in saved]
    if missing:
        raise ValidationError(
            _("Amounts are missing for %(count)s account groups or posts: %(names)s.")
            % {"count": len(missing), "names": ", ".join(k.etikett for k in missing)},
            code="ufullstendig",
        )
    if locked.type == Type.PROGNOSE:
        raw = {konto_id: (amount, explanation) for konto_id, (amount, explanation) in saved.items()}
        _parsed, errors = kontroller(rapport=locked, budsjett=budsjett, raw=raw)
        if errors:
            raise ValidationError(
                _("%(count)s material deviations are not explained.") % {"count": len(errors)},
                code="uforklart",
            )
    locked.status = Status.LEVERT
    locked.levert = timezone.now()
    locked.levert_av = bruker
    locked.save()
    return locked


@transaction.atomic
def godkjenn(*, rapport, bruker):
    locked = Budsjettrapport.objects.select_for_update().get(pk=rapport.pk)
    if not kan_godkjenne(bruker, locked):
        raise PermissionDenied
    if locked.status != Status.LEVERT:
        raise ValidationError(_("Only a submitted report can be approved."), code="status")
    locked.status = Status.GODKJENT
    locked.godkjent = timezone.now()
    locked.godkjent_av = bruker
    locked.save()
    return locked


@transaction.atomic
def returner(*, rapport, bruker, kommentar):
    locked = Budsjettrapport.objects.select_for_update().get(pk=rapport.pk)
    if not kan_godkjenne(bruker, locked):
        raise PermissionDenied
    if locked.status not in (Status.LEVERT, Status.GODKJENT):
        raise ValidationError(_("Only a submitted report can be returned."), code="status")
    if not (kommentar or "").strip():
        raise ValidationError({"kommentar": _("Tell the reporter what to correct.")})
    if locked.status == Status.GODKJENT:
        locked.endret_etter_godkjenning = True
    locked.status = Status.RETURNERT
    locked.returkommentar = kommentar.strip()
    locked.save()
    return locked
