"""What ``indikatorer`` adds to the letter: its tables inside the letter's sections, the
indicators under their goals on the rød tråd page, what is carried into next year's
letter, and its rows of the diff. Registered by ``indikatorer.contributions``.
"""

from django.db.models import Prefetch
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from indikatorer import selectors
from indikatorer.models import Indikator, Maalverdi
from styring.letter import Art, Forskjell, Kobling
from styring.models import Maal

# The letter's parts


def _i_brev(brev, user, type):
    """The letter's indicators of one kind. The letter page asks for each kind in turn,
    so the first call reads all kinds (three queries) and keeps them on the letter."""
    loaded = brev.__dict__.setdefault("_indikatorer_for_bruker", {})
    if user.pk not in loaded:
        loaded[user.pk] = list(
            selectors.indikatorer(user=user)
            .i_brev(brev)
            .select_related("maal__forelder")
            .order_by("rekkefolge", "pk")
        )
    return [indikator for indikator in loaded[user.pk] if indikator.type == type]


def _rader(indikatorer, brev):
    rows = []
    years = resultataar(brev)
    for indikator in indikatorer:
        status = selectors.statusrad(indikator, aar=brev.aar)
        rows.append(
            {
                "indikator": indikator,
                "resultater": [indikator.samlet_resultat(year) for year in years],
                "maalverdi": status["maalverdi"],
                "vurdering": status["vurdering"],
            }
        )
    return rows


def resultataar(brev):
    """The years of results the letter's table shows: the three before the letter's."""
    return [brev.aar - 3, brev.aar - 2, brev.aar - 1]


def hent_resultatindikatorer(*, brev, user):
    indikatorer = _i_brev(brev, user, Indikator.Type.RESULTATINDIKATOR)
    groups = {}
    for row in _rader(indikatorer, brev):
        groups.setdefault(row["indikator"].sett, []).append(row)
    return {
        "brev": brev,
        "grupper": list(groups.items()),
        "resultataar": resultataar(brev),
    }


def hent_klimabudsjett(*, brev, user):
    indikatorer = _i_brev(brev, user, Indikator.Type.KLIMAINDIKATOR)
    return {"brev": brev, "rader": _rader(indikatorer, brev)}


def hent_styringsparametere(*, brev, user):
    indikatorer = _i_brev(brev, user, Indikator.Type.STYRINGSPARAMETER)
    groups = {}
    for row in _rader(indikatorer, brev):
        groups.setdefault(row["indikator"].maal, []).append(row)
    return {"brev": brev, "grupper": list(groups.items())}


# Rød tråd


def rod_traad(*, maal_ids, user):
    """Indicators under their goal. An indicator carried into later letters follows the
    copies of its goal, so each letter's goal finds it as long as it appears in that
    letter."""
    goals = dict(Maal.objects.filter(pk__in=maal_ids).values_list("pk", "brev_id"))
    shown_as = {pk: pk for pk in goals}
    frontier = list(goals)
    while frontier:
        copies = Maal.objects.filter(kopiert_fra_id__in=frontier).values_list(
            "pk", "kopiert_fra_id"
        )
        frontier = []
        for pk, source in copies:
            if pk not in shown_as:
                shown_as[pk] = shown_as[source]
                frontier.append(pk)
    links = {}
    indikatorer = (
        selectors.indikatorer(user=user)
        .filter(maal_id__in=list(shown_as))
        .prefetch_related("brev")
        .order_by("rekkefolge", "pk")
    )
    for indikator in indikatorer:
        goal = shown_as[indikator.maal_id]
        letter = goals[goal]
        if letter not in {b.pk for b in indikator.brev.all()}:
            continue
        year = next(b.aar for b in indikator.brev.all() if b.pk == letter)
        status = selectors.statusrad(indikator, aar=year)
        detail, target = str(status["vurdering"]), status["maalverdi"]
        if target is not None:
            text = Truncator(target.tekst).chars(80)
            detail = _("%(status)s; target %(year)s: %(target)s") % {
                "status": detail,
                "year": year,
                "target": text,
            }
        links.setdefault(goal, []).append(
            Kobling(_("Indicator"), str(indikator), indikator.get_absolute_url(), detail)
        )
    return links


# Next year's letter


def neste_aar(*, fra, til, maal_kart):
    """The letter's indicators carry over: the same indicator appears in the new letter,
    under the copy of its goal, with the latest target copied to the new year (marked as
    carried over) unless that year already has one."""
    indikatorer = Indikator.objects.i_brev(fra).prefetch_related(
        Prefetch("maalverdier", queryset=Maalverdi.objects.order_by("aar"))
    )
    for indikator in indikatorer:
        indikator.brev.add(til)
        if indikator.maal_id in maal_kart:
            indikator.maal = maal_kart[indikator.maal_id]
            indikator.save(update_fields=["maal"])
        targets = list(indikator.maalverdier.all())
        if any(target.aar == til.aar for target in targets):
            continue
        earlier = [target for target in targets if target.aar < til.aar]
        if not earlier:
            continue
        latest = earlier[-1]
        copy = Maalverdi(indikator=indikator, aar=til.aar, kopiert_fra=latest)
        copy.maaltall = latest.maaltall
        copy.save()


# The diff


def brevdiff(*, fra, til, maal_kart):
    """Indicators new in or gone from ``til``, and targets changed from ``fra``'s year to
    ``til``'s ("Target 2026 → 2027")."""
    before = {i.pk: i for i in Indikator.objects.i_brev(fra).prefetch_related("maalverdier")}
    after = {i.pk: i for i in Indikator.objects.i_brev(til).prefetch_related("maalverdier")}
    kategori = _("Indicator")
    rows = []
    for pk, indikator in after.items():
        new_target = indikator.maalverdi_for(til.aar)
        if pk not in before:
            rows.append(
                Forskjell(
                    kategori,
                    str(indikator),
                    Art.NY,
                    ny=new_target.tekst if new_target else "",
                )
            )
            continue
        if fra.aar == til.aar:
            continue
        old_target = indikator.maalverdi_for(fra.aar)
        old_text = old_target.tekst if old_target else ""
        new_text = new_target.tekst if new_target else ""
        if old_text != new_text:
            rows.append(
                Forskjell(
                    kategori,
                    str(indikator),
                    Art.ENDRET,
                    felt=_("Target %(old)s → %(new)s") % {"old": fra.aar, "new": til.aar},
                    gammel=old_text,
                    ny=new_text,
                )
            )
    for pk, indikator in before.items():
        if pk not in after:
            old_target = indikator.maalverdi_for(fra.aar)
            rows.append(
                Forskjell(
                    kategori,
                    str(indikator),
                    Art.FJERNET,
                    gammel=old_target.tekst if old_target else "",
                )
            )
    return rows
