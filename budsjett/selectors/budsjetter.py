"""Budgets as the letters give them: which budgets a user may open, the tables of an
organisation and year (the budget page and its export), the letter's budget part, and the
API's lists of chapters, budget lines, changes and investments.
"""

from django.db.models import Prefetch, Q

from budsjett.models import (
    Budsjettabell,
    Budsjettendring,
    Budsjettlinje,
    Endringsbelop,
    Investering,
    Kapittel,
    Konto,
)
from budsjett.selectors.tabeller import tabellvisning
from styring.models import Maal, Virksomhet


def tilgjengelige_budsjetter(*, user):
    """[(organisation, year)] of the budgets ``user`` may open, newest first."""
    pairs = set(
        Budsjettlinje.objects.for_user(user).values_list("virksomhet", "tabell__aar").distinct()
    )
    pairs |= set(
        Investering.objects.for_user(user).values_list("virksomhet", "tabell__aar").distinct()
    )
    pairs |= set(
        Budsjettabell.objects.for_user(user).values_list("kapittel__eier", "aar").distinct()
    )
    organisations = Virksomhet.objects.for_user(user).in_bulk([pk for pk, _year in pairs])
    found = [(organisations[pk], year) for pk, year in pairs if pk in organisations]
    return sorted(found, key=lambda pair: (-pair[1], pair[0].type, pair[0].navn))


def budsjettliste(*, user):
    """The budget list page: each budget ``user`` may open, and whether it has lines to
    follow up."""
    followed = set(
        Budsjettlinje.objects.for_user(user)
        .budsjett()
        .values_list("virksomhet", "tabell__aar")
        .distinct()
    )
    return [
        {"virksomhet": v, "aar": aar, "oppfolging": (v.pk, aar) in followed}
        for v, aar in tilgjengelige_budsjetter(user=user)
    ]


def budsjettabeller(*, virksomhet, aar, user):
    """The budget tables of ``virksomhet`` and ``aar`` that ``user`` may see."""
    visible = Budsjettabell.objects.for_user(user).filter(aar=aar)
    mine = Budsjettabell.objects.filter(
        Q(linjer__virksomhet=virksomhet)
        | Q(endringer__virksomhet=virksomhet)
        | Q(investeringer__virksomhet=virksomhet)
        | Q(kapittel__eier=virksomhet)
    ).values("pk")
    return visible.filter(pk__in=mine).select_related("kapittel", "brev")


def budsjettvisning(*, virksomhet, aar, user):
    """The letter's tables of ``virksomhet`` and ``aar`` with their checks and the
    reconciliation (``data``, see ``tabeller.bygg``) and the letters they come from
    (``brevliste``): the budget page and its export. None without tables."""
    tabeller = list(budsjettabeller(virksomhet=virksomhet, aar=aar, user=user))
    if not tabeller:
        return None
    return {
        "data": tabellvisning(tabeller=tabeller, user=user, virksomhet=virksomhet),
        "brevliste": sorted({t.brev for t in tabeller if t.brev}, key=lambda b: b.pk),
    }


def brevets_tabeller(*, brev, user):
    """The budget tables of ``brev`` with the rows ``user`` may see: the letter's part."""
    tabeller = (
        Budsjettabell.objects.for_user(user)
        .filter(brev=brev)
        .select_related("kapittel")
        .order_by("rekkefolge", "pk")
    )
    return tabellvisning(tabeller=tabeller, user=user)


def maalets_budsjettendringer(*, maal_ids, user):
    """The budget changes that fund the goals or measures ``maal_ids``: the rød tråd."""
    return (
        Budsjettendring.objects.for_user(user)
        .filter(maal_id__in=maal_ids)
        .select_related("tabell", "virksomhet")
        .prefetch_related("aarsbelop")
        .order_by("tabell__aar", "rekkefolge", "pk")
    )


def kapitler(*, user):
    """Budget chapters with their account groups or posts: ``/api/kapitler/``."""
    return (
        Kapittel.objects.for_user(user)
        .select_related("eier")
        .prefetch_related(Prefetch("kontoer", queryset=Konto.objects.order_by("kode")))
        .order_by("rekkefolge", "nummer", "pk")
    )


def budsjettlinjer(*, user):
    """The amounts of the letters' tables: ``/api/budsjettlinjer/``."""
    return (
        Budsjettlinje.objects.for_user(user)
        .select_related("tabell", "kapittel", "konto", "virksomhet")
        .order_by("tabell__aar", "tabell__rekkefolge", "rad", "virksomhet__pk", "aar", "pk")
    )


def budsjettendringer(*, user):
    """The derivation of the adopted budget and the frame reductions, with an amount per
    year: ``/api/budsjettendringer/``."""
    return (
        Budsjettendring.objects.for_user(user)
        .select_related("tabell", "kapittel", "virksomhet")
        .prefetch_related(Prefetch("aarsbelop", queryset=Endringsbelop.objects.order_by("aar")))
        .order_by("tabell__aar", "tabell__rekkefolge", "rekkefolge", "pk")
    )


def investeringer(*, user):
    """The investment budget by project, account group and year: ``/api/investeringer/``."""
    return (
        Investering.objects.for_user(user)
        .select_related("tabell", "kapittel", "virksomhet")
        .order_by("tabell__aar", "tabell__rekkefolge", "rad", "aar", "pk")
    )


def maal_i_brevet(*, endring, maal_id, user):
    """The goal or measure ``maal_id`` of the letter ``endring`` is in, if ``user`` sees
    it; None otherwise."""
    return (
        Maal.objects.for_user(user)
        .filter(pk=maal_id, brev_id=endring.tabell.brev_id, brev__isnull=False)
        .first()
    )
