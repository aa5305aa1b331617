"""The assignments column of the department overview: overdue, due soon, awaiting approval."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oppdrag.models import AAPNE, Oppdrag, Status
from styring.oversikt import Kolonne, Tall, register_kolonne


def hent(*, virksomheter, user, idag):
    """{organisation id: [overdue, due in 30 days, awaiting approval]} in one query."""
    soon = idag + datetime.timedelta(days=30)
    counts = (
        Oppdrag.objects.for_user(user)
        .filter(ansvarlige__in=[v.pk for v in virksomheter])
        .values("ansvarlige")
        .annotate(
            forfalt=Count("pk", filter=Q(status__in=AAPNE, forfall__lt=idag), distinct=True),
            snart=Count(
                "pk",
                filter=Q(status__in=AAPNE, forfall__gte=idag, forfall__lte=soon),
                distinct=True,
            ),
            venter=Count("pk", filter=Q(status=Status.LEVERT), distinct=True),
        )
    )
    by_org = {row["ansvarlige"]: row for row in counts}
    base = reverse("oppdrag-oversikt")
    result = {}
    for virksomhet in virksomheter:
        row = by_org.get(virksomhet.pk, {"forfalt": 0, "snart": 0, "venter": 0})

        def url(vindu, kode=virksomhet.kode):
            return f"{base}?{urlencode({'virksomhet': kode, 'vindu': vindu})}"

        result[virksomhet.pk] = [
            Tall(
                _("%(count)s overdue") % {"count": row["forfalt"]},
                row["forfalt"],
                url("forfalt"),
                obs=row["forfalt"] > 0,
            ),
            Tall(_("%(count)s due in 30 days") % {"count": row["snart"]}, row["snart"], url("30")),
            Tall(
                _("%(count)s awaiting approval") % {"count": row["venter"]},
                row["venter"],
                url("venter"),
            ),
        ]
    return result


def register():
    register_kolonne(Kolonne("oppdrag", gettext_lazy("Assignments"), 20, hent))
