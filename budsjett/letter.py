"""What ``budsjett`` adds to the letter: its tables inside the section that names
«budsjett», and the budget changes under the goals they fund on the rød tråd page.
Registered by ``budsjett.contributions``.
"""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budsjett import selectors
from styring.letter import Kobling


def hent_for_brev(*, brev, user):
    data = selectors.brevets_tabeller(brev=brev, user=user)
    # The budget page of each organisation the tables show, for its follow-up.
    organisations = {c.virksomhet.pk: c.virksomhet for t in data["tabeller"] for c in t.kolonner}
    lenker = [
        (v, reverse("budsjett:budsjett-virksomhet", args=[v.kode, brev.aar]))
        for _pk, v in sorted(organisations.items())
    ]
    return {"brev": brev, "lenker": lenker, **data}


def rod_traad(*, maal_ids, user):
    """Budget changes under the goal or measure they fund, with their first year's amount."""
    links = {}
    for endring in selectors.maalets_budsjettendringer(maal_ids=maal_ids, user=user):
        amounts = sorted(endring.aarsbelop.all(), key=lambda a: a.aar)
        detail = ""
        if amounts:
            detail = _("%(amount)s (NOK 1 000) in %(year)s") % {
                "amount": number_format(amounts[0].belop, force_grouping=True),
                "year": amounts[0].aar,
            }
        url = reverse(
            "budsjett:budsjett-virksomhet", args=[endring.virksomhet.kode, endring.tabell.aar]
        )
        links.setdefault(endring.maal_id, []).append(
            Kobling(_("Budget"), endring.tekst, f"{url}#{endring.tabell.anker}", detail)
        )
    return links
