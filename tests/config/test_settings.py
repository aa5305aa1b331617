"""Settings come from the environment, with clear messages for bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sqlite_url_relative_and_absolute():
    assert str(database_from_url("sqlite:///var/x.sqlite3")["NAME"]).endswith("var/x.sqlite3")
    assert str(database_from_url("sqlite:////tmp/x.sqlite3")["NAME"]) == "/tmp/x.sqlite3"


def test_postgres_url_is_split_into_django_settings():
    db = database_from_url("postgres://ola:hemmelig%21@db.example:5433/styring?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "ola",
        "hemmelig!",
        "db.example",
        "5433",
        "styring",
    )
    assert db["OPTIONS"]["sslmode"] == "require"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "støttes ikke"),
        ("postgres://postgres@127.0.0.1:5432/", "mangler databasenavn"),
        ("sqlite://", "mangler filnavn"),
    ],
)
def test_unusable_database_urls_are_explained(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url)


def test_a_wrong_database_url_gives_a_short_message_not_a_traceback():
    result = manage(
        "migrate", "--check", DATABASE_URL="postgres://postgres@127.0.0.1:1/finnes_ikke"
    )
    assert result.returncode != 0
    assert "Får ikke kontakt med databasen. Sjekk DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) <= 3


def test_an_unsupported_database_url_gives_a_short_message():
    result = manage("check", DATABASE_URL="mysql://root@localhost/x")
    assert result.returncode != 0
    assert "støttes ikke" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_to_start_without_a_real_secret_key():
    result = manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY mangler eller er for svak" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deployment_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "Zx9-!_qW" * 5,
        ALLOWED_HOSTS="etatsstyring.oslo.kommune.no",
    )
    assert result.returncode == 0, result.stderr + result.stdout
