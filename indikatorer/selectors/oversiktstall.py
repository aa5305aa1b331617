"""The figures ``indikatorer`` adds to the department overview (indicators against their
targets, monthly submissions, bistandsplikt breaches this year, occupancy below
threshold) and the user's submissions to make, for the home page.

Each column computes all rows in a fixed number of queries.
"""

import operator
from collections import Counter, defaultdict
from functools import reduce

from django.db.models import Count, Max, Prefetch, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from indikatorer import maaltall as mt
from indikatorer.models import Indikator, Maalverdi, Resultat
from indikatorer.models.rapportering import Innsending, Institusjon, Verdi
from indikatorer.selectors.maanedstall import BELEGG, BISTANDSPLIKT, BRUKTE_STATUSER
from indikatorer.skjematyper import beleggsprosent, under_terskel
from styring.access import Action
from styring.perioder import dager_i_maaned
from styring.selectors.oversikt import Oppgave, Tall

Status = Innsending.Status


def _url(name, **params):
    return f"{reverse(name)}?{urlencode(params)}"


def indikatorstatus(indikator, *, virksomhet_id, aar):
    """The status of ``indikator`` for one organisation and year: its own result for the
    whole year, else the indicator's, against the year's target."""
    if indikator.gjeldende_maalverdi(aar) is None:
        return None
    results = [r for r in indikator.resultater_liste() if r.aar == aar and not r.periode]
    own = [r for r in results if r.virksomhet_id == virksomhet_id]
    whole = [r for r in results if r.virksomhet_id is None]
    chosen = (own or whole or [None])[0]
    return chosen.status if chosen is not None else mt.Status.MANGLER_DATA


def oversikt_indikatorer(*, virksomheter, user, idag):
    ids, aar = {v.pk for v in virksomheter}, idag.year
    # Only this year counts: the targets a result of this year is measured against
    # (this year's or later) and this year's results, not ten years of history.
    targets = Maalverdi.objects.for_user(user).filter(aar__gte=aar)
    contributing = Indikator.bidragsytere.through.objects.filter(virksomhet__in=ids)
    indicators = (
        Indikator.objects.for_user(user)
        .filter(Q(eier__in=ids) | Q(pk__in=contributing.values("indikator_id")))
        .filter(pk__in=targets.values("indikator_id"))
        .prefetch_related(
            Prefetch("maalverdier", queryset=targets),
            Prefetch("resultater", queryset=Resultat.objects.for_user(user).filter(aar=aar)),
            "bidragsytere",
        )
    )
    counts = defaultdict(Counter)
    for indikator in indicators:
        involved = {b.pk for b in indikator.bidragsytere.all()} | {indikator.eier_id}
        for org_id in involved & ids:
            status = indikatorstatus(indikator, virksomhet_id=org_id, aar=idag.year)
            if status is not None:
                counts[org_id][status] += 1
    result = {}
    for virksomhet in virksomheter:
        count = counts.get(virksomhet.pk)
        if not count:
            continue

        def url(status, kode=virksomhet.kode):
            return _url(
                "indikatorer:indikatorer-oversikt", aar=idag.year, virksomhet=kode, status=status
            )

        met, missed = count[mt.Status.OPPNAADD], count[mt.Status.IKKE_OPPNAADD]
        no_data = count[mt.Status.MANGLER_DATA]
        result[virksomhet.pk] = [
            Tall(_("%(count)s achieved") % {"count": met}, met, url(mt.Status.OPPNAADD)),
            Tall(
                _("%(count)s not achieved") % {"count": missed},
                missed,
                url(mt.Status.IKKE_OPPNAADD),
                obs=missed > 0,
            ),
            Tall(_("%(count)s no data") % {"count": no_data}, no_data, url(mt.Status.MANGLER_DATA)),
        ]
    return result


def oversikt_innsendinger(*, virksomheter, user, idag):
    rows = (
        Innsending.objects.for_user(user)
        .filter(virksomhet__in=virksomheter)
        .values("virksomhet")
        .annotate(
            sene=Count(
                "pk",
                filter=Q(
                    status__in=(Status.IKKE_PAABEGYNT, Status.UTKAST, Status.RETURNERT),
                    frist__lt=idag,
                ),
            ),
            returnert=Count("pk", filter=Q(status=Status.RETURNERT)),
            levert=Count("pk", filter=Q(status=Status.LEVERT)),
        )
    )
    by_org = {row["virksomhet"]: row for row in rows}
    overview = reverse("indikatorer:innsending-oversikt")
    result = {}
    for virksomhet in virksomheter:
        row = by_org.get(virksomhet.pk)
        if row is None:
            continue
        late, returned, waiting = (row["sene"] or 0), (row["returnert"] or 0), (row["levert"] or 0)
        result[virksomhet.pk] = [
            Tall(_("%(count)s late or missing") % {"count": late}, late, overview, obs=late > 0),
            Tall(_("%(count)s returned") % {"count": returned}, returned, overview),
            Tall(
                _("%(count)s awaiting approval") % {"count": waiting},
                waiting,
                _url("indikatorer:innsendinger", status=Status.LEVERT),
            ),
        ]
    return result


