"""Reports of a month's accounts and a tertial's forecast: the report page's rows, the
API's lists of reports, accounts and forecasts, and the reports on the home page's tasks.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budsjett.models import Budsjettrapport, Prognose, Regnskap, periodetekst, prosent, vesentlig
from budsjett.selectors.oppfolging import budsjettoppfolging
from styring.access import Action
from styring.selectors.oversikt import Oppgave

Status = Budsjettrapport.Status
Type = Budsjettrapport.Type


def budsjettrapporter(*, user):
    """The reports ``user`` may see, with their amounts: ``/api/budsjettrapporter/``."""
    return (
        Budsjettrapport.objects.for_user(user)
        .select_related("virksomhet")
        .prefetch_related(
            Prefetch("regnskap", queryset=Regnskap.objects.select_related("konto__kapittel")),
            Prefetch("prognoser", queryset=Prognose.objects.select_related("konto__kapittel")),
        )
        .order_by("-aar", "type", "periode", "virksomhet__navn", "pk")
    )


def regnskap(*, user):
    """Accounts per month and account group or post: ``/api/regnskap/``."""
    return (
        Regnskap.objects.for_user(user)
        .select_related("rapport__virksomhet", "konto__kapittel")
        .order_by("rapport__aar", "rapport__periode", "konto__kapittel__nummer", "konto__kode")
    )


def prognoser(*, user):
    """Year-end forecasts per tertial and account group or post: ``/api/prognoser/``."""
    return (
        Prognose.objects.for_user(user)
        .select_related("rapport__virksomhet", "konto__kapittel")
        .order_by("rapport__aar", "rapport__periode", "konto__kapittel__nummer", "konto__kode")
    )


def _prosent_tekst(value):
    return "" if value is None else f"{number_format(value, 1)} %"


def rapportside(*, virksomhet, rapport, budsjett, skjema, user):
    """The page of ``virksomhet``'s report of a month's accounts or a tertial's forecast:
    per account group or post of ``budsjett`` ({Konto: amount}) the budget, the accounts to
    date, the form's cells (``skjema``), what is saved, and for a forecast the deviation of
    what is typed."""
    prognose = rapport.type == Type.PROGNOSE
    result = budsjettoppfolging(
        virksomhet=virksomhet,
        aar=rapport.aar,
        user=user,
        til_maaned=rapport.periode * 4 if prognose else rapport.periode,
    )
    followup = {row.konto.pk: row for row in result.rader}
    saved = rapport.art().les(rapport)
    rows = []
    for konto, amount in budsjett.items():
        row = followup.get(konto.pk)
        forecast = skjema.tall(konto)
        deviation = None if forecast is None else forecast - amount
        rows.append(
            {
                "konto": konto,
                "budsjett": amount,
                "regnskap_hittil": row.regnskap if row else None,
                "belop": skjema.belop(konto),
                "lagret": saved.get(konto.pk, (None, ""))[0],
                "forklaring": skjema.forklaring(konto),
                "avvik": deviation if prognose else None,
                "avvik_prosent": _prosent_tekst(prosent(deviation, amount)) if prognose else "",
                "vesentlig": prognose
                and deviation is not None
                and vesentlig(avvik=deviation, budsjett=amount),
            }
        )
    return {
        "type": rapport.type,
        "er_prognose": prognose,
        "rapportperiode": rapport.periode,
        "periodetekst": periodetekst(rapport.type, rapport.aar, rapport.periode),
        "rader": rows,
        "terskel_prosent": settings.BUDSJETT_VESENTLIGHET_PROSENT,
        "terskel_belop": settings.BUDSJETT_VESENTLIGHET_BELOP,
    }


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
