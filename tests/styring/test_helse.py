"""/helse/ tells docker-compose and monitoring whether the database and broker answer."""

import pytest
from django.urls import reverse

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_inline_broker(client, settings):
    response = client.get(reverse("styring:helse"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in ("inline", "ok")


def test_health_fails_with_503_when_the_broker_is_unreachable(client, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    # Celery lets the CELERY_BROKER_URL environment variable win over its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get(reverse("styring:helse"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "feil",
        "database": "ok",
        "broker": "feil",
        "cache": "ok",
    }


@pytest.mark.redis
def test_health_reaches_a_real_redis_broker(client, monkeypatch):
    import os

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", os.environ["CELERY_BROKER_URL"])
    response = client.get(reverse("styring:helse"))
    assert response.json()["broker"] == "ok"
    assert response.status_code == 200


def test_with_redis_down_pages_still_serve_and_health_says_what_is_wrong(client, settings, users):
    """The cache points at a Redis that does not answer: logging in and pages still work
    (the login throttle is off), and /helse/ names the cache as the problem."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/1",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    from tests.conftest import PASSWORD

    health = client.get(reverse("styring:helse"))
    assert health.status_code == 503
    assert health.json()["cache"] == "feil"
    assert health.json()["database"] == "ok"
    login = client.post(
        reverse("styring:login"),
        {"username": users["bfe_rapportor"].username, "password": PASSWORD},
    )
    assert login.status_code == 302
    assert client.get(reverse("styring:forside")).status_code == 200
