"""Reads of ``budsjett``: its column of the department overview and its tasks for the
home page.

The column gives, for this year's budget of each organisation, the material deviations of
the latest forecasts, those still without an explanation, and how far the accounts have
come — for all rows in a fixed number of queries.
"""

from collections import defaultdict

from django.db.models import Max, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from budsjett.models import Budsjettlinje, Budsjettrapport, Prognose, Regnskap, periodetekst
from budsjett.oppfolging import vesentlig
from styring.access import Action
from styring.oversikt import Oppgave, Tall

Status = Budsjettrapport.Status
Type = Budsjettrapport.Type


def oversikt_budsjett(*, virksomheter, user, idag):
    """{organisation id: [material deviations, without explanation, accounts through]}."""
    ids = [v.pk for v in virksomheter]
    aar = idag.year
    budget = {
        (row["virksomhet"], row["konto"]): row["total"]
        for row in Budsjettlinje.objects.for_user(user)
        .budsjett()
        .filter(virksomhet__in=ids, tabell__aar=aar, aar=aar, konto__isnull=False)
        .values("virksomhet", "konto")
        .annotate(total=Sum("belop"))
    }
    if not budget:
        return {}
    latest = {}
    for org_id, konto_id, amount, explanation in (
        Prognose.objects.for_user(user)
        .filter(rapport__virksomhet__in=ids, rapport__aar=aar)
        .order_by("rapport__periode")
        .values_list("rapport__virksomhet", "konto", "belop", "forklaring")
    ):
        latest[(org_id, konto_id)] = (amount, explanation)
    months = dict(
        Regnskap.objects.for_user(user)
        .filter(rapport__virksomhet__in=ids, rapport__aar=aar)
        .values("rapport__virksomhet")
        .annotate(siste=Max("rapport__periode"))
        .values_list("rapport__virksomhet", "siste")
    )
    material, unexplained = defaultdict(int), defaultdict(int)
    for key, (amount, explanation) in latest.items():
        if key in budget and vesentlig(avvik=amount - budget[key], budsjett=budget[key]):
            material[key[0]] += 1
            if not explanation.strip():
                unexplained[key[0]] += 1
    with_budget = {org_id for org_id, _konto in budget}
    result = {}
    for virksomhet in virksomheter:
        if virksomhet.pk not in with_budget:
            continue
        url = reverse("budsjett-oppfolging", args=[virksomhet.kode, aar])
        month = months.get(virksomhet.pk)
        result[virksomhet.pk] = [
            Tall(
                _("%(count)s material deviations") % {"count": material[virksomhet.pk]},
                material[virksomhet.pk],
                url,
            ),
            Tall(
                _("%(count)s without explanation") % {"count": unexplained[virksomhet.pk]},
                unexplained[virksomhet.pk],
                url,
                obs=unexplained[virksomhet.pk] > 0,
            ),
            Tall(
                _("accounts through %(month)s") % {"month": periodetekst(Type.REGNSKAP, aar, month)}
                if month
                else _("no accounts yet"),
                month,
                url,
            ),
        ]
    return result


def oppgaver(*, user, idag):
    """Budget reports returned to the user's organisation, with the department's comment;
    for department staff, those submitted and awaiting approval."""
    if user.virksomhet_id is None:
        return []
    tasks = []
    returned = (
        Budsjettrapport.objects.for_user(user, Action.REPORT)
        .filter(virksomhet=user.virksomhet_id, status=Status.RETURNERT)
        .select_related("virksomhet")
    )
    for rapport in returned:
        tasks.append(
            Oppgave(
                tekst=_("Returned: %(report)s") % {"report": rapport},
                url=rapport.get_absolute_url(),
                kommentar=rapport.returkommentar,
                obs=True,
            )
        )
    waiting = (
        Budsjettrapport.objects.for_user(user, Action.APPROVE)
        .filter(status=Status.LEVERT)
        .select_related("virksomhet")
    )
    for rapport in waiting:
        tasks.append(
            Oppgave(
                tekst=_("To approve: %(report)s") % {"report": rapport},
                url=rapport.get_absolute_url(),
            )
        )
    return tasks
