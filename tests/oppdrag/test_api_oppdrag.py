"""The assignment API: scoped reads, follow-up through the domain functions, filters."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oppdrag.models import Leveranse, Oppdrag, Status, Statusendring, Statusrapport

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
MARCH_20 = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=OSLO)


def url(name, pk=None, action=None):
    if action is not None:
        return reverse(f"api:oppdrag:{name}-{action}", args=[pk])
    if pk is None:
        return reverse(f"api:oppdrag:{name}-list")
    return reverse(f"api:oppdrag:{name}-detail", args=[pk])


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return {row["id"] for row in rows(response)}


def bfe(brev, text):
    return Oppdrag.objects.get(brev=brev["bfe"], frist_tekst=text)


@pytest.fixture
def frozen():
    with time_machine.travel(MARCH_20, tick=False):
        yield datetime.date(2026, 3, 20)


@pytest.fixture
def first(brev):
    """BFE's assignment 1, due 31.03.26: a one-off deadline with a date."""
    return Oppdrag.objects.get(brev=brev["bfe"], kode="1")


def status(api, oppdrag, **body):
    return api.post(url("oppdrag", oppdrag.pk, "status"), body, format="json")


def deliver(api, oppdrag, **changes):
    body = {"dato": "2026-03-18", "lenke": "https://bfe.example/leveranse"} | changes
    return api.post(url("oppdrag", oppdrag.pk, "leveranser"), body, format="json")


# Scope


def test_another_agency_neither_lists_nor_opens_bfes_assignments(brev, users, api_for, first):
    api = api_for(users["vel_rapportor"])
    assert rows(api.get(url("oppdrag"))) == []
    assert api.get(url("oppdrag", first.pk)).status_code == 404
    assert status(api, first, til="paagaar").status_code == 404
    assert deliver(api, first).status_code == 404
    assert api.get(url("oppdrag", first.pk, "statusrapporter")).status_code == 404
    assert rows(api.get(url("statusendring"))) == []
    first.refresh_from_db()
    assert first.status == Status.IKKE_STARTET


def test_agency_staff_list_their_22_assignments_with_deadline(brev, users, api_for, first):
    api = api_for(users["bfe_rapportor"])
    listed = rows(api.get(url("oppdrag")))
    assert len(listed) == 22
    assert {row["brev"] for row in listed} == {brev["bfe"].pk}
    assert {tuple(row["ansvarlige"]) for row in listed} == {("BFE",)}
    body = api.get(url("oppdrag", first.pk)).json()
    assert body["frist"] == {
        "tekst": "31.03.26",
        "type": "dato",
        "dato": "2026-03-31",
        "forelopig": False,
        "gjentakelse": None,
        "milepaeler": [],
        "forfall": "2026-03-31",
    }
    assert (body["kode"], body["status"], body["art"]) == ("1", "ikke_startet", "nytt")
    assert body["brev_i"] == []
    assert body["url"].endswith(reverse("oppdrag:oppdrag", args=[first.pk]))
    assert "maal" in body


def test_assignments_are_not_created_changed_or_deleted_directly(brev, users, api_for, first):
    api = api_for(users["set_styrer"])
    assert api.post(url("oppdrag"), {"tekst": "Nytt"}).status_code == 405
    assert api.patch(url("oppdrag", first.pk), {"tekst": "Endret"}).status_code == 405
    assert api.delete(url("oppdrag", first.pk)).status_code == 405
    assert Oppdrag.objects.filter(brev=brev["bfe"]).count() == 22


# Follow-up


