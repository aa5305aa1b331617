"""The organisations API: scoped reads, role-checked writes, token login."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def detail(kode):
    return reverse("api:styring:virksomhet-detail", kwargs={"kode": kode})


def test_list_is_scoped_to_the_user(api_for, users):
    body = api_for(users["set_styrer"]).get(reverse("api:styring:virksomhet-list")).json()
    assert {row["kode"] for row in body["results"]} == {"SET", "BFE", "VEL", "HEL", "UDE"}

    body = api_for(users["bfe_rapportor"]).get(reverse("api:styring:virksomhet-list")).json()
    assert [row["kode"] for row in body["results"]] == ["BFE"]


def test_list_can_be_filtered_by_kind(api_for, users):
    body = (
        api_for(users["set_styrer"])
        .get(reverse("api:styring:virksomhet-list"), {"type": "etat"})
        .json()
    )
    assert {row["kode"] for row in body["results"]} == {"BFE", "VEL", "HEL", "UDE"}


@pytest.mark.parametrize(
    ("name", "kode", "status"),
    [
        ("bfe_rapportor", "BFE", 200),
        ("bfe_rapportor", "VEL", 404),
        ("vel_rapportor", "BFE", 404),
        ("uten_virksomhet", "BFE", 404),
        ("set_styrer", "BFE", 200),
    ],
)
def test_detail_is_scoped(api_for, users, name, kode, status):
    assert api_for(users[name]).get(detail(kode)).status_code == status


@pytest.mark.parametrize(
    ("name", "kode", "status"),
    [
        ("set_styrer", "BFE", 200),
        ("set_styrer", "SET", 403),
        ("bfe_godkjenner", "BFE", 403),
        ("bfe_rapportor", "BFE", 403),
        ("bfe_rapportor", "VEL", 404),
        ("vel_rapportor", "BFE", 404),
    ],
)
def test_edit_needs_the_steering_role(api_for, users, virksomheter, name, kode, status):
    response = api_for(users[name]).patch(detail(kode), {"epost": "post@bfe.oslo.kommune.no"})
    assert response.status_code == status
    virksomheter[kode].refresh_from_db()
    assert (virksomheter[kode].epost == "post@bfe.oslo.kommune.no") is (status == 200)


def test_read_only_fields_cannot_be_changed_through_the_api(api_for, users, virksomheter):
    response = api_for(users["set_styrer"]).patch(
        detail("BFE"), {"kode": "XYZ", "type": "bydel", "navn": "Barne- og familieetaten (BFE)"}
    )
    assert response.status_code == 200
    virksomheter["BFE"].refresh_from_db()
    assert (virksomheter["BFE"].kode, virksomheter["BFE"].type) == ("BFE", "etat")
    assert virksomheter["BFE"].navn == "Barne- og familieetaten (BFE)"


def test_bad_input_gets_a_400_with_a_norwegian_field_error(api_for, users, virksomheter):
    response = api_for(users["set_styrer"]).patch(detail("BFE"), {"epost": "ikke en adresse"})
    assert response.status_code == 400
    assert "Oppgi en gyldig epost-adresse." in response.json()["epost"][0]


def test_anonymous_requests_are_refused(client):
    assert client.get(reverse("api:styring:virksomhet-list")).status_code in (401, 403)


def test_token_login_and_token_authentication(client, users):
    response = client.post(
        reverse("api:token"), {"username": "bfe-rapportor", "password": "et-langt-testpassord-2026"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(key=token).user == users["bfe_rapportor"]

    body = client.get(
        reverse("api:styring:virksomhet-list"), headers={"authorization": f"Token {token}"}
    ).json()
    assert [row["kode"] for row in body["results"]] == ["BFE"]


def test_schema_and_documentation_are_served_to_logged_in_users(client_for, users, client):
    assert client.get(reverse("api:schema")).status_code in (401, 403)
    logged_in = client_for(users["bfe_leser"])
    schema = logged_in.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert b"/api/virksomheter/" in schema.content
    docs = logged_in.get(reverse("api:docs"))
    assert docs.status_code == 200
    assert b"/static/swagger-ui/" in docs.content
