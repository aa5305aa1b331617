"""Reads of indicators, their targets and their results: the list page and
``/api/indikatorer/``, the indicator page and ``/api/resultater/``, the letter's tables and
the tertial report all start here, so they show the same indicators with the same status.
"""

from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Prefetch, Q
from django.utils.translation import gettext as _

from indikatorer import maaltall as mt
from indikatorer.models import (
    STATUS_LABELS,
    Indikator,
    Indikatorsett,
    Maalverdi,
    Resultat,
    Vurdering,
)
from styring.access import Action
from styring.models import Endring, Tildelingsbrev, Virksomhet

# Lists


def indikatorer(*, user, action=Action.VIEW):
    """The indicators ``user`` may see (or take ``action`` on), with owner, set and goal
    and the targets and results the user may see, in a fixed number of queries."""
    return Indikator.objects.for_user(user, action).med_tall(user)


def indikatorvalg(*, user):
    """The indicators ``user`` may see, by name, bare: for a choice in a form."""
    return Indikator.objects.for_user(user).order_by("navn")


def eier_eller_bidragsyter(kode):
    """The indicators the organisation ``kode`` owns or contributes to."""
    return Q(eier__kode=kode) | Q(bidragsytere__kode=kode)


def _matching(queryset, condition):
    """``queryset`` narrowed to ``condition`` over a many-valued relation, without
    repeating rows."""
    return queryset.filter(pk__in=Indikator.objects.filter(condition).values("pk"))


def filtrer_indikatorer(queryset, *, aar=None, virksomhet=None, brev=None, sett=None):
    """``queryset`` narrowed to the indicators of a letter of ``aar``, of the organisation
    with code ``virksomhet`` (owner or contributor), of the letter ``brev`` and of the set
    ``sett``: the list page's filters and the API's."""
    if aar:
        queryset = _matching(queryset, Q(brev__aar=aar))
    if virksomhet:
        queryset = _matching(queryset, eier_eller_bidragsyter(virksomhet))
    if brev:
        queryset = _matching(queryset, Q(brev=brev))
    if sett:
        queryset = queryset.filter(sett_id=sett)
    return queryset


def maalverdier(*, user):
    """The targets ``user`` may see, by indicator and year."""
    return Maalverdi.objects.for_user(user).order_by("indikator", "aar")


def maalverdier_for_virksomhet(queryset, kode):
    """``queryset`` narrowed to the targets of the indicators of the organisation
    ``kode`` (owner or contributor)."""
    return queryset.filter(
        indikator__in=Indikator.objects.filter(eier_eller_bidragsyter(kode)).values("pk")
    )


def resultater(*, user):
    """The results ``user`` may see, each with what its status is computed from (its
    indicator's targets and results as the user sees them)."""
    return (
        Resultat.objects.for_user(user)
        .select_related("indikator", "virksomhet")
        .prefetch_related(
            Prefetch("indikator__maalverdier", queryset=Maalverdi.objects.for_user(user)),
            Prefetch("indikator__resultater", queryset=Resultat.objects.for_user(user)),
        )
        .order_by("indikator", "aar", "periode", "pk")
    )


# Status


def vurdering_av(*, resultat=None, maalverdi=None):
    """The status of one year (or period): the result against the target its year is
    measured against; without a result "not measurable" for a qualitative target, else
    "no data"."""
    if resultat is not None:
        return resultat.vurdering()
    if maalverdi is not None and not maalverdi.maaltall.maalbar:
        return Vurdering(mt.Status.IKKE_MAALBAR, maalverdi)
    return Vurdering(mt.Status.MANGLER_DATA, maalverdi)


def statusrad(indikator, *, aar=None):
    """``indikator`` in a table: the target of ``aar`` (by default its latest target),
    the latest result up to that year and the status between them."""
    targets = indikator.maalverdier_liste()
    if aar is None and targets:
        aar = targets[-1].aar
    return {
        "indikator": indikator,
        "aar": aar,
        "maalverdi": indikator.maalverdi_for(aar) if aar else None,
        "resultat": indikator.siste_resultat(til_og_med=aar),
        "vurdering": indikator.vurdering(aar) if aar else Vurdering(mt.Status.MANGLER_DATA),
    }


# The list page


def siste_brevaar(*, user, idag):
    """The year of the latest letter ``user`` may see up to ``idag``'s year (None
    without one): the year the indicator list opens on."""
    return (
        Tildelingsbrev.objects.for_user(user)
        .filter(aar__lte=idag.year)
        .aggregate(aar=Max("aar"))["aar"]
    )


def indikatorfiltre(*, user):
    """The organisations (owners and contributors) and the sets of the indicators
    ``user`` may see, by name: what the list can be narrowed to."""
    visible = Indikator.objects.for_user(user)
    organisations = (
        Virksomhet.objects.for_user(user)
        .filter(Q(pk__in=visible.values("eier")) | Q(pk__in=visible.values("bidragsytere")))
        .order_by("navn")
    )
    return organisations, Indikatorsett.objects.for_user(user).order_by("navn")


@dataclass
class Indikatoroversikt:
    """The indicator list: its rows and, before the status filter, how many there are of
    each status as (label, code, count)."""

    rader: list
    antall: list
    aar: int | None