def test_agency_reports_and_delivers_the_department_returns_and_approves(
    brev, users, api_for, first
):
    rapportor = api_for(users["bfe_rapportor"])
    response = rapportor.post(
        url("oppdrag", first.pk, "statusrapporter"),
        {"aar": 2026, "tertial": 1, "tekst": "Godt i gang."},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["oppdrag"] == first.pk
    # Writing the tertial again rewrites the report.
    response = rapportor.post(
        url("oppdrag", first.pk, "statusrapporter"),
        {"aar": 2026, "tertial": 1, "tekst": "Nesten ferdig."},
        format="json",
    )
    assert response.status_code == 200
    assert Statusrapport.objects.get(oppdrag=first).tekst == "Nesten ferdig."
    reports = rapportor.get(url("oppdrag", first.pk, "statusrapporter")).json()
    assert [report["tekst"] for report in reports] == ["Nesten ferdig."]

    response = deliver(rapportor, first)
    assert response.status_code == 201, response.content
    assert response.json()["lenke"] == "https://bfe.example/leveranse"
    assert response.json()["fil"] is None
    first.refresh_from_db()
    assert first.status == Status.LEVERT
    assert len(rapportor.get(url("oppdrag", first.pk, "leveranser")).json()) == 1

    # Approving is the department's.
    assert status(rapportor, first, til="godkjent").status_code == 403
    first.refresh_from_db()
    assert first.status == Status.LEVERT

    styrer = api_for(users["set_styrer"])
    response = status(styrer, first, til="returnert")
    assert response.status_code == 400
    assert list(response.json()) == ["kommentar"]
    response = status(styrer, first, til="returnert", kommentar="Mangler vedlegg.")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returnert"
    assert deliver(rapportor, first, dato="2026-03-19").status_code == 201
    response = status(styrer, first, til="godkjent", forventet_status="levert")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "godkjent"
    assert response.json()["id"] == first.pk

    history = rows(styrer.get(url("statusendring"), {"oppdrag": first.pk}))
    assert [(row["fra_status"], row["til_status"]) for row in history] == [
        ("ikke_startet", "levert"),
        ("levert", "returnert"),
        ("returnert", "levert"),
        ("levert", "godkjent"),
    ]
    assert history[1]["kommentar"] == "Mangler vedlegg."
    assert rows(styrer.get(url("statusendring"), {"virksomhet": "VEL"})) == []
    assert len(rows(rapportor.get(url("statusendring"), {"virksomhet": "BFE"}))) == 4
    # A closed assignment takes no more deliveries.
    response = deliver(rapportor, first)
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_stale_status_changes_nothing(brev, users, api_for, first):
    response = status(
        api_for(users["bfe_rapportor"]), first, til="paagaar", forventet_status="levert"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    first.refresh_from_db()
    assert first.status == Status.IKKE_STARTET
    assert not Statusendring.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"til": "ferdig"}, "til"),
        ({}, "til"),
        ({"til": "paagaar", "forventet_status": "x"}, "forventet_status"),
        ({"til": "godkjent"}, "non_field_errors"),  # not from «not started»
    ],
)
def test_bad_status_changes_get_400(brev, users, api_for, first, body, field):
    response = status(api_for(users["bfe_rapportor"]), first, **body)
    assert response.status_code == 400
    assert field in response.json()


def test_postponing_needs_a_new_deadline_after_today(brev, users, api_for, first, frozen):
    api = api_for(users["set_styrer"])
    response = status(api, first, til="utsatt", kommentar="Venter på departementet.")
    assert response.status_code == 400
    assert list(response.json()) == ["ny_frist"]
    response = status(
        api, first, til="utsatt", kommentar="Venter på departementet.", ny_frist="2026-05-15"
    )
    assert response.status_code == 200, response.content
    assert response.json()["utsatt_til"] == "2026-05-15"
    assert response.json()["frist"]["forfall"] == "2026-05-15"


