"""What the monthly reports, the dashboards and the tertial report share in their layout:
axis labels, period names and the table of submissions. Their figures come from
``indikatorer.selectors``."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from styring.reports.typer import Tabell

# More institutions than this are drawn per kind, not one line each.
MAKS_LINJER = 6


def aksetekster(months):
    """Short axis labels: «jan», with the year under the first month and every January."""
    return [
        f"{date_format(day, 'b')}\n{day.year}"
        if i == 0 or day.month == 1
        else date_format(day, "b")
        for i, day in enumerate(months)
    ]


def innsendingstabell(rows):
    return Tabell(
        tittel=_("Submissions"),
        kolonner=[_("Organisation"), _("Month"), _("Status"), _("Submitted"), _("Deadline")],
        rader=[
            [
                r["virksomhet"],
                r["maaned"],
                str(r["status"]),
                date_format(r["levert"], "SHORT_DATE_FORMAT") if r["levert"] else "",
                date_format(r["frist"], "SHORT_DATE_FORMAT"),
            ]
            for r in rows
        ],
    )
