"""What ``budsjett`` adds to the letter: its tables inside the section that names
«budsjett», and the budget changes under the goals they fund on the rød tråd page.
Registered by ``budsjett.contributions``.
"""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budsjett import visning
from budsjett.models import Budsjettabell, Budsjettendring
from styring.letter import Kobling


def hent_for_brev(*, brev, user):
    tabeller = (
        Budsjettabell.objects.for_user(user)
        .filter(brev=brev)
        .select_related("kapittel")
        .order_by("rekkefolge", "pk")
    )
    data = visning.for_tabeller(tabeller=tabeller, user=user)
    # The budget page of each organisation the tables show, for its follow-up.
    organisations = {c.virksomhet.pk: c.virksomhet for t in data["tabeller"] for c in t.kolonner}
    lenker = [
        (v, reverse("budsjett-virksomhet", args=[v.kode, brev.aar]))
        for _pk, v in sorted(organisations.items())
    ]
    return {"brev": brev, "lenker": lenker, **data}


def rod_traad(*, maal_ids, user):
    """Budget changes under the goal or measure they fund, with their first year's amount."""
    links = {}
    changes = (
        Budsjettendring.objects.for_user(user)
        .filter(maal_id__in=maal_ids)
        .select_related("tabell", "virksomhet")
        .prefetch_related("aarsbelop")
        .order_by("tabell__aar", "rekkefolge", "pk")
    )
    for endring in changes:
        amounts = sorted(endring.aarsbelop.all(), key=lambda a: a.aar)
        detail = ""
        if amounts:
            detail = _("%(amount)s (NOK 1 000) in %(year)s") % {
                "amount": number_format(amounts[0].belop, force_grouping=True),
                "year": amounts[0].aar,
            }
        url = reverse("budsjett-virksomhet", args=[endring.virksomhet.kode, endring.tabell.aar])
        links.setdefault(endring.maal_id, []).append(
            Kobling(_("Budget"), endring.tekst, f"{url}#{endring.tabell.anker}", detail)
        )
    return links
