"""The reporting API: submissions with their values, saved and approved through the
domain functions; obligations with their fields."""

import datetime

import pytest

from indikatorer.models.rapportering import Institusjon

URL = "/api/innsendinger/"
MARCH = datetime.date(2026, 3, 20)


@pytest.fixture
def feb(feb, monkeypatch):
    from django.utils import timezone

    # February is due 15.03 and locks after 25.03: the tests run on 20.03.
    monkeypatch.setattr(timezone, "localdate", lambda *args: MARCH)
    return feb


def institution(kind):
    return str(Institusjon.objects.get(type=kind).pk)


def full(versjon=0, liggedogn="400"):
    """Every required value of the submission."""
    values = []
    for kind, places in (("akutt", 17), ("omsorg", 30), ("behandling", 5)):
        row = institution(kind)
        values += [
            {"felt": "liggedogn", "rad": row, "verdi": liggedogn if kind == "akutt" else "10"},
            {"felt": "barn_ved_slutt", "rad": row, "verdi": str(places - 1)},
        ]
    return {"versjon": versjon, "verdier": values}


def test_the_agency_saves_values_and_reads_them_back(feb, users, api_for):
    api = api_for(users["bfe_rapportor"])
    response = api.post(f"{URL}{feb.pk}/verdier/", full(), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["versjon"] == 1
    assert response.json()["status"] == "utkast"

    listed = api.get(URL, {"skjema": "belegg", "virksomhet": "BFE", "aar": 2026}).json()
    assert [i["id"] for i in listed["results"]] == [feb.pk]
    assert "verdier" not in listed["results"][0]  # a list page stays small: values on request
    listed = api.get(
        URL, {"skjema": "belegg", "virksomhet": "BFE", "aar": 2026, "med_verdier": "true"}
    ).json()
    values = {(v["felt"], v["rad"]): v["verdi"] for v in listed["results"][0]["verdier"]}
    assert values[("liggedogn", institution("akutt"))] == "400"
    assert len(values) == 6
    assert api.get(URL, {"skjema": "bistandsplikt"}).json()["results"] == []

    # A value not named keeps what is saved; null clears one.
    response = api.post(
        f"{URL}{feb.pk}/verdier/",
        {
            "versjon": 1,
            "verdier": [{"felt": "barn_ved_slutt", "rad": institution("akutt"), "verdi": None}],
        },
        format="json",
    )
    assert response.status_code == 200
    values = {(v["felt"], v["rad"]) for v in api.get(f"{URL}{feb.pk}/").json()["verdier"]}
    assert ("liggedogn", institution("akutt")) in values
    assert ("barn_ved_slutt", institution("akutt")) not in values


def test_another_agency_gets_404(feb, users, api_for):
    api = api_for(users["vel_rapportor"])
    assert api.post(f"{URL}{feb.pk}/verdier/", full(), format="json").status_code == 404
    assert api.get(f"{URL}{feb.pk}/").status_code == 404
    assert api.get(URL).json()["results"] == []
    assert not feb.verdier.exists()


def test_wrong_values_are_400_keyed_by_field_and_row_and_change_nothing(feb, users, api_for):
    api = api_for(users["bfe_rapportor"])
    response = api.post(f"{URL}{feb.pk}/verdier/", full(liggedogn="500"), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [f"liggedogn|{institution('akutt')}"]
    assert not feb.verdier.exists()

    unknown = {"versjon": 0, "verdier": [{"felt": "finnes_ikke", "rad": "", "verdi": "1"}]}
    response = api.post(f"{URL}{feb.pk}/verdier/", unknown, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["finnes_ikke|"]


def test_a_stale_version_is_409_with_the_other_persons_values(feb, users, api_for):
    api = api_for(users["bfe_rapportor"])
    assert api.post(f"{URL}{feb.pk}/verdier/", full(), format="json").status_code == 200
    response = api.post(f"{URL}{feb.pk}/verdier/", full(liggedogn="300"), format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "samtidig_endring"
    assert body["versjon"] == 1
    theirs = {(v["felt"], v["rad"]): v["verdi"] for v in body["deres"]}
    assert theirs[("liggedogn", institution("akutt"))] == "400"
    feb.refresh_from_db()
    assert feb.versjon == 1


def test_submit_approve_and_return(feb, users, api_for):
    reporter = api_for(users["bfe_rapportor"])
    assert reporter.post(f"{URL}{feb.pk}/verdier/", full(), format="json").status_code == 200
    # Reporters save; the agency's approver submits.
    assert reporter.post(f"{URL}{feb.pk}/lever/").status_code == 403
    # The department cannot save an agency's numbers, nor approve before submission.
    department = api_for(users["set_styrer"])
    assert department.post(f"{URL}{feb.pk}/verdier/", full(1), format="json").status_code == 403
    assert department.post(f"{URL}{feb.pk}/godkjenn/").status_code == 400

    response = api_for(users["bfe_godkjenner"]).post(f"{URL}{feb.pk}/lever/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "levert"
    assert reporter.post(f"{URL}{feb.pk}/godkjenn/").status_code == 403

    response = department.post(f"{URL}{feb.pk}/godkjenn/")
    assert response.status_code == 200
    assert response.json()["status"] == "godkjent"
    values = {
        (v["felt"], v["rad"]): v["verdi"]
        for v in department.get(f"{URL}{feb.pk}/").json()["verdier"]
    }
    assert values[("liggedogn", institution("akutt"))] == "400"

    assert department.post(f"{URL}{feb.pk}/returner/", {"kommentar": ""}).status_code == 400
    response = department.post(f"{URL}{feb.pk}/returner/", {"kommentar": "Sjekk omsorg."})
    assert response.status_code == 200
    assert response.json()["status"] == "returnert"
    assert response.json()["endret_etter_godkjenning"] is True


def test_obligations_with_their_fields(brev, users, api_for):
    listed = api_for(users["bfe_rapportor"]).get("/api/rapporteringsskjema/").json()
    by_code = {s["kode"]: s for s in listed["results"]}
    assert {"belegg", "bistandsplikt"} <= set(by_code)
    belegg = by_code["belegg"]
    assert belegg["eier"] == "SET"
    assert [f["kode"] for f in belegg["felt"]] == ["liggedogn", "barn_ved_slutt", "kommentar"]
    one = api_for(users["set_styrer"]).get(f"/api/rapporteringsskjema/{belegg['id']}/")
    assert one.status_code == 200
    assert (
        api_for(users["uten_virksomhet"]).get("/api/rapporteringsskjema/").json()["results"] == []
    )
