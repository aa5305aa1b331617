"""Login in Norwegian, throttling against guessing, logout and password change."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post(reverse("styring:login"), {"username": username, "password": password})


def test_login_page_is_in_norwegian(client):
    page = client.get(reverse("styring:login")).content.decode()
    assert '<html lang="nb">' in page
    assert "Brukernavn" in page
    assert "Passord" in page
    assert "Hopp til hovedinnhold" in page


def test_a_user_logs_in_and_lands_on_the_home_page(client, users):
    response = attempt(client, "bfe-rapportor", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("styring:forside")
    assert "Barne- og familieetaten" in client.get(reverse("styring:forside")).content.decode()


def test_a_wrong_password_is_refused_with_a_norwegian_message(client, users):
    page = attempt(client, "bfe-rapportor", "feil").content.decode()
    assert "Vennligst oppgi korrekt brukernavn og passord" in page


@override_settings(LOGIN_MAX_FAILURES=3)
def test_after_too_many_failures_even_the_right_password_is_refused(client, users):
    for _ in range(3):
        attempt(client, "bfe-rapportor", "gjetting")
    response = attempt(client, "bfe-rapportor", PASSWORD)
    assert response.status_code == 200
    assert "For mange mislykkede innlogginger" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Another person at another address is not locked out by this.
    other = client.__class__(REMOTE_ADDR="10.0.0.2")
    assert attempt(other, "bfe-leser", PASSWORD).status_code == 302


@override_settings(LOGIN_MAX_FAILURES=3)
def test_many_failures_from_one_address_lock_that_address(client, users):
    from styring.login_throttle import ADDRESS_FACTOR

    for i in range(3 * ADDRESS_FACTOR):
        attempt(client, f"gjest{i}", "gjetting")
    assert attempt(client, "bfe-leser", PASSWORD).status_code == 200


@override_settings(LOGIN_MAX_FAILURES=3)
def test_token_endpoint_is_throttled_the_same_way(client, users):
    url = reverse("api:token")
    for _ in range(3):
        assert client.post(url, {"username": "bfe-leser", "password": "x"}).status_code == 400
    response = client.post(url, {"username": "bfe-leser", "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange mislykkede innlogginger" in response.json()["detail"]


def test_logout_ends_the_session(client, users):
    client.force_login(users["bfe_leser"])
    response = client.post(reverse("styring:logout"))
    assert response.status_code == 302
    assert client.get(reverse("styring:forside")).status_code == 302


def test_password_change(client, users):
    client.force_login(users["bfe_leser"])
    response = client.post(
        reverse("styring:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nytt-og-langt-passord-2026",
            "new_password2": "Nytt-og-langt-passord-2026",
        },
    )
    assert response.status_code == 302
    users["bfe_leser"].refresh_from_db()
    assert users["bfe_leser"].check_password("Nytt-og-langt-passord-2026")


def test_a_too_short_new_password_is_refused_and_the_form_shows_why(client, users):
    client.force_login(users["bfe_leser"])
    page = client.post(
        reverse("styring:password_change"),
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    ).content.decode()
    assert "Skjemaet har feil" in page
    assert "Passordet er for kort. Det må bestå av minst 12 tegn." in page
    assert 'aria-invalid="true"' in page
    users["bfe_leser"].refresh_from_db()
    assert users["bfe_leser"].check_password(PASSWORD)


def test_pages_behind_login_are_not_cached(client, users):
    client.force_login(users["bfe_leser"])
    assert "no-store" in client.get(reverse("styring:forside"))["Cache-Control"]
