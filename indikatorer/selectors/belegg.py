"""The belegg figures: occupancy per institution and kind against the thresholds, and
capacity over time. The monthly report and the dashboard show ``beleggstall``; the
tertial report shows ``belegg_aaret``."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from indikatorer.models.rapportering import Institusjon, Kapasitet, Verdi
from indikatorer.selectors.maanedstall import (
    BELEGG,
    SERIE_MAANEDER,
    Grunnlag,
    fra_omfang,
    grunnlag,
    heltall,
    innsendingsrader,
    mangler_navn,
)
from indikatorer.skjematyper import beleggsprosent, under_terskel
from styring.diagram import formater_prosent
from styring.perioder import (
    dager_i_maaned,
    maaneder,
    maanedsnavn,
    maanedsslutt,
    maanedsstart,
    siste_maaneder,
)

INSTITUSJONSTYPER = list(Institusjon.Type)


def _institusjoner(grunnlag, *, user):
    """The reporters' institutions with their capacity history (two queries)."""
    institutions = (
        fra_omfang(Institusjon, user)
        .filter(virksomhet__in=[r.pk for r in grunnlag.rapportorer])
        .select_related("virksomhet")
        .prefetch_related(Prefetch("kapasiteter", queryset=fra_omfang(Kapasitet, user)))
    )
    order = {kind: i for i, kind in enumerate(INSTITUSJONSTYPER)}
    return sorted(institutions, key=lambda i: (order.get(i.type, 99), i.navn, i.pk))


@dataclass
class Maanedsbelegg:
    """One institution in one month: places, bed-days and occupancy."""

    institusjon: Institusjon
    maaned: datetime.date
    plasser: int | None
    dager: int
    liggedogn: Decimal | None = None
    kommentar: str = ""
    rapportert: bool = False

    @property
    def plassdogn(self):
        return self.plasser * self.dager if self.plasser else None

    @property
    def belegg(self):
        return beleggsprosent(liggedogn=self.liggedogn, plassdogn=self.plassdogn)

    @property
    def terskel(self):
        return Institusjon.TERSKEL[self.institusjon.type]

    @property
    def under_terskel(self):
        value = self.belegg
        return value is not None and under_terskel(value, self.institusjon.type)


def belegg_per_maaned(grunnlag, *, user, months):
    """The institutions, and {(institution id, month): Maanedsbelegg} for every
    institution in operation."""
    institutions = _institusjoner(grunnlag, user=user)
    used = {i.pk: i for i in grunnlag.brukte(months)}
    reported = {(i.virksomhet_id, maanedsstart(i.periode_fra)) for i in used.values()}
    values = (
        fra_omfang(Verdi, user)
        .filter(innsending_id__in=list(used), felt__kode__in=("liggedogn", "kommentar"))
        .values_list("innsending_id", "rad", "felt__kode", "tall", "tekst")
    )
    by_key = {}
    for innsending_id, rad, kode, tall, tekst in values:
        day = maanedsstart(used[innsending_id].periode_fra)
        by_key[(rad, day, kode)] = tall if kode == "liggedogn" else tekst
    result = {}
    for institution in institutions:
        for day in months:
            places = institution.plasser_paa(maanedsslutt(day))
            if places is None:
                continue  # not in operation
            result[(institution.pk, day)] = Maanedsbelegg(
                institusjon=institution,
                maaned=day,
                plasser=places,
                dager=dager_i_maaned(day),
                liggedogn=by_key.get((str(institution.pk), day, "liggedogn")),
                kommentar=by_key.get((str(institution.pk), day, "kommentar")) or "",
                rapportert=(institution.virksomhet_id, day) in reported,
            )
    return institutions, result


def maanedene(per_month, institutions, months):
    """The institution-months of ``institutions`` in ``months`` that were in operation."""
    return [
        per_month[(institution.pk, day)]
        for institution in institutions
        for day in months
        if (institution.pk, day) in per_month
    ]


