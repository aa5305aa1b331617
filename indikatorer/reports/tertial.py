"""The indicator part of an agency's tertial report, with the monthly series so far in
the year. Its figures come from ``indikatorer.selectors``."""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from indikatorer import maaltall as mt
from indikatorer.models import STATUS_LABELS, Indikator
from indikatorer.reports.belegg import _beleggdiagram
from indikatorer.reports.felles import aksetekster
from indikatorer.selectors.belegg import belegg_aaret
from indikatorer.selectors.bistandsplikt import bistandsplikt_aaret
from indikatorer.selectors.indikator import aarsstatus, indikatorer_i_brevene
from styring.diagram import (
    Referanselinje,
    Serie,
    linjediagram,
    stolpediagram,
)
from styring.perioder import maaneder, maanedsnavn
from styring.reports.typer import (
    Innhold,
    Tabell,
)


def indikatorrad(indikator, *, aar, virksomhet):
    """One indicator of the tertial report (``selectors.aarsstatus``) with its results
    by year as a chart."""
    row = aarsstatus(indikator, aar=aar, virksomhet=virksomhet)
    row["diagram"] = indikatordiagram(
        indikator, row["historikk"], row["maalverdi"], virksomhet=virksomhet
    )
    return row


def _enhet(indikator, history):
    if indikator.enhet == Indikator.Enhet.PROSENT:
        return "%"
    for result in history:
        if result.tekst and mt.tolk_resultat(result.tekst).enhet == mt.Enhet.PROSENT:
            return "%"
    return ""


def indikatordiagram(indikator, history, target, *, virksomhet=None):
    """Results by year as bars, with the target as a line (when it is a number)."""
    numeric = [r for r in history if r.verdi is not None]
    if not numeric:
        return None
    unit = _enhet(indikator, numeric)
    decimals = max(
        (1 if unit == "%" else 0),
        *[min(len(str(r.verdi.normalize()).partition(".")[2]), 2) for r in numeric],
    )
    lines = []
    if target is not None:
        maaltall = target.maaltall
        if maaltall.verdi is not None and maaltall.sammenligning not in mt.RELATIVE:
            lines.append(
                Referanselinje(
                    _("Target %(year)s") % {"year": target.aar}, maaltall.verdi, tekst=target.tekst
                )
            )
    return stolpediagram(
        tittel=_("%(indicator)s: results by year") % {"indicator": indikator.navn},
        kategorier=[
            str(r.aar)
            if r.virksomhet_id is None
            else _("%(year)s (%(name)s, so far)") % {"year": r.aar, "name": virksomhet.kode}
            for r in numeric
        ],
        serier=[Serie(_("Result"), [r.verdi for r in numeric])],
        referanselinjer=lines,
        enhet=unit,
        desimaler=decimals,
        kategori_overskrift=_("Year"),
        diagram_id=f"indikator-{indikator.pk}",
    )


def _bistandsplikt_aaret(virksomhet, months, *, user):
    figures = bistandsplikt_aaret(virksomhet=virksomhet, months=months, user=user)
    if figures is None:
        return None
    figures["diagram"] = linjediagram(
        tittel=_("Breaches of the duty to provide placements per month, %(year)s")
        % {"year": months[0].year},
        beskrivelse=_("The zero vision: no breaches."),
        kategorier=aksetekster(months),
        kategorier_tabell=[maanedsnavn(day) for day in months],
        serier=[Serie(_("Breaches"), [m["brudd"] if m else None for m in figures["per_maaned"]])],
        referanselinjer=[Referanselinje(_("Zero vision"), 0)],
        heltall=True,
        kategori_overskrift=_("Breaches"),
        diagram_id=f"tertial-brudd-{virksomhet.kode}",
    )
    return figures


def _belegg_aaret(virksomhet, months, *, user):
    figures = belegg_aaret(virksomhet=virksomhet, months=months, user=user)
    if figures is None:
        return None
    figures["diagram"] = _beleggdiagram(
        figures["institusjoner"],
        figures["per_maaned"],
        months,
        tittel=_("Occupancy per month, %(year)s") % {"year": months[0].year},
    )
    return figures


def hent_tertial_indikatorer(*, virksomhet, periode_fra, periode_til, user):
    """The indicators of the agency's letter for the year with target, result and
    status, and the monthly series of the year so far when the agency reports them."""
    aar = periode_til.year
    rows = [
        indikatorrad(indikator, aar=aar, virksomhet=virksomhet)
        for indikator in indikatorer_i_brevene(virksomhet=virksomhet, aar=aar, user=user)
    ]
    months = maaneder(fra=datetime.date(aar, 1, 1), til=periode_til)
    bistandsplikt = _bistandsplikt_aaret(virksomhet, months, user=user)
    belegg = _belegg_aaret(virksomhet, months, user=user)
    missing, preliminary = [], 0
    for part in (bistandsplikt, belegg):
        if part is None:
            continue
        grunnlag = part["grunnlag"]
        preliminary += grunnlag.forelopige()
        missing += [
            _("%(obligation)s: %(organisation)s, %(month)s")
            % {
                "obligation": grunnlag.skjema.navn,
                "organisation": organisation.navn,
                "month": maanedsnavn(day),
            }
            for organisation, day in grunnlag.mangler(months)
        ]
    tables = [
        Tabell(
            tittel=_("Indicators %(year)s") % {"year": aar},
            kolonner=[_("Indicator"), _("Target"), _("Result"), _("Result from"), _("Status")],
            rader=[
                [
                    str(r["indikator"]),
                    r["maalverdi"].tekst if r["maalverdi"] else "",
                    r["resultat_tekst"],
                    r["resultat_aar"],
                    str(r["vurdering"].tekst),
                ]
                for r in rows
            ],
        )
    ]
    if bistandsplikt:
        tables.append(bistandsplikt["diagram"].tabell)
    if belegg:
        tables.append(belegg["diagram"].tabell)
    counts = defaultdict(int)
    for row in rows:
        counts[row["vurdering"].status] += 1
    return Innhold(
        context={
            "aar": aar,
            "indikatorrader": rows,
            "statusantall": [(STATUS_LABELS[s], counts[s]) for s in mt.Status if counts[s]],
            "bistandsplikt": bistandsplikt,
            "belegg": belegg,
            "maaneder_fra": maanedsnavn(months[0]),
            "maaneder_til": maanedsnavn(months[-1]),
        },
        tabeller=tables,
        har_data=bool(rows) or bool(bistandsplikt) or bool(belegg),
        datagrunnlag={"mangler": missing, "forelopige": preliminary},
    )
