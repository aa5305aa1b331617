"""Defining a reporting obligation in the application: how it is saved.

Department staff define obligations (``Action.STEER`` anywhere) for their own department;
only the owning department changes one (``Action.STEER`` on it).

A new obligation is rows in ``Skjema`` and ``Skjemafelt``; the form, the checks by unit,
the workflow, the Excel template and the API follow from them without code.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from indikatorer.models.rapportering import Skjema, Skjemafelt
from indikatorer.services.innsending import opprett_innsendinger
from styring.access import Action, permits

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "Æ": "Ae", "Ø": "O", "Å": "Aa"})


def kode_fra_navn(navn, *, tatt, maks=60):
    """A slug of ``navn`` (æ, ø, å spelled out) not in ``tatt``: «Søknader» → «soknader»."""
    base = slugify(navn.translate(_NORWEGIAN_LETTERS))[: maks - 4].strip("-") or "felt"
    kode, number = base, 2
    while kode in tatt:
        kode = f"{base}-{number}"
        number += 1
    return kode


@transaction.atomic
def lagre_skjema(*, skjemaform, feltformset, user, idag=None):
    """Save an obligation from its validated form and field formset; open its periods.

    Codes are made from the names; fields keep their order on the page.
    """
    skjema = skjemaform.instance
    if skjema.pk is None:
        # The new obligation belongs to the user's own department.
        if user.virksomhet_id is None or not permits(user, Action.STEER):
            raise PermissionDenied
        skjema.eier_id = user.virksomhet_id
        skjema.type = Skjema.Type.GENERISK
        skjema.kode = kode_fra_navn(
            skjemaform.cleaned_data["navn"],
            # «nytt» is the address of the page for a new obligation.
            tatt={"nytt", *Skjema.objects.values_list("kode", flat=True)},
        )
    elif not permits(user, Action.STEER, skjema):
        raise PermissionDenied
    skjema = skjemaform.save()
    feltformset.instance = skjema
    taken = set(Skjemafelt.objects.filter(skjema=skjema).values_list("kode", flat=True))
    order = 0
    for form in feltformset.forms:
        if feltformset.can_delete and feltformset._should_delete_form(form):
            if form.instance.pk:
                form.instance.delete()
            continue
        if not (form.has_changed() or form.instance.pk):
            continue
        order += 1
        felt = form.save(commit=False)
        felt.skjema = skjema
        felt.rekkefolge = order
        if not felt.kode:
            felt.kode = kode_fra_navn(felt.navn, tatt=taken)
            taken.add(felt.kode)
        felt.save()
    opprett_innsendinger(skjema=skjema, idag=idag or timezone.localdate())
    return skjema
