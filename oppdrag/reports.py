"""The assignments part of an agency's tertial report.

Registered in ``styring.registries.tertialdeler`` by ``oppdrag.contributions``. Every
assignment of the agency's letter for the year (given in it or carried into it) is listed
with where it stands at the end of the tertial — delivered, overdue, due next tertial, or
other — its deadline and the agency's latest status report.
"""

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oppdrag.models import AAPNE, Leveranse, Oppdrag, Status, Statusrapport
from styring import perioder
from styring.models import Tildelingsbrev
from styring.perioder import Frekvens
from styring.reports.typer import Innhold, Tabell


class Situasjon:
    """Where an assignment stands at the end of the tertial, in the report's order."""

    FORFALT = "forfalt"
    NESTE_TERTIAL = "neste_tertial"
    LEVERT = "levert"
    ANNET = "annet"

    REKKEFOLGE = [FORFALT, NESTE_TERTIAL, LEVERT, ANNET]
    LABELS = {
        FORFALT: gettext_lazy("Overdue"),
        NESTE_TERTIAL: gettext_lazy("Due next tertial"),
        LEVERT: gettext_lazy("Delivered"),
        ANNET: gettext_lazy("Other"),
    }


def _qs(model, user):
    """Where every query starts: the user's scope, or everything for a scheduled job."""
    return model.objects.for_user(user) if user is not None else model.objects.all()


def situasjon(oppdrag, *, periode_til):
    """Delivered (delivered or approved), overdue (still owed and due by the end of the
    tertial), due next tertial, or other (due later, no date, postponed beyond the next
    tertial, dropped)."""
    if oppdrag.status in (Status.LEVERT, Status.GODKJENT):
        return Situasjon.LEVERT
    if oppdrag.status in AAPNE and oppdrag.forfall is not None:
        if oppdrag.forfall <= periode_til:
            return Situasjon.FORFALT
        if oppdrag.forfall <= perioder.neste_periode(periode_til, frekvens=Frekvens.TERTIAL)[1]:
            return Situasjon.NESTE_TERTIAL
    return Situasjon.ANNET


def _oppdrag(*, virksomhet, aar, user):
    """The assignments the organisation is responsible for in its letters of ``aar``,
    with their status reports and deliveries (three queries)."""
    letters = _qs(Tildelingsbrev, user).filter(mottakere=virksomhet, aar=aar)
    matching = Oppdrag.objects.filter(
        Q(brev__in=letters) | Q(brev_i__in=letters), ansvarlige=virksomhet
    )
    return list(
        _qs(Oppdrag, user)
        .filter(pk__in=matching.values("pk"))
        .select_related("brev")
        .prefetch_related(
            Prefetch("statusrapporter", queryset=_qs(Statusrapport, user)),
            Prefetch("leveranser", queryset=_qs(Leveranse, user)),
        )
        .order_by("brev__aar", "brev_id", "rekkefolge", "pk")
    )


def _siste_statusrapport(oppdrag, *, aar, tertial):
    """The agency's latest status report up to the report's tertial."""
    reports = [r for r in oppdrag.statusrapporter.all() if (r.aar, r.tertial) <= (aar, tertial)]
    return max(reports, key=lambda r: (r.aar, r.tertial), default=None)


def _siste_leveranse(oppdrag, *, periode_til):
    deliveries = [d for d in oppdrag.leveranser.all() if d.dato <= periode_til]
    return max(deliveries, key=lambda d: (d.dato, d.pk), default=None)


def oppdragsrad(oppdrag, *, aar, tertial, periode_til):
    """One assignment of the report: its situation, deadline, delivery and status."""
    report = _siste_statusrapport(oppdrag, aar=aar, tertial=tertial)
    return {
        "oppdrag": oppdrag,
        "situasjon": situasjon(oppdrag, periode_til=periode_til),
        "status": oppdrag.get_status_display(),
        "statusrapport": report,
        "statusrapport_periode": (
            perioder.periodenavn_i_aar(
                aar=report.aar, nummer=report.tertial, frekvens=Frekvens.TERTIAL
            )
            if report
            else ""
        ),
        "leveranse": _siste_leveranse(oppdrag, periode_til=periode_til),
    }


def _frist_tekst(oppdrag):
    text = " ".join(oppdrag.frist_tekst.split())
    if oppdrag.forfall and date_format(oppdrag.forfall, "SHORT_DATE_FORMAT") not in text:
        due = _("due %(date)s") % {"date": date_format(oppdrag.forfall, "SHORT_DATE_FORMAT")}
        return f"{text} ({due})" if text else due
    return text


def hent_tertial_oppdrag(*, virksomhet, periode_fra, periode_til, user):
    """Every assignment of the agency's letter for the year, grouped by where it stands
    at the end of the tertial."""
    aar = periode_til.year
    tertial = perioder.tertial(periode_fra)
    neste_tertial = perioder.neste_periode(periode_til, frekvens=Frekvens.TERTIAL)
    rows = [
        oppdragsrad(oppdrag, aar=aar, tertial=tertial, periode_til=periode_til)
        for oppdrag in _oppdrag(virksomhet=virksomhet, aar=aar, user=user)
    ]
    groups = [
        {
            "kode": key,
            "navn": Situasjon.LABELS[key],
            "rader": [row for row in rows if row["situasjon"] == key],
        }
        for key in Situasjon.REKKEFOLGE
    ]
    without_report = sum(
        1
        for row in rows
        if row["oppdrag"].status in AAPNE
        and (
            row["statusrapport"] is None
            or (row["statusrapport"].aar, row["statusrapport"].tertial) != (aar, tertial)
        )
    )
    table = Tabell(
        tittel=_("Assignments %(year)s") % {"year": aar},
        kolonner=[
            _("Code"),
            _("Assignment"),
            _("Deadline"),
            _("Status"),
            _("Situation at the end of the tertial"),
            _("Latest status report"),
            _("Status report for"),
        ],
        rader=[
            [
                row["oppdrag"].kode,
                row["oppdrag"].tekst,
                _frist_tekst(row["oppdrag"]),
                str(row["status"]),
                str(Situasjon.LABELS[row["situasjon"]]),
                row["statusrapport"].tekst if row["statusrapport"] else "",
                row["statusrapport_periode"],
            ]
            for row in rows
        ],
    )
    return Innhold(
        context={
            "aar": aar,
            "tertial": tertial,
            "oppdragsgrupper": groups,
            "antall": len(rows),
            "uten_statusrapport": without_report,
            "neste_tertial_slutt": neste_tertial[1],
        },
        tabeller=[table] if rows else [],
        har_data=bool(rows),
        datagrunnlag={"mangler": [], "forelopige": 0},
    )
