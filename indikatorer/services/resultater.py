"""Indicator results from approved submissions.

A field of an obligation may feed an indicator (``Skjemafelt.indikator``): the monthly
bistandsplikt report feeds «Antall brudd på bistandsplikten» and «Hastetilbud fremskaffet
innen 2 timer». When a submission is approved, or an approved one is returned, the
organisation's result for that period and for the year so far is computed again from
what is approved. A result typed in by hand is never overwritten.
"""

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from indikatorer import skjematyper
from indikatorer.models import Resultat
from indikatorer.models.rapportering import Innsending, Verdi
from styring import perioder
from styring.perioder import Frekvens

PERIOD_PREFIX = {Frekvens.MAANED: "m", Frekvens.KVARTAL: "k", Frekvens.TERTIAL: "t"}


def periodekode(skjema, periode_fra):
    """The ``Resultat.periode`` of a submission's period: «m03», «t2», or «» for a year."""
    if skjema.frekvens == Frekvens.AAR:
        return ""
    number = perioder.periodenummer(periode_fra, frekvens=skjema.frekvens)
    width = 2 if skjema.frekvens == Frekvens.MAANED else 1
    return f"{PERIOD_PREFIX[skjema.frekvens]}{number:0{width}d}"


def som_tekst(verdi, felt):
    if felt.enhet == felt.Enhet.PROSENT or felt.kode == "innen_2_timer":
        return f"{number_format(verdi, 1)} %"
    if verdi == verdi.to_integral_value():
        return str(int(verdi))
    return number_format(verdi.normalize())


def _sett(*, indikator, aar, periode, virksomhet, verdi, tekst, kommentar):
    existing = Resultat.objects.filter(
        indikator=indikator, aar=aar, periode=periode, virksomhet=virksomhet
    ).first()
    if existing is not None and not existing.fra_rapportering:
        return  # typed in by a person: theirs stands
    if verdi is None:
        if existing is not None:
            existing.delete()
        return
    result = existing or Resultat(
        indikator=indikator, aar=aar, periode=periode, virksomhet=virksomhet
    )
    result.verdi, result.tekst, result.kommentar = verdi, tekst, kommentar
    result.fra_rapportering = True
    result.save()


def oppdater_resultater(*, innsending, aar_hittil=True):
    """Recompute the results ``innsending``'s approved numbers feed (its period and the
    year so far).

    ``aar_hittil=False`` leaves the year so far alone: a caller approving many periods of a
    year at once (the demo data) computes it once, with the last of them.
    """
    # The comment is stored with the result, in the portal's language, whoever approves.
    with translation.override(settings.LANGUAGE_CODE):
        _oppdater(innsending, aar_hittil=aar_hittil)


def _oppdater(innsending, *, aar_hittil):
    skjema, virksomhet = innsending.skjema, innsending.virksomhet
    fields = [f for f in skjema.felt.select_related("indikator") if f.indikator_id]
    if not fields:
        return
    year = innsending.periode_fra.year
    approved = (
        list(
            Innsending.objects.filter(
                skjema=skjema,
                virksomhet=virksomhet,
                periode_fra__year=year,
                status=Innsending.Status.GODKJENT,
            ).order_by("periode_fra")
        )
        if aar_hittil
        else [innsending]
    )
    values = list(Verdi.objects.filter(innsending__in=approved).select_related("felt"))
    handler = skjematyper.for_skjema(skjema)
    this_period = [v for v in values if v.innsending_id == innsending.pk]
    if approved:
        so_far = _("Year to date, %(first)s–%(last)s, from %(count)s approved reports.") % {
            "first": date_format(approved[0].periode_fra, "F"),
            "last": perioder.maanedsnavn(approved[-1].periode_til),
            "count": len(approved),
        }
    targets = [
        (
            periodekode(skjema, innsending.periode_fra),
            this_period,
            _("From the approved report for %(period)s.")
            % {"period": perioder.maanedsnavn(innsending.periode_fra)},
        )
    ]
    if aar_hittil:
        targets.append(("", values, so_far if approved else ""))
    for felt in fields:
        for periode, subset, kommentar in targets:
            verdi = handler.indikatorverdi(felt, subset)
            _sett(
                indikator=felt.indikator,
                aar=year,
                periode=periode,
                virksomhet=virksomhet,
                verdi=verdi,
                tekst=som_tekst(verdi, felt) if verdi is not None else "",
                kommentar=kommentar,
            )
