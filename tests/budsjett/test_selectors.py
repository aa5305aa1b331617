"""The budget's column of the department overview and its tasks on the home page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budsjett import selectors
from budsjett.models import Budsjettrapport
from styring.arbeidsflyt import services as arbeidsflyt
from styring.models import Virksomhet

from .test_oppfolging import EXPLAINED, FORECAST

MAY = datetime.date(2026, 5, 10)


def steered():
    return list(Virksomhet.objects.filter(styres_av__kode="SET").order_by("navn"))


def test_the_column_counts_material_and_unexplained_deviations(
    jan_apr, lagre, users, settings, frozen
):
    settings.BUDSJETT_VESENTLIGHET_PROSENT = 11
    lagre(Budsjettrapport.Type.PROGNOSE, 1, FORECAST, forklaringer={"13": EXPLAINED["13"]})
    settings.BUDSJETT_VESENTLIGHET_PROSENT = 5
    figures = selectors.oversikt_budsjett(
        virksomheter=steered(), user=users["set_styrer"], idag=MAY
    )
    bfe = Virksomhet.objects.get(kode="BFE")
    assert set(figures) == {bfe.pk}
    material, unexplained, accounts = figures[bfe.pk]
    assert (material.antall, unexplained.antall, accounts.antall) == (2, 1, 4)
    assert unexplained.obs
    assert not material.obs
    assert "april 2026" in accounts.tekst
    assert material.url == reverse("budsjett:budsjett-oppfolging", args=["BFE", 2026])
    # A user of another agency gets nothing of BFE's.
    assert (
        selectors.oversikt_budsjett(virksomheter=steered(), user=users["vel_rapportor"], idag=MAY)
        == {}
    )


def test_the_column_does_not_grow_with_the_organisations(jan_apr, users):
    every = steered()
    with CaptureQueriesContext(connection) as one:
        selectors.oversikt_budsjett(virksomheter=every[:1], user=users["set_styrer"], idag=MAY)
    with CaptureQueriesContext(connection) as all_:
        selectors.oversikt_budsjett(virksomheter=every, user=users["set_styrer"], idag=MAY)
    assert len(all_) == len(one)


def test_returned_and_waiting_reports_are_tasks(jan_apr, users):
    january = jan_apr[0]
    arbeidsflyt.lever(objekt=january, user=users["bfe_godkjenner"])
    (waiting,) = selectors.oppgaver(user=users["set_styrer"], idag=MAY)
    assert waiting.url == january.get_absolute_url()
    assert selectors.oppgaver(user=users["bfe_rapportor"], idag=MAY) == []
    arbeidsflyt.returner(objekt=january, user=users["set_styrer"], kommentar="Sjekk lønn.")
    (returned,) = selectors.oppgaver(user=users["bfe_rapportor"], idag=MAY)
    assert returned.kommentar == "Sjekk lønn."
    assert returned.obs
    assert selectors.oppgaver(user=users["vel_rapportor"], idag=MAY) == []
    assert selectors.oppgaver(user=users["bfe_leser"], idag=MAY) == []


def test_the_department_overview_page_shows_the_column(jan_apr, users, client_for, frozen):
    page = client_for(users["set_styrer"]).get(reverse("styring:avdelingsoversikt"))
    assert page.status_code == 200
    assert reverse("budsjett:budsjett-oppfolging", args=["BFE", 2026]) in page.text
