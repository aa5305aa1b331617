"""The bistandsplikt and belegg dashboards: the report's content for a chosen period and
district or kind, within the user's scope, with a query count independent of the data."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indikatorer.demo import lag_demodata
from indikatorer.models.rapportering import Innsending, Institusjon, Verdi
from indikatorer.skjematyper import beleggsprosent
from styring.perioder import dager_i_maaned

NOW = datetime.datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(scope="module")
def demo(modul_db):
    with time_machine.travel(NOW, tick=False):
        lag_demodata(idag=NOW.date())
        yield


def get(client, kode, **params):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("indikatorer:dashboard", args=[kode]), params)


def test_the_belegg_dashboard_shows_each_institutions_occupancy(demo, users, client_for):
    response = get(client_for(users["set_styrer"]), "belegg", fra="2026-07", til="2026-07")
    assert response.status_code == 200
    assert "<svg" in response.text
    assert "Budsjetterte plasser per måned" in response.text
    july = datetime.date(2026, 7, 1)
    innsending = Innsending.objects.get(
        skjema__kode="belegg", virksomhet__kode="BFE", periode_fra=july
    )
    for institution in Institusjon.objects.filter(virksomhet__kode="BFE"):
        bed_days = Verdi.objects.get(
            innsending=innsending, felt__kode="liggedogn", rad=str(institution.pk)
        ).tall
        share = beleggsprosent(
            liggedogn=bed_days,
            plassdogn=institution.plasser_paa(innsending.periode_til) * dager_i_maaned(july),
        )
        assert f"{share:.1f}".replace(".", ",") + " %" in response.text
    acute = get(client_for(users["set_styrer"]), "belegg", type="akutt")
    names = {r["institusjon"].navn for r in acute.context["institusjonsrader"]}
    assert names == {"Demo akuttinstitusjon"}


def test_the_bistandsplikt_dashboard_filters_by_period_and_district(demo, users, client_for):
    client = client_for(users["set_styrer"])
    response = get(client, "bistandsplikt", fra="2026-01", til="2026-09")
    assert response.status_code == 200
    assert response.context["periode_navn"] == "januar 2026 – september 2026"
    assert len(response.context["bydelsrader"]) == 15
    alna = get(client, "bistandsplikt", fra="2026-01", til="2026-09", bydel="alna")
    assert [r["navn"] for r in alna.context["bydelsrader"]] == ["Bydel Alna"]
    assert all(r["bydel"] == "Bydel Alna" for r in alna.context["bruddliste"])
    bad = get(client, "bistandsplikt", fra="2026-09", til="2026-01")
    assert "Slutten kan ikke være før starten." in bad.text


def test_dashboards_stay_within_scope(demo, users, client_for):
    bfe = get(client_for(users["bfe_rapportor"]), "bistandsplikt", fra="2026-01", til="2026-09")
    assert bfe.status_code == 200
    reporters = {r["rapportert_av"] for r in bfe.context["bruddliste"]}
    assert reporters <= {"Barne- og familieetaten"}
    for name in ("vel_rapportor", "uten_virksomhet"):
        assert get(client_for(users[name]), "belegg").status_code == 404
        assert get(client_for(users[name]), "bistandsplikt").status_code == 404
    assert get(client_for(users["set_styrer"]), "ukjent").status_code == 404


def test_the_query_count_does_not_grow_with_the_months(demo, users, client_for):
    client = client_for(users["set_styrer"])
    with CaptureQueriesContext(connection) as one:
        get(client, "belegg", fra="2026-07", til="2026-07")
    with CaptureQueriesContext(connection) as nine:
        get(client, "belegg", fra="2026-01", til="2026-09")
    assert len(one) == len(nine)
    with CaptureQueriesContext(connection) as one:
        get(client, "bistandsplikt", fra="2026-07", til="2026-07")
    with CaptureQueriesContext(connection) as nine:
        get(client, "bistandsplikt", fra="2026-01", til="2026-09")
    assert len(one) == len(nine)


def test_the_indicator_page_charts_results_against_the_target(brev, users, client_for):
    from indikatorer.models import Indikator

    indikator = Indikator.objects.get(navn="Hastetilbud fremskaffet innen 2 timer")
    response = client_for(users["set_styrer"]).get(
        reverse("indikatorer:indikator", args=[indikator.pk])
    )
    assert response.status_code == 200
    svg = response.text[response.text.index("<svg") : response.text.index("</svg>")]
    assert "78,4 %" in svg  # 2023
    assert "93,7 %" in svg  # 2024
    assert "Måltall 2026: 100%" in svg
    assert "Barne- og familieetaten" in response.text  # the contributing organisation


def test_by_default_the_dashboard_shows_the_last_twelve_months(demo, users, client_for):
    response = get(client_for(users["set_styrer"]), "bistandsplikt")
    assert response.context["periode_navn"] == "oktober 2025 – september 2026"
    assert response.context["innhold"].har_data
