"""The indicator API: scoped reads of indicators, targets and results, and their filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indikatorer.models import Indikator, Maalverdi, Resultat

pytestmark = pytest.mark.django_db

HASTETILBUD = "Hastetilbud fremskaffet innen 2 timer"
UTENFOR = "Andel unge utenfor jobb, utdanning og annen opplæring for aldersgruppen 15-24 år"


def url(name, pk=None):
    if pk is None:
        return reverse(f"api:indikatorer:{name}-list")
    return reverse(f"api:indikatorer:{name}-detail", args=[pk])


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return {row["id"] for row in rows(response)}


# Scope


def test_each_organisation_lists_its_own_indicators(brev, users, api_for):
    assert len(rows(api_for(users["bfe_leser"]).get(url("indikator")))) == 10
    assert len(rows(api_for(users["set_styrer"]).get(url("indikator")))) == 10
    assert len(rows(api_for(users["bufdir_styrer"]).get(url("indikator")))) == 35
    assert rows(api_for(users["vel_rapportor"]).get(url("indikator"))) == []
    assert rows(api_for(users["vel_rapportor"]).get(url("maalverdi"))) == []
    assert rows(api_for(users["vel_rapportor"]).get(url("resultat"))) == []


def test_another_agency_cannot_open_bfes_indicator(brev, users, api_for):
    hastetilbud = Indikator.objects.get(navn=HASTETILBUD)
    api = api_for(users["vel_rapportor"])
    assert api.get(url("indikator", hastetilbud.pk)).status_code == 404
    assert api.get(url("maalverdi", hastetilbud.maalverdier.get().pk)).status_code == 404
    assert api.get(url("resultat", hastetilbud.resultater.first().pk)).status_code == 404


def test_a_contributor_reads_the_shared_indicator_not_the_others_share(
    brev, users, api_for, virksomheter
):
    shared = Indikator.objects.get(navn=UTENFOR)
    shared.bidragsytere.add(virksomheter["VEL"])
    bfe_own = Resultat.objects.create(
        indikator=shared, aar=2025, virksomhet=virksomheter["BFE"], tekst="8,5 %"
    )
    vel_own = Resultat.objects.create(
        indikator=shared, aar=2025, virksomhet=virksomheter["VEL"], tekst="9,5 %"
    )
    api = api_for(users["vel_rapportor"])
    assert ids(api.get(url("indikator"))) == {shared.pk}
    visible = ids(api.get(url("resultat")))
    assert vel_own.pk in visible
    assert bfe_own.pk not in visible
    assert len(visible) == 3  # 2023 and 2024 of the whole indicator, and VEL's own
    assert api.get(url("resultat", bfe_own.pk)).status_code == 404


def test_indicators_are_read_only(brev, users, api_for):
    hastetilbud = Indikator.objects.get(navn=HASTETILBUD)
    api = api_for(users["set_styrer"])
    assert api.post(url("indikator"), {"navn": "Ny"}, format="json").status_code == 405
    response = api.patch(url("indikator", hastetilbud.pk), {"navn": "Endret"}, format="json")
    assert response.status_code == 405
    assert api.delete(url("resultat", hastetilbud.resultater.first().pk)).status_code == 405


# Content


def test_an_indicator_with_its_computed_status(brev, users, api_for):
    hastetilbud = Indikator.objects.get(navn=HASTETILBUD)
    data = api_for(users["bfe_leser"]).get(url("indikator", hastetilbud.pk)).json()
    assert data["eier"] == "BFE"
    assert data["bidragsytere"] == ["BFE"]
    assert data["brev"] == [brev["bfe"].pk]
    assert data["sett"] is None
    assert data["status"]["status"] == "ikke_oppnaadd"
    assert data["status"]["aar"] == 2026
    assert data["url"].endswith(hastetilbud.get_absolute_url())
    shared = Indikator.objects.get(navn=UTENFOR)
    assert api_for(users["bfe_leser"]).get(url("indikator", shared.pk)).json()["sett"] == (
        "Ungt utenforskap"
    )


def test_targets_as_written_and_as_read(brev, users, api_for):
    target = Maalverdi.objects.get(indikator__kode="S 1.1.1")
    data = api_for(users["bufdir_styrer"]).get(url("maalverdi", target.pk)).json()
    assert data["aar"] == 2023
    assert data["tekst"].startswith("Minimum 80 prosent")
    assert (data["sammenligning"], data["verdi"], data["enhet"]) == ("minst", "80.0000", "prosent")


def test_results_with_status(brev, users, api_for):
    hastetilbud = Indikator.objects.get(navn=HASTETILBUD)
    found = rows(api_for(users["bfe_leser"]).get(url("resultat"), {"indikator": hastetilbud.pk}))
    assert [(r["aar"], r["tekst"], r["verdi"]) for r in found] == [
        (2023, "78,40 %", "78.4000"),
        (2024, "93,7 %", "93.7000"),
    ]
    assert {r["status"]["status"] for r in found} == {"ikke_oppnaadd"}
    assert {r["status"]["aar"] for r in found} == {2026}
    assert {r["virksomhet"] for r in found} == {None}


# Filters


def test_filters_by_year_and_organisation(brev, users, api_for):
    api = api_for(users["bufdir_styrer"])
    assert len(rows(api.get(url("indikator"), {"aar": 2023}))) == 35
    assert rows(api.get(url("indikator"), {"aar": 2026})) == []
    assert len(rows(api.get(url("indikator"), {"virksomhet": "region-ost"}))) == 35
    assert len(rows(api.get(url("indikator"), {"virksomhet": "Bufdir"}))) == 35
    assert rows(api.get(url("indikator"), {"virksomhet": "BFE"})) == []
    assert len(rows(api.get(url("maalverdi"), {"aar": 2023}))) == 35
    assert len(rows(api.get(url("maalverdi"), {"virksomhet": "region-nord"}))) == 35
    assert api.get(url("indikator"), {"aar": "tjue"}).status_code == 400

    api = api_for(users["set_styrer"])
    assert len(rows(api.get(url("indikator"), {"virksomhet": "BFE", "aar": 2026}))) == 10
    assert len(rows(api.get(url("indikator"), {"type": "klimaindikator"}))) == 2
    assert len(rows(api.get(url("resultat"), {"aar": 2024}))) == 8
    assert rows(api.get(url("resultat"), {"aar": 2024, "virksomhet": "BFE"})) == []
    assert len(rows(api.get(url("resultat"), {"aar": 2024, "samlet": "true"}))) == 8


def test_a_carried_over_indicator_counts_in_both_years(brev, users, api_for):
    from styring import services as brevtjenester

    ny = brevtjenester.lag_neste_aars_brev(brev=brev["bfe"])
    api = api_for(users["set_styrer"])
    assert len(rows(api.get(url("indikator"), {"aar": 2027}))) == 10
    assert len(rows(api.get(url("indikator"), {"brev": ny.pk}))) == 10
    in_2026 = rows(api.get(url("indikator"), {"aar": 2026}))
    assert len(in_2026) == len({row["id"] for row in in_2026}) == 10
    assert len(rows(api.get(url("maalverdi"), {"aar": 2027}))) == 10


# Query counts


def count_queries(api, path):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_the_rows(brev, users, api_for, virksomheter):
    api = api_for(users["set_styrer"])
    paths = [url("indikator"), url("maalverdi"), url("resultat")]
    before = [count_queries(api, path) for path in paths]
    for number in range(15):
        extra = Indikator.objects.create(
            navn=f"Ekstra {number}", type="resultatindikator", eier=virksomheter["BFE"]
        )
        extra.brev.add(brev["bfe"])
        extra.bidragsytere.add(virksomheter["BFE"])
        Maalverdi.objects.create(indikator=extra, aar=2026, tekst="> 5")
        Resultat.objects.create(indikator=extra, aar=2024, tekst="4")
        Resultat.objects.create(
            indikator=extra, aar=2025, tekst="6", virksomhet=virksomheter["BFE"]
        )
    assert len(rows(api.get(url("indikator")))) == 25
    assert [count_queries(api, path) for path in paths] == before
