"""A month's accounts and a tertial's forecast in the shared workflow
(``styring.arbeidsflyt``): what is particular to them.

The kind (``BudsjettrapportArt``) reads and checks amounts per account group or post of
the organisation's budget (whole NOK 1 000; a forecast that deviates materially from the
budget needs an explanation), stores them as ``Regnskap`` or ``Prognose`` rows, and opens
the report of a period on its first save.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budsjett.models import Budsjettrapport, Konto, Prognose, Regnskap, prosent, vesentlig
from budsjett.selectors import budsjett_per_konto
from styring.access import Action, permits
from styring.arbeidsflyt.art import Art
from styring.perioder import periodenumre
from styring.personvern import valider_uten_fodselsnummer

Status = Budsjettrapport.Status
Type = Budsjettrapport.Type

PERIODER = {type: periodenumre(frekvens) for type, frekvens in Budsjettrapport.FREKVENS.items()}
# A whole number as people type it: «-102 753», «1 234», «−5 103», «12,0».
_WHOLE = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")
_SPACES = ("\u00a0", "\u202f", "\u2009", " ")


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


def finn_rapport(*, virksomhet, aar, type, periode, user):
    return (
        Budsjettrapport.objects.for_user(user)
        .filter(virksomhet=virksomhet, aar=aar, type=type, periode=periode)
        .first()
    )


def ny_rapport(*, virksomhet, aar, type, periode):
    """The report of a period, not saved: what its page shows until the first save."""
    return Budsjettrapport(
        virksomhet=virksomhet, aar=aar, type=type, periode=periode, status=Status.IKKE_PAABEGYNT
    )


def aapne_rapport(*, virksomhet, aar, type, periode, user):
    """The report of the period, created if need be; only for those who may report for
    ``virksomhet``."""
    if periode not in PERIODER[type]:
        raise ValidationError({"periode": _("There is no such period.")}, code="periode")
    if not permits(user, Action.REPORT, virksomhet):
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


class BudsjettrapportArt(Art):
    LAAST = gettext_lazy("The report has been submitted and can no longer be changed.")
    LAGRET_AV_ANDRE = gettext_lazy(
        "Somebody else saved this report after you opened it. Nothing of yours was saved. "
        "Compare their amounts with yours, and save again."
    )
    BARE_LEVERT_GODKJENNES = gettext_lazy("Only a submitted report can be approved.")
    BARE_LEVERT_RETURNERES = gettext_lazy("Only a submitted report can be returned.")

    def kontroller(self, objekt, raw, *, user):
        budsjett = budsjett_per_konto(virksomhet=objekt.virksomhet, aar=objekt.aar, user=user)
        return kontroller(rapport=objekt, budsjett=budsjett, raw=raw)

    def kontroller_fullstendig(self, objekt, lagret, *, user):
        """Every account group or post of the budget needs an amount, and a forecast every
        material deviation explained."""
        budsjett = budsjett_per_konto(virksomhet=objekt.virksomhet, aar=objekt.aar, user=user)
        missing = [konto for konto in budsjett if konto.pk not in lagret]
        if missing:
            raise ValidationError(
                _("Amounts are missing for %(count)s account groups or posts: %(names)s.")
                % {"count": len(missing), "names": ", ".join(k.etikett for k in missing)},
                code="ufullstendig",
            )
        if objekt.type == Type.PROGNOSE:
            _parsed, errors = kontroller(rapport=objekt, budsjett=budsjett, raw=lagret)
            if errors:
                raise ValidationError(
                    _("%(count)s material deviations are not explained.") % {"count": len(errors)},
                    code="uforklart",
                )

    def les(self, objekt):
        return verdier(objekt)

    def skriv(self, objekt, verdier, tidligere):
        model = Regnskap if objekt.type == Type.REGNSKAP else Prognose
        existing = {row.konto_id: row for row in model.objects.filter(rapport=objekt)}
        create, update, remove = [], [], []
        for konto_id, (amount, explanation) in verdier.items():
            row = existing.get(konto_id)
            if amount is None:
                if row is not None:
                    remove.append(row.pk)
                continue
            if row is None:
                fields = {"forklaring": explanation} if model is Prognose else {}
                create.append(model(rapport=objekt, konto_id=konto_id, belop=amount, **fields))
            elif tidligere.get(konto_id) != (amount, explanation):
                row.belop = amount
                if model is Prognose:
                    row.forklaring = explanation
                update.append(row)
        model.objects.bulk_create(create)
        model.objects.bulk_update(
            update, ["belop", "forklaring"] if model is Prognose else ["belop"]
        )
        model.objects.filter(pk__in=remove).delete()

    def endringer(self, objekt, tidligere, etter):
        """Old → new per account group or post, by its label («360 / 10 Lønn»)."""
        kontoer = Konto.objects.filter(pk__in=list(etter)).select_related("kapittel")
        names = {k.pk: k.etikett for k in kontoer}
        changes = {}
        for konto_id, (amount, explanation) in etter.items():
            old_amount, old_explanation = tidligere.get(konto_id, (None, ""))
            name = names.get(konto_id, str(konto_id))
            if old_amount != amount:
                changes[name] = [old_amount, amount]
            if (old_explanation or "") != (explanation or ""):
                changes[f"{name} – {_('explanation')}"] = [
                    old_explanation or None,
                    explanation or None,
                ]
        return changes

    def opprett(self, objekt, *, idag):
        if objekt.periode not in PERIODER[objekt.type]:
            raise ValidationError({"periode": _("There is no such period.")}, code="periode")
        rapport, _created = Budsjettrapport.objects.get_or_create(
            virksomhet=objekt.virksomhet, aar=objekt.aar, type=objekt.type, periode=objekt.periode
        )
        return rapport