def indikatoroversikt(*, user, aar=None, virksomhet=None, sett=None, status=None):
    """Every indicator ``user`` may see, narrowed like ``filtrer_indikatorer``, with its
    target of ``aar`` (else its latest), latest result and status."""
    queryset = indikatorer(user=user).order_by("type", "eier__navn", "rekkefolge", "pk")
    queryset = filtrer_indikatorer(queryset, aar=aar, virksomhet=virksomhet, sett=sett)
    rows = [statusrad(indikator, aar=aar) for indikator in queryset]
    counts = Counter(row["vurdering"].status for row in rows)
    if status:
        rows = [row for row in rows if row["vurdering"].status == status]
    return Indikatoroversikt(
        rader=rows,
        antall=[(STATUS_LABELS[s], s.value, counts[s]) for s in mt.Status],
        aar=aar,
    )


# The indicator page


def aarsrader(indikator):
    """Per year: the target, the result of the whole indicator and the status."""
    targets = {t.aar: t for t in indikator.maalverdier_liste()}
    results = {
        r.aar: r for r in indikator.resultater_liste() if not r.periode and r.virksomhet_id is None
    }
    return [
        {
            "aar": aar,
            "maalverdi": targets.get(aar),
            "resultat": results.get(aar),
            "vurdering": vurdering_av(resultat=results.get(aar), maalverdi=targets.get(aar)),
        }
        for aar in sorted(set(targets) | set(results))
    ]


def delresultater(indikator):
    """The results of one organisation or one period, each with its status."""
    return [
        (r, vurdering_av(resultat=r))
        for r in indikator.resultater_liste()
        if r.periode or r.virksomhet_id is not None
    ]


def indikatorside(*, indikator, user):
    """What the indicator page shows of ``indikator`` (loaded by ``indikatorer``): the
    letters it appears in that ``user`` may open, whether its goal is in one of them, its
    status now, and its targets and results by year and by organisation or period."""
    # A contributor to a shared set may not see another organisation's letter.
    letters = list(
        Tildelingsbrev.objects.for_user(user).filter(indikatorer=indikator).order_by("aar", "pk")
    )
    return {
        "brevliste": letters,
        "maal_synlig": indikator.maal is not None
        and indikator.maal.brev_id in {b.pk for b in letters},
        "naa": statusrad(indikator),
        "aarsrader": aarsrader(indikator),
        "delresultater": delresultater(indikator),
    }


def endringer(*, indikator, user, antall=30):
    """The latest changes ``user`` may audit of the indicator, its targets and its
    results, each with the name of the part changed."""
    condition = Q()
    for model, ids in [
        (Indikator, [indikator.pk]),
        (Maalverdi, [t.pk for t in indikator.maalverdier_liste()]),
        (Resultat, [r.pk for r in indikator.resultater_liste()]),
    ]:
        if ids:
            condition |= Q(
                content_type=ContentType.objects.get_for_model(model),
                objekt_id__in=[str(pk) for pk in ids],
            )
    entries = list(
        Endring.objects.for_user(user, Action.AUDIT)
        .filter(condition)
        .select_related("content_type")[:antall]
    )
    for entry in entries:
        model = entry.content_type.model_class()
        entry.del_navn = model._meta.verbose_name if model else ""
    return entries


# The tertial report


def indikatorer_i_brevene(*, virksomhet, aar, user):
    """The indicators of the organisation's letters of ``aar`` with their targets and
    results, by kind and order (a fixed number of queries). Without a ``user`` (a
    scheduled report) every letter and result counts."""
    if user is not None:
        letters = Tildelingsbrev.objects.for_user(user)
        queryset = indikatorer(user=user)
    else:
        letters = Tildelingsbrev.objects.all()
        queryset = Indikator.objects.select_related("eier", "sett", "maal").prefetch_related(
            "maalverdier",
            Prefetch("resultater", queryset=Resultat.objects.select_related("virksomhet")),
        )
    letters = letters.filter(mottakere=virksomhet, aar=aar)
    queryset = queryset.filter(pk__in=Indikator.objects.filter(brev__in=letters).values("pk"))
    type_order = {kind: i for i, kind in enumerate(Indikator.Type)}
    return sorted(queryset, key=lambda i: (type_order.get(i.type, 9), i.rekkefolge, i.pk))


def _samlet_aarsresultat(result, aar):
    """A result of the whole indicator for a whole year up to ``aar``."""
    return not result.periode and result.virksomhet_id is None and result.aar <= aar


def _resultat_tekst(result):
    if result is None:
        return ""
    return result.tekst or (str(result.verdi) if result.verdi is not None else "")


def _resultataar(result, virksomhet):
    if result is None:
        return ""
    if result.virksomhet_id == virksomhet.pk:
        return _("%(year)s so far, reported by %(name)s") % {
            "year": result.aar,
            "name": virksomhet.navn,
        }
    return str(result.aar)


def aarsstatus(indikator, *, aar, virksomhet):
    """One indicator of an organisation's tertial report: target, result and status for
    ``aar``, and the results by year up to it.

    The result is the organisation's own result for the year when the periodic reporting
    has made one (bistandsplikt numbers so far in the year), else the latest result of
    the whole indicator up to ``aar``."""
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
    }