def oversikt_bistandsplikt(*, virksomheter, user, idag):
    sums = (
        Verdi.objects.for_user(user)
        .filter(
            innsending__virksomhet__in=virksomheter,
            innsending__skjema__kode=BISTANDSPLIKT,
            innsending__status__in=BRUKTE_STATUSER,
            innsending__periode_fra__year=idag.year,
            felt__kode="brudd",
        )
        .values("innsending__virksomhet")
        .annotate(brudd=Sum("tall"))
    )
    reporting = set(
        Innsending.objects.for_user(user)
        .filter(skjema__kode=BISTANDSPLIKT, virksomhet__in=virksomheter)
        .order_by()
        .values_list("virksomhet", flat=True)
        .distinct()
    )
    by_org = {row["innsending__virksomhet"]: int(row["brudd"] or 0) for row in sums}
    url = _url("indikatorer:innsendinger", skjema=BISTANDSPLIKT, aar=idag.year)
    return {
        org_id: [
            Tall(
                _("%(count)s breaches in %(year)s (goal: 0)")
                % {"count": by_org.get(org_id, 0), "year": idag.year},
                by_org.get(org_id, 0),
                url,
                obs=by_org.get(org_id, 0) > 0,
            )
        ]
        for org_id in reporting
    }


def oversikt_belegg(*, virksomheter, user, idag):
    reported = Innsending.objects.for_user(user).filter(
        skjema__kode=BELEGG, virksomhet__in=virksomheter, status__in=BRUKTE_STATUSER
    )
    newest = reported.order_by().values("virksomhet").annotate(siste=Max("periode_fra"))
    if not newest:
        return {}
    # Each organisation's latest reported month, in one query whatever the history.
    latest = {
        innsending.virksomhet_id: innsending
        for innsending in reported.filter(
            reduce(
                operator.or_,
                (Q(virksomhet=row["virksomhet"], periode_fra=row["siste"]) for row in newest),
            )
        )
    }
    bed_days = {
        (v.innsending_id, v.rad): v.tall
        for v in Verdi.objects.for_user(user).filter(
            innsending__in=latest.values(), felt__kode="liggedogn", tall__isnull=False
        )
    }
    institutions = (
        Institusjon.objects.for_user(user)
        .filter(virksomhet__in=latest)
        .prefetch_related("kapasiteter")
    )
    below = Counter()
    for institution in institutions:
        innsending = latest[institution.virksomhet_id]
        places = institution.plasser_paa(innsending.periode_til)
        share = beleggsprosent(
            liggedogn=bed_days.get((innsending.pk, str(institution.pk))),
            plassdogn=places * dager_i_maaned(innsending.periode_fra) if places else None,
        )
        if share is not None and under_terskel(share, institution.type):
            below[institution.virksomhet_id] += 1
    result = {}
    for org_id, innsending in latest.items():
        count = below[org_id]
        result[org_id] = [
            Tall(
                _("%(count)s below the threshold in %(month)s")
                % {"count": count, "month": innsending.periode_fra.strftime("%m.%Y")},
                count,
                innsending.get_absolute_url(),
                obs=count > 0,
            )
        ]
    return result


def oppgaver(*, user, idag):
    """The user's organisation's submissions still to be made, and returned ones."""
    if user.virksomhet_id is None:
        return []
    open_ones = (
        Innsending.objects.for_user(user, Action.REPORT)
        .filter(
            virksomhet=user.virksomhet_id,
            status__in=(Status.IKKE_PAABEGYNT, Status.UTKAST, Status.RETURNERT),
        )
        .select_related("skjema")
        .order_by("frist")
    )
    return [
        Oppgave(
            tekst=_("Report: %(name)s, %(period)s")
            % {"name": i.skjema.navn, "period": i.periode_fra.strftime("%m.%Y")},
            url=i.get_absolute_url(),
            frist=i.frist,
            kommentar=i.returkommentar if i.status == Status.RETURNERT else "",
            obs=i.frist < idag,
        )
        for i in open_ones
    ]