def samlet(entries, kind):
    """Several institution-months together: places in the last month, available and
    occupied bed-days, and the occupancy of those reported against the kind's
    threshold."""
    reported = [e for e in entries if e.liggedogn is not None]
    last = max(e.maaned for e in entries)
    bed_days = sum((e.liggedogn for e in reported), Decimal(0))
    value = (
        beleggsprosent(liggedogn=bed_days, plassdogn=sum(e.plassdogn for e in reported))
        if reported
        else None
    )
    below = value is not None and under_terskel(value, kind)
    if value is None:
        status = _("Not reported")
    elif below:
        status = _("Below the threshold")
    else:
        status = _("At or above the threshold")
    return {
        "plasser": sum(e.plasser for e in entries if e.maaned == last),
        "plassdogn": sum(e.plassdogn for e in entries),
        "liggedogn": heltall(bed_days) if reported else None,
        "belegg": value,
        "belegg_tekst": formater_prosent(value),
        "terskel": Institusjon.TERSKEL[kind],
        "under_terskel": below,
        "status": status,
    }


def institusjonsrader(institutions, per_month, months):
    """Each institution over ``months``, with the comments of each month."""
    rows = []
    for institution in institutions:
        entries = maanedene(per_month, [institution], months)
        if entries:
            rows.append(
                {
                    **samlet(entries, institution.type),
                    "institusjon": institution,
                    "type": institution.get_type_display(),
                    "kommentarer": [
                        (maanedsnavn(e.maaned), e.kommentar) for e in entries if e.kommentar
                    ],
                }
            )
    return rows


def typerader(institutions, per_month, months):
    """Each kind of institution over ``months``."""
    rows = []
    for kind in INSTITUSJONSTYPER:
        entries = maanedene(per_month, [i for i in institutions if i.type == kind], months)
        if entries:
            rows.append(
                {
                    **samlet(entries, kind),
                    "type": kind.label,
                    "institusjoner": len({e.institusjon.pk for e in entries}),
                }
            )
    return rows


@dataclass
class Beleggstall:
    """The figures of a belegg report or dashboard: ``periode`` are its months,
    ``maaneder`` the twelve-month series they end."""

    grunnlag: Grunnlag
    periode: list
    maaneder: list
    institusjoner: list
    per_maaned: dict
    institusjonsrader: list
    typerader: list
    innsendinger: list

    @property
    def under_terskel(self):
        return [r for r in self.institusjonsrader if r["under_terskel"]]

    @property
    def mangler(self):
        return mangler_navn(self.grunnlag, self.periode)


def beleggstall(*, eier, periode_fra, periode_til, user, institusjonstype=None):
    """The belegg figures of the department ``eier`` for the months from ``periode_fra``
    to ``periode_til``, of every institution or of one kind; None when ``user`` does not
    see its obligation."""
    period = maaneder(fra=periode_fra, til=periode_til)
    months = sorted(set(siste_maaneder(til=periode_til, antall=SERIE_MAANEDER)) | set(period))
    basis = grunnlag(BELEGG, months=months, user=user, eier=eier)
    if basis is None:
        return None
    institutions, per_month = belegg_per_maaned(basis, user=user, months=months)
    if institusjonstype:
        institutions = [i for i in institutions if i.type == institusjonstype]
    return Beleggstall(
        grunnlag=basis,
        periode=period,
        maaneder=months,
        institusjoner=institutions,
        per_maaned=per_month,
        institusjonsrader=institusjonsrader(institutions, per_month, period),
        typerader=typerader(institutions, per_month, period),
        innsendinger=innsendingsrader(basis, period),
    )


def belegg_aaret(*, virksomhet, months, user):
    """Each institution of ``virksomhet`` over ``months``: occupancy, and how many months
    were reported and below the threshold; None when it does not report belegg."""
    basis = grunnlag(BELEGG, months=months, user=user, rapportor=virksomhet)
    if basis is None or not basis.rapportorer:
        return None
    institutions, per_month = belegg_per_maaned(basis, user=user, months=months)
    rows = []
    for institution in institutions:
        entries = maanedene(per_month, [institution], months)
        if not entries:
            continue
        rows.append(
            {
                **samlet(entries, institution.type),
                "institusjon": institution,
                "type": institution.get_type_display(),
                "maaneder_under": sum(e.under_terskel for e in entries),
                "maaneder_rapportert": sum(e.liggedogn is not None for e in entries),
            }
        )
    return {
        "grunnlag": basis,
        "institusjoner": institutions,
        "per_maaned": per_month,
        "rader": rows,
    }
