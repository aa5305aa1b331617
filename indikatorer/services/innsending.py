"""A submission in the shared workflow (``styring.arbeidsflyt``): what is particular to
it, and the opening of its periods.

The kind (``InnsendingArt``) takes its rows, fields and checks from the obligation's type
(``indikatorer.skjematyper``), stores a value per (field, row) in ``Verdi``, locks a period
after its deadline unless the department has logged an exception (``Unntak``), and
recomputes the indicator results the approved numbers feed when a submission is approved
or an approved one is returned.

Periods are opened by the daily beat task (``indikatorer.tasks.aapne_perioder``), when
an obligation is defined, and by the first save of a period nobody has opened yet —
never by reading a page.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indikatorer import skjematyper
from indikatorer.models.rapportering import Innsending, Skjema, Unntak, Verdi, verdi_som_tekst
from indikatorer.services.resultater import oppdater_resultater
from styring.arbeidsflyt.art import Art


class InnsendingArt(Art):
    LAAST = _("The submission has been submitted and can no longer be changed.")
    PERIODE_LAAST = _(
        "The period is closed: the deadline has passed. Ask the department to reopen it for you."
    )
    LAGRET_AV_ANDRE = _(
        "Somebody else saved this submission after you opened it. Nothing of yours was saved. "
        "Compare their numbers with yours, and save again."
    )
    BARE_LEVERT_GODKJENNES = _("Only a submitted submission can be approved.")
    BARE_LEVERT_RETURNERES = _("Only a submitted submission can be returned.")

    def kontroller(self, objekt, raw, *, user=None):
        result = skjematyper.for_skjema(objekt.skjema).kontroller(objekt, raw)
        errors = {f"{felt}|{rad}": messages for (felt, rad), messages in result.feil.items()}
        return result.verdier, errors

    def kontroller_fullstendig(self, objekt, lagret, *, user=None):
        handler = skjematyper.for_skjema(objekt.skjema)
        result = handler.kontroller(
            objekt, {key: verdi_som_tekst(value) for key, value in lagret.items()}, fullstendig=True
        )
        if result.feil:
            raise ValidationError(
                _("The submission is not complete: %(count)s values are missing or wrong.")
                % {"count": len(result.feil)},
                code="ufullstendig",
            )

    def les(self, objekt):
        """{(field code, row key): number or text} as saved."""
        if objekt.pk is None:
            return {}
        return {
            (v.felt.kode, v.rad): (v.tekst if v.tekst else v.tall)
            for v in Verdi.objects.filter(innsending=objekt).select_related("felt")
        }

    def skriv(self, objekt, verdier, tidligere):
        """Store the values: empty ones are removed; a few queries whatever the row count."""
        fields = {felt.kode: felt for felt in skjematyper.for_skjema(objekt.skjema).felt(objekt)}
        existing = {(v.felt_id, v.rad): v for v in Verdi.objects.filter(innsending=objekt)}
        create, update, remove = [], [], []
        for (code, row), value in verdier.items():
            felt = fields[code]
            current = existing.get((felt.pk, row))
            if value is None:
                if current is not None:
                    remove.append(current.pk)
                continue
            number, text = (None, value) if isinstance(value, str) else (value, "")
            if current is None:
                create.append(Verdi(innsending=objekt, felt=felt, rad=row, tall=number, tekst=text))
            elif (current.tall, current.tekst) != (number, text):
                current.tall, current.tekst = number, text
                update.append(current)
        Verdi.objects.bulk_create(create)
        Verdi.objects.bulk_update(update, ["tall", "tekst"])
        Verdi.objects.filter(pk__in=remove).delete()

    def endringer(self, objekt, tidligere, etter):
        changes = {}
        for (code, row), value in etter.items():
            old, new = verdi_som_tekst(tidligere.get((code, row))), verdi_som_tekst(value)
            if old != new:
                changes[f"{code}|{row}" if row else code] = [old, new]
        return changes

    def opprett(self, objekt, *, idag):
        """The submission of a period that has ended, for one of the obligation's reporters;
        the unique constraint keeps it one per period when two first saves meet."""
        skjema = objekt.skjema
        fra, til = skjema.periode(objekt.periode_fra)
        if (
            fra != objekt.periode_fra
            or (fra, til) not in skjema.perioder(fra=fra, til=idag)
            or not skjema.rapportorer.filter(pk=objekt.virksomhet_id).exists()
        ):
            raise ValidationError(_("There is no such period to report."), code="periode")
        innsending, _created = Innsending.objects.get_or_create(
            skjema=skjema,
            virksomhet=objekt.virksomhet,
            periode_fra=fra,
            defaults={"periode_til": til, "frist": skjema.frist_for(til)},
        )
        return innsending

    def etter_godkjenning(self, objekt):
        oppdater_resultater(innsending=objekt)

    def etter_retur(self, objekt, *, var_godkjent):
        if var_godkjent:
            oppdater_resultater(innsending=objekt)

    def gjenaapne(self, objekt, *, user, grunn, gyldig_til):
        if gyldig_til is None:
            raise ValidationError({"gyldig_til": [_("Enter the date the period is open until.")]})
        Unntak.objects.create(innsending=objekt, grunn=grunn, gyldig_til=gyldig_til, aapnet_av=user)


def ny_innsending(*, skjema, virksomhet, periode_fra):
    """The submission of a period, not saved: what its page shows until the first save."""
    fra, til = skjema.periode(periode_fra)
    return Innsending(
        skjema=skjema,
        virksomhet=virksomhet,
        periode_fra=fra,
        periode_til=til,
        frist=skjema.frist_for(til),
    )


def opprett_innsendinger(*, skjema, idag):
    """Open a submission per reporting organisation for every ended period; returns new ones."""
    existing = set(
        Innsending.objects.filter(skjema=skjema).values_list("virksomhet_id", "periode_fra")
    )
    created = []
    for fra, til in skjema.perioder(fra=skjema.aktiv_fra, til=idag):
        for organisation in skjema.rapportorer.all():
            if (organisation.pk, fra) in existing:
                continue
            # get_or_create: a first save may open the same period at the same moment.
            innsending, was_created = Innsending.objects.get_or_create(
                skjema=skjema,
                virksomhet=organisation,
                periode_fra=fra,
                defaults={"periode_til": til, "frist": skjema.frist_for(til)},
            )
            if was_created:
                created.append(innsending)
    return created


def aapne_perioder(*, idag):
    """Open every period that has ended, of every obligation; returns how many were opened.

    Run daily by the beat task; a period nobody has opened yet is opened by its first save
    as well, so the task missing a day loses nothing.
    """
    opened = 0
    for skjema in Skjema.objects.filter(aktiv_fra__lte=idag).prefetch_related("rapportorer"):
        opened += len(opprett_innsendinger(skjema=skjema, idag=idag))
    return opened
