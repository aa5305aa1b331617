"""The department overview: one row per steered agency, figures that match the database,
links to the lists behind them, and a query count that does not grow with the agencies."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indikatorer.demo import lag_demodata
from indikatorer.models.rapportering import Innsending, Skjema, Verdi
from indikatorer.services.innsending import opprett_innsendinger
from oppdrag.models import AAPNE, Oppdrag, Status
from styring import registries
from styring.models import Virksomhet
from styring.selectors.oversikt import Dashboard

NOW = datetime.datetime(2026, 6, 20, 9, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(scope="module")
def demo(modul_db):
    with time_machine.travel(NOW, tick=False):
        lag_demodata(idag=NOW.date())
        yield


def cells(response, kode):
    row = next(r for r in response.context["rader"] if r["virksomhet"].kode == kode)
    return {
        kolonne.kode: celle
        for kolonne, celle in zip(response.context["kolonner"], row["celler"], strict=True)
    }


def test_the_overview_shows_bfe_as_the_database_counts_it(demo, users, client_for):
    today = NOW.date()
    with time_machine.travel(NOW, tick=False):
        response = client_for(users["set_styrer"]).get(reverse("styring:avdelingsoversikt"))
    assert response.status_code == 200
    bfe = cells(response, "BFE")
    overdue = Oppdrag.objects.filter(
        ansvarlige__kode="BFE", status__in=AAPNE, forfall__lt=today
    ).count()
    waiting = Oppdrag.objects.filter(ansvarlige__kode="BFE", status=Status.LEVERT).count()
    assert bfe["oppdrag"][0].antall == overdue
    assert bfe["oppdrag"][2].antall == waiting
    breaches = Verdi.objects.filter(
        innsending__virksomhet__kode="BFE",
        innsending__skjema__kode="bistandsplikt",
        innsending__status__in=["levert", "godkjent"],
        innsending__periode_fra__year=2026,
        felt__kode="brudd",
    ).aggregate(s=Sum("tall"))["s"]
    assert bfe["bistandsplikt"][0].antall == breaches
    assert f"{int(breaches)} brudd i 2026 (mål: 0)" in response.text
    late = Innsending.objects.filter(
        virksomhet__kode="BFE",
        status__in=["ikke_paabegynt", "utkast", "returnert"],
        frist__lt=today,
    ).count()
    assert bfe["innsendinger"][0].antall == late
    assert bfe["belegg"][0].url.startswith("/rapportering/")
    assert "?virksomhet=BFE&amp;vindu=forfalt" in response.text
    # Status in words and symbols, not colour alone.
    assert "Trenger oppfølging:" in response.text


def test_the_query_count_does_not_grow_with_the_agencies(demo, users, client_for, virksomheter):
    client = client_for(users["set_styrer"])
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as few:
            first = client.get(reverse("styring:avdelingsoversikt"))
        bistandsplikt = Skjema.objects.get(kode="bistandsplikt")
        for number in range(16):
            agency = Virksomhet.objects.create(
                kode=f"ETAT{number}",
                navn=f"Etat {number}",
                type=Virksomhet.Type.ETAT,
                styres_av=virksomheter["SET"],
            )
            bistandsplikt.rapportorer.add(agency)
        opprett_innsendinger(skjema=bistandsplikt, idag=NOW.date())
        with CaptureQueriesContext(connection) as many:
            second = client.get(reverse("styring:avdelingsoversikt"))
    assert len(second.context["rader"]) == len(first.context["rader"]) + 16 >= 20
    assert len(many) == len(few)


def test_the_links_to_dashboards_are_whatever_the_apps_registered(users, client, client_for):
    url = reverse("styring:avdelingsoversikt")
    # A stranger (not signed in) is sent to log in and sees no links.
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/dashboard/" not in anonymous.content.decode()
    officer = client_for(users["set_styrer"])
    response = officer.get(url)
    assert [d.kode for d in response.context["dashboards"]] == ["bistandsplikt", "belegg"]
    for dashboard in response.context["dashboards"]:
        assert dashboard.url == reverse("indikatorer:dashboard", args=[dashboard.kode])
        assert f'href="{dashboard.url}">{dashboard.navn}</a>' in response.text
    extra = Dashboard("test", "Testtavle", 15, "styring:brev-liste")
    with registries.dashboards.registered(extra):
        response = officer.get(url)
    assert [d.kode for d in response.context["dashboards"]] == ["bistandsplikt", "test", "belegg"]
    assert f'href="{reverse("styring:brev-liste")}">Testtavle</a>' in response.text
    with registries.dashboards.unregistered("bistandsplikt", "belegg"):
        response = officer.get(url)
    assert response.context["dashboards"] == []
    assert "/dashboard/" not in response.text
    assert "Testtavle" not in response.text


def test_only_steered_agencies_are_rows(demo, users, client_for):
    for name in ("bfe_rapportor", "vel_rapportor", "bufdir_styrer", "uten_virksomhet"):
        response = client_for(users[name]).get(reverse("styring:avdelingsoversikt"))
        assert response.status_code == 200
        assert "BFE" not in {r["virksomhet"].kode for r in response.context["rader"]}


def test_the_home_page_says_what_the_agency_user_must_do_now(demo, users, client_for):
    returned = (
        Innsending.objects.filter(virksomhet__kode="BFE", skjema__kode="belegg")
        .order_by("-periode_fra")
        .first()
    )
    returned.status = Innsending.Status.RETURNERT
    returned.returkommentar = "Liggedøgn for akuttinstitusjonen mangler."
    returned.save()
    with time_machine.travel(NOW, tick=False):
        response = client_for(users["bfe_rapportor"]).get(reverse("styring:forside"))
    assert "Dette bør du gjøre nå" in response.text
    assert returned.get_absolute_url() in response.text
    assert "Liggedøgn for akuttinstitusjonen mangler." in response.text
    due = Oppdrag.objects.filter(
        ansvarlige__kode="BFE",
        status__in=AAPNE,
        forfall__lte=NOW.date() + datetime.timedelta(days=30),
    )
    assert due.exists()
    for oppdrag in due:
        assert oppdrag.get_absolute_url() in response.text
    stranger = client_for(users["vel_rapportor"]).get(reverse("styring:forside"))
    assert returned.get_absolute_url() not in stranger.text
