"""One home per figure: where a page and the API, or a dashboard and the monthly report,
show the same list or number, it is read on both and compared, for users in and out of
scope. Both sides call the same selector (``indikatorer.selectors``); these tests keep
them from drifting apart again."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from indikatorer.demo import lag_demodata
from indikatorer.models import Indikator
from styring.models import Virksomhet
from styring.registries import rapporttyper, tertialdeler

NOW = datetime.datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("Europe/Oslo"))
HASTETILBUD = "Hastetilbud fremskaffet innen 2 timer"
INSIDE = ["set_styrer", "set_leser", "bfe_rapportor", "bufdir_styrer"]
STRANGERS = ["vel_rapportor", "uten_virksomhet"]


@pytest.fixture(scope="module")
def demo(modul_db):
    with time_machine.travel(NOW, tick=False):
        lag_demodata(idag=NOW.date())
        yield


def api_rows(api, name, **params):
    response = api.get(reverse(f"api:indikatorer:{name}-list"), {"limit": 500, **params})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return body["results"]


def page_rows(client, **params):
    """Every row of the indicator list, across its pages."""
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("indikatorer:indikatorer-oversikt"), params)
    assert response.status_code == 200
    return response, list(response.context["side"].paginator.object_list)


# The indicator list and /api/indikatorer/


@pytest.mark.parametrize("role", INSIDE + STRANGERS)
def test_the_list_and_the_api_show_the_same_indicators_with_the_same_status(
    demo, users, client_for, api_for, role
):
    response, rows = page_rows(client_for(users[role]), aar="")
    page = {row["indikator"].pk: (row["vurdering"].status.value, row["aar"]) for row in rows}
    api = {
        row["id"]: (row["status"]["status"], row["status"]["aar"])
        for row in api_rows(api_for(users[role]), "indikator")
    }
    assert page == api
    counted = Counter(status for status, _year in api.values())
    assert {code: n for _label, code, n in response.context["antall"]} == {
        code: counted[code] for _label, code, _n in response.context["antall"]
    }
    if role in STRANGERS:
        assert page == {}
    else:
        assert page


@pytest.mark.parametrize(
    ("role", "kode"), [("set_styrer", "BFE"), ("bufdir_styrer", "Bufdir"), ("vel_rapportor", "VEL")]
)
@pytest.mark.parametrize("filters", [{"aar": 2026}, {"aar": 2023}, {"virksomhet": True}, {}])
def test_the_list_and_the_api_filter_alike(demo, users, client_for, api_for, role, kode, filters):
    # The page lists only organisations the user sees indicators of; the API takes any.
    filters = {k: kode if v is True else v for k, v in filters.items()}
    _response, rows = page_rows(client_for(users[role]), **{"aar": "", **filters})
    page = {row["indikator"].pk for row in rows}
    api = {row["id"] for row in api_rows(api_for(users[role]), "indikator", **filters)}
    assert page == api
    if role == "vel_rapportor":
        assert page == set()


# The indicator page and /api/resultater/


@pytest.mark.parametrize("role", INSIDE)
def test_the_indicator_page_and_the_api_give_each_result_the_same_status(
    demo, users, client_for, api_for, role
):
    indikator = Indikator.objects.get(navn=HASTETILBUD)
    with time_machine.travel(NOW, tick=False):
        response = client_for(users[role]).get(
            reverse("indikatorer:indikator", args=[indikator.pk])
        )
    if role == "bufdir_styrer":  # not BFE's letter, nor its set
        assert response.status_code == 404
        return
    assert response.status_code == 200
    context = response.context
    page = {
        row["resultat"].pk: row["vurdering"].status.value
        for row in context["aarsrader"]
        if row["resultat"] is not None
    } | {resultat.pk: vurdering.status.value for resultat, vurdering in context["delresultater"]}
    api = api_for(users[role])
    results = api_rows(api, "resultat", indikator=indikator.pk)
    assert page == {row["id"]: row["status"]["status"] for row in results}
    assert any(row["virksomhet"] for row in results)  # the demo's results of BFE's own
    own = api_rows(api, "resultat", indikator=indikator.pk, samlet="false")
    assert {r.pk for r, _v in context["delresultater"]} == {row["id"] for row in own}
    detail = api.get(reverse("api:indikatorer:indikator-detail", args=[indikator.pk])).json()
    assert detail["status"]["status"] == context["naa"]["vurdering"].status.value
    assert detail["status"]["aar"] == context["naa"]["aar"]


@pytest.mark.parametrize("role", STRANGERS)
def test_a_stranger_gets_neither_the_indicator_page_nor_its_results(
    demo, users, client_for, api_for, role
):
    indikator = Indikator.objects.get(navn=HASTETILBUD)
    with time_machine.travel(NOW, tick=False):
        response = client_for(users[role]).get(
            reverse("indikatorer:indikator", args=[indikator.pk])
        )
    assert response.status_code == 404
    api = api_for(users[role])
    assert api_rows(api, "resultat", indikator=indikator.pk) == []
    assert (
        api.get(reverse("api:indikatorer:indikator-detail", args=[indikator.pk])).status_code == 404
    )


# The dashboards and the monthly reports


def dashboard(client, kode, **params):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("indikatorer:dashboard", args=[kode]), params)


def report(kode, *, user, fra, til):
    with time_machine.travel(NOW, tick=False):
        return rapporttyper[kode].hent(
            virksomhet=Virksomhet.objects.get(kode="SET"),
            periode_fra=fra,
            periode_til=til,
            user=user,
        )


BISTANDSPLIKT_FIGURES = [
    "periode_navn",
    "kilder",
    "bydelsrader",
    "typesummer",
    "sum_etat",
    "sum_bydeler",
    "akuttrader",
    "bruddliste",
    "innsendinger",
]


def belegg_figures(context):
    return {
        "institusjoner": [
            (r["institusjon"].navn, r["plasser"], r["liggedogn"], r["belegg"], str(r["status"]))
            for r in context["institusjonsrader"]
        ],
        "typer": [
            (str(r["type"]), r["institusjoner"], r["belegg"], str(r["status"]))
            for r in context["typerader"]
        ],
        "under": [r["institusjon"].navn for r in context["under_terskel"]],
        "innsendinger": context["innsendinger"],
    }


@pytest.mark.parametrize("scheduled", [True, False])
def test_the_bistandsplikt_dashboard_shows_the_monthly_reports_figures(
    demo, users, client_for, scheduled
):
    # The department's dashboard shows what its monthly report says, sent on schedule
    # (no user) or ordered by its steerer.
    user = users["set_styrer"]
    page = dashboard(client_for(user), "bistandsplikt", fra="2026-01", til="2026-09")
    assert page.status_code == 200
    sent = report(
        "bistandsplikt-maaned",
        user=None if scheduled else user,
        fra=datetime.date(2026, 1, 1),
        til=datetime.date(2026, 9, 30),
    )
    assert sent.har_data
    for name in BISTANDSPLIKT_FIGURES:
        assert page.context[name] == sent.context[name], name
    assert page.context["sum_etat"] > 0
    assert page.context["mangler"] == sent.datagrunnlag["mangler"]
    assert page.context["forelopige"] == sent.datagrunnlag["forelopige"]


@pytest.mark.parametrize("scheduled", [True, False])
def test_the_belegg_dashboard_shows_the_monthly_reports_figures(demo, users, client_for, scheduled):
    user = users["set_styrer"]
    page = dashboard(client_for(user), "belegg", fra="2026-07", til="2026-09")
    assert page.status_code == 200
    sent = report(
        "belegg-maaned",
        user=None if scheduled else user,
        fra=datetime.date(2026, 7, 1),
        til=datetime.date(2026, 9, 30),
    )
    assert sent.har_data
    assert belegg_figures(page.context) == belegg_figures(sent.context)
    assert belegg_figures(page.context)["institusjoner"]
    assert page.context["mangler"] == sent.datagrunnlag["mangler"]


def test_an_agency_sees_on_the_dashboard_what_its_own_report_order_gives(demo, users, client_for):
    user = users["bfe_rapportor"]
    page = dashboard(client_for(user), "bistandsplikt", fra="2026-01", til="2026-09")
    ordered = report(
        "bistandsplikt-maaned",
        user=user,
        fra=datetime.date(2026, 1, 1),
        til=datetime.date(2026, 9, 30),
    )
    for name in BISTANDSPLIKT_FIGURES:
        assert page.context[name] == ordered.context[name], name
    assert {r["rapportert_av"] for r in page.context["bruddliste"]} <= {"Barne- og familieetaten"}


@pytest.mark.parametrize("role", STRANGERS)
@pytest.mark.parametrize("kode", ["bistandsplikt", "belegg"])
def test_a_stranger_gets_neither_the_dashboard_nor_the_reports_figures(
    demo, users, client_for, role, kode
):
    assert dashboard(client_for(users[role]), kode).status_code == 404
    sent = report(
        f"{kode}-maaned",
        user=users[role],
        fra=datetime.date(2026, 1, 1),
        til=datetime.date(2026, 9, 30),
    )
    assert not sent.har_data
    assert sent.context == {}


# The department overview and the tertial report


@pytest.mark.parametrize("role", ["set_styrer", "bfe_rapportor", "vel_rapportor"])
def test_the_overview_and_the_tertial_report_count_bfes_breaches_alike(
    demo, users, client_for, role
):
    user = users[role]
    bfe = Virksomhet.objects.get(kode="BFE")
    with time_machine.travel(NOW, tick=False):
        tertial = tertialdeler["indikatorer"].hent(
            virksomhet=bfe,
            periode_fra=datetime.date(2026, 1, 1),
            periode_til=datetime.date(2026, 12, 31),
            user=user,
        )
        overview = client_for(user).get(reverse("styring:avdelingsoversikt"))
    if role != "set_styrer":  # only the department has the overview
        assert overview.status_code in (403, 404) or not overview.context["rader"]
        if role == "vel_rapportor":
            assert tertial.context["bistandsplikt"] is None
        return
    row = next(r for r in overview.context["rader"] if r["virksomhet"].kode == "BFE")
    cells = dict(zip((k.kode for k in overview.context["kolonner"]), row["celler"], strict=True))
    assert cells["bistandsplikt"][0].antall == tertial.context["bistandsplikt"]["brudd"] > 0