def test_roles_limit_the_follow_up(brev, users, api_for, first):
    report = {"aar": 2026, "tertial": 1, "tekst": "Status"}
    leser = api_for(users["bfe_leser"])
    assert status(leser, first, til="paagaar").status_code == 403
    assert leser.post(url("oppdrag", first.pk, "statusrapporter"), report).status_code == 403
    assert deliver(leser, first).status_code == 403
    # Refused before the body is read: no field errors for a user without the role.
    assert leser.post(url("oppdrag", first.pk, "statusrapporter"), {}).status_code == 403
    styrer = api_for(users["set_styrer"])
    assert styrer.post(url("oppdrag", first.pk, "statusrapporter"), report).status_code == 403
    assert deliver(styrer, first).status_code == 403
    rapportor = api_for(users["bfe_rapportor"])
    response = rapportor.post(url("oppdrag", first.pk, "frist"), {"tekst": "1.5.2026"})
    assert response.status_code == 403
    assert not Statusrapport.objects.exists()
    assert not Leveranse.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"aar": 2026, "tertial": 4, "tekst": "Status"}, "tertial"),
        ({"aar": 1999, "tertial": 1, "tekst": "Status"}, "aar"),
        ({"aar": 2026, "tertial": 1, "tekst": "  "}, "tekst"),
    ],
)
def test_bad_status_reports_get_400(brev, users, api_for, first, body, field):
    response = api_for(users["bfe_rapportor"]).post(
        url("oppdrag", first.pk, "statusrapporter"), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_deliveries_carry_a_file_or_a_link(brev, users, api_for, first, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api = api_for(users["bfe_rapportor"])
    response = deliver(api, first, lenke="")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    response = deliver(api, first, lenke="ikke en lenke")
    assert response.status_code == 400
    assert list(response.json()) == ["lenke"]
    wrong = SimpleUploadedFile("rapport.exe", b"MZ", content_type="application/octet-stream")
    response = api.post(
        url("oppdrag", first.pk, "leveranser"), {"dato": "2026-03-18", "fil": wrong}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["fil"]
    assert not Leveranse.objects.exists()

    pdf = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = api.post(
        url("oppdrag", first.pk, "leveranser"),
        {"dato": "2026-03-18", "beskrivelse": "Rapporten", "fil": pdf},
    )
    assert response.status_code == 201, response.content
    delivery = Leveranse.objects.get()
    assert response.json()["fil"].endswith(
        reverse("oppdrag:oppdrag-leveransefil", args=[delivery.pk])
    )
    assert delivery.levert_av == users["bfe_rapportor"]
    first.refresh_from_db()
    assert first.status == Status.LEVERT


def test_the_department_sets_the_deadline(brev, users, api_for, first):
    api = api_for(users["set_styrer"])
    response = api.post(url("oppdrag", first.pk, "frist"), {"tekst": "30.06.2026"})
    assert response.status_code == 200, response.content
    assert response.json()["frist"]["dato"] == "2026-06-30"
    assert response.json()["frist"]["forfall"] == "2026-06-30"
    response = api.post(url("oppdrag", first.pk, "frist"), {"tekst": "Når det passer"})
    assert response.status_code == 400
    assert list(response.json()) == ["dato"]
    response = api.post(
        url("oppdrag", first.pk, "frist"), {"tekst": "Når det passer", "dato": "2026-09-01"}
    )
    assert response.status_code == 200
    assert response.json()["frist"]["tekst"] == "Når det passer"
    assert response.json()["frist"]["type"] == "dato"
    first.refresh_from_db()
    assert first.forfall == datetime.date(2026, 9, 1)


# Filters


def test_windows_on_march_20(brev, users, api_for, first, frozen):
    api = api_for(users["set_styrer"])
    overdue = ids(api.get(url("oppdrag"), {"vindu": "forfalt"}))
    assert bfe(brev, "20.01.2026").pk in overdue
    assert first.pk not in overdue
    soon = ids(api.get(url("oppdrag"), {"vindu": "30"}))
    assert first.pk in soon
    assert bfe(brev, "20.01.2026").pk not in soon
    assert ids(api.get(url("oppdrag"), {"vindu": "venter"})) == set()
    assert deliver(api_for(users["bfe_rapportor"]), first).status_code == 201
    assert ids(api.get(url("oppdrag"), {"vindu": "venter"})) == {first.pk}
    assert first.pk not in ids(api.get(url("oppdrag"), {"vindu": "30"}))
    assert api.get(url("oppdrag"), {"vindu": "snart"}).status_code == 400


def test_list_filters(brev, users, api_for, first):
    api = api_for(users["bufdir_styrer"])
    assert api.get(url("oppdrag"), {"aar": 2023}).json()["count"] == 92
    assert rows(api.get(url("oppdrag"), {"aar": 2026})) == []
    region = rows(api.get(url("oppdrag"), {"virksomhet": "region-ost"}))
    assert region
    assert all("region-ost" in row["ansvarlige"] for row in region)

    api = api_for(users["set_styrer"])
    assert len(rows(api.get(url("oppdrag"), {"aar": 2026, "virksomhet": "BFE"}))) == 22
    assert len(rows(api.get(url("oppdrag"), {"brev": brev["bfe"].pk}))) == 22
    assert rows(api.get(url("oppdrag"), {"brev": brev["bufdir"].pk})) == []
    new = rows(api.get(url("oppdrag"), {"art": "nytt"}))
    assert sorted(row["kode"] for row in new) == ["1", "2", "3", "4", "5"]
    assert len(rows(api.get(url("oppdrag"), {"status": "ikke_startet"}))) == 22
    assert rows(api.get(url("oppdrag"), {"status": "levert"})) == []
    due = rows(api.get(url("oppdrag"), {"forfall_fra": "2026-03-31", "forfall_til": "2026-03-31"}))
    assert first.pk in {row["id"] for row in due}
    assert {row["frist"]["forfall"] for row in due} == {"2026-03-31"}
    assert api.get(url("oppdrag"), {"status": "ferdig"}).status_code == 400
    assert api.get(url("oppdrag"), {"aar": "tjue"}).status_code == 400


def test_a_carried_over_assignment_counts_in_both_years(brev, users, api_for, first):
    from styring.models import Tildelingsbrev

    next_year = Tildelingsbrev.objects.create(
        type="tildelingsbrev", utsteder=brev["bfe"].utsteder, aar=2027
    )
    next_year.mottakere.set(brev["bfe"].mottakere.all())
    first.brev_i.add(next_year)
    api = api_for(users["set_styrer"])
    assert ids(api.get(url("oppdrag"), {"aar": 2027})) == {first.pk}
    assert ids(api.get(url("oppdrag"), {"brev": next_year.pk})) == {first.pk}
    in_2026 = rows(api.get(url("oppdrag"), {"aar": 2026}))
    assert len(in_2026) == len({row["id"] for row in in_2026}) == 22
    assert api.get(url("oppdrag", first.pk)).json()["brev_i"] == [next_year.pk]


# Query counts


def count_queries(api, path):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_the_assignments(brev, users, api_for, first):
    api = api_for(users["set_styrer"])
    before = count_queries(api, url("oppdrag"))
    for number in range(20):
        extra = Oppdrag.objects.create(
            brev=brev["bfe"],
            kode=f"X{number}",
            tekst="Ekstra",
            art="nytt",
            forfall=datetime.date(2026, 3, 25),
        )
        extra.ansvarlige.set([brev["bfe"].mottakere.get()])
    assert len(rows(api.get(url("oppdrag")))) == 42
    assert count_queries(api, url("oppdrag")) == before


def test_status_history_queries_do_not_grow(brev, users, api_for):
    styrer = api_for(users["set_styrer"])
    for oppdrag in Oppdrag.objects.filter(brev=brev["bfe"])[:3]:
        status(styrer, oppdrag, til="bortfalt", kommentar="Utgår.")
    assert len(rows(styrer.get(url("statusendring")))) == 3
    assert count_queries(styrer, url("statusendring")) == count_queries(
        styrer, url("statusendring") + "?limit=1"
    )


# Schema


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in (
        "/api/oppdrag/:",
        "/api/oppdrag/{id}/:",
        "/api/oppdrag/{id}/status/:",
        "/api/oppdrag/{id}/statusrapporter/:",
        "/api/oppdrag/{id}/leveranser/:",
        "/api/oppdrag/{id}/frist/:",
        "/api/statusendringer/:",
    ):
        assert path in schema
