"""The indicator part of an agency's tertial report, with the monthly series so far in
the year."""

import datetime
from collections import defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from indikatorer import maaltall as mt
from indikatorer.models import STATUS_LABELS, Indikator, Resultat, Vurdering
from indikatorer.reports.belegg import _beleggdiagram, _maanedene, _samlet, belegg_per_maaned
from indikatorer.reports.bistandsplikt import bistandsplikt_serier
from indikatorer.reports.felles import (
    BELEGG,
    BISTANDSPLIKT,
    _aksetekster,
    _andel,
    _er_bydel,
    _grunnlag,
    _qs,
    maaneder,
    maanedsnavn,
)
from styring.diagram import (
    Referanselinje,
    Serie,
    formater_prosent,
    linjediagram,
    stolpediagram,
)
from styring.models import Tildelingsbrev
from styring.rapporter.typer import (
    Innhold,
    Tabell,
)


def _indikatorer(*, virksomhet, aar, user):
    """The indicators of the organisation's letters of ``aar``, with their targets and
    results (a fixed number of queries)."""
    letters = _qs(Tildelingsbrev, user).filter(mottakere=virksomhet, aar=aar)
    indicators = _qs(Indikator, user).filter(
        pk__in=Indikator.objects.filter(brev__in=letters).values("pk")
    )
    if user is not None:
        indicators = indicators.med_tall(user)
    else:
        indicators = indicators.select_related("eier", "sett", "maal").prefetch_related(
            "maalverdier",
            Prefetch("resultater", queryset=Resultat.objects.select_related("virksomhet")),
        )
    type_order = {kind: i for i, kind in enumerate(Indikator.Type)}
    return sorted(indicators, key=lambda i: (type_order.get(i.type, 9), i.rekkefolge, i.pk))


def _resultat_tekst(result):
    if result is None:
        return ""
    return result.tekst or (str(result.verdi) if result.verdi is not None else "")


def indikatorrad(indikator, *, aar, virksomhet):
    """One indicator of the tertial report: target, result and status for ``aar``.

    The result is the organisation's own result for the year when the periodic
    reporting has made one (bistandsplikt numbers so far in the year), else the latest
    result of the whole indicator up to ``aar``."""
    target = indikator.maalverdi_for(aar)
    results = indikator.resultater_liste()
    own = next(
        (r for r in results if r.aar == aar and not r.periode and r.virksomhet_id == virksomhet.pk),
        None,
    )
    if own is not None:
        result = own
        vurdering = (
            own.vurdering(target) if target is not None else Vurdering(mt.Status.MANGLER_DATA)
        )
    else:
        # The latest result with a value; else the latest as written («xx»).
        result = indikator.siste_resultat(til_og_med=aar) or next(
            (r for r in reversed(results) if _samlet_aarsresultat(r, aar)), None
        )
        vurdering = indikator.vurdering(aar)
    history = [r for r in results if _samlet_aarsresultat(r, aar)]
    if own is not None:
        history.append(own)
    return {
        "indikator": indikator,
        "maalverdi": target,
        "resultat": result,
        "resultat_tekst": _resultat_tekst(result),
        "resultat_aar": _resultataar(result, virksomhet),
        "eget": own is not None,
        "historikk": history,
        "vurdering": vurdering,
        "diagram": indikatordiagram(indikator, history, target, virksomhet=virksomhet),
    }


def _samlet_aarsresultat(result, aar):
    """A result of the whole indicator for a whole year up to ``aar``."""
    return not result.periode and result.virksomhet_id is None and result.aar <= aar


def _resultataar(result, virksomhet):
    if result is None:
        return ""
    if result.virksomhet_id == virksomhet.pk:
        return _("%(year)s so far, reported by %(name)s") % {
            "year": result.aar,
            "name": virksomhet.navn,
        }
    return str(result.aar)


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
    grunnlag = _grunnlag(BISTANDSPLIKT, months=months, user=user, rapportor=virksomhet)
    if grunnlag is None or not grunnlag.rapportorer:
        return None
    series = bistandsplikt_serier(grunnlag, user=user, months=months)
    source = "bydel" if _er_bydel(virksomhet) else "etat"
    per_month = [series.get(source, {}).get(day) for day in months]
    reported = [m for m in per_month if m]
    chart = linjediagram(
        tittel=_("Breaches of the duty to provide placements per month, %(year)s")
        % {"year": months[0].year},
        beskrivelse=_("The zero vision: no breaches."),
        kategorier=_aksetekster(months),
        kategorier_tabell=[maanedsnavn(day) for day in months],
        serier=[Serie(_("Breaches"), [m["brudd"] if m else None for m in per_month])],
        referanselinjer=[Referanselinje(_("Zero vision"), 0)],
        heltall=True,
        kategori_overskrift=_("Breaches"),
        diagram_id=f"tertial-brudd-{virksomhet.kode}",
    )
    requests = sum(m["akutte"] for m in reported)
    within = sum(m["innen_2_timer"] for m in reported)
    return {
        "grunnlag": grunnlag,
        "brudd": sum(m["brudd"] for m in reported) if reported else None,
        "foresporsler": sum(m["foresporsler"] for m in reported) if reported else None,
        "maaneder_rapportert": len(reported),
        "akutt_andel": _andel(within, requests),
        "akutt_andel_tekst": formater_prosent(_andel(within, requests)),
        "akutte": requests,
        "innen_2_timer": within,
        "diagram": chart,
    }


def _belegg_aaret(virksomhet, months, *, user):
    grunnlag = _grunnlag(BELEGG, months=months, user=user, rapportor=virksomhet)
    if grunnlag is None or not grunnlag.rapportorer:
        return None
    institutions, per_month = belegg_per_maaned(grunnlag, user=user, months=months)
    rows = []
    for institution in institutions:
        entries = _maanedene(per_month, [institution], months)
        if not entries:
            continue
        rows.append(
            {
                **_samlet(entries, institution.type),
                "institusjon": institution,
                "type": institution.get_type_display(),
                "maaneder_under": sum(e.under_terskel for e in entries),
                "maaneder_rapportert": sum(e.liggedogn is not None for e in entries),
            }
        )
    chart = _beleggdiagram(
        institutions,
        per_month,
        months,
        tittel=_("Occupancy per month, %(year)s") % {"year": months[0].year},
    )
    return {"grunnlag": grunnlag, "rader": rows, "diagram": chart}


def hent_tertial_indikatorer(*, virksomhet, periode_fra, periode_til, user):
    """The indicators of the agency's letter for the year with target, result and
    status, and the monthly series of the year so far when the agency reports them."""
    aar = periode_til.year
    rows = [
        indikatorrad(indikator, aar=aar, virksomhet=virksomhet)
        for indikator in _indikatorer(virksomhet=virksomhet, aar=aar, user=user)
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
