"""Settings come from the environment, with clear messages for bad values."""

import json
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


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "Zx9-!_qW" * 5,
    "ALLOWED_HOSTS": "etatsstyring.oslo.kommune.no,testserver",
}
# Read in a fresh process: settings are fixed when Django starts.
PRODUCTION_PROBE = """
import json
import django

django.setup()
from django.conf import settings
from django.test import Client

names = [
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "FILE_UPLOAD_MAX_MEMORY_SIZE", "MAKS_OPPLASTING_MB", "MIDDLEWARE",
]
found = {name: getattr(settings, name, None) for name in names}
# An address under /api/ that no route serves: answered without a template or a database.
found["https"] = dict(Client().get("/api/finnes-ikke/", secure=True).headers)
proxied = Client().get("/api/finnes-ikke/", headers={"x-forwarded-proto": "https"})
found["proxied"] = dict(proxied.headers)
plain = Client().get("/api/finnes-ikke/")
found["http"] = [plain.status_code, plain.get("Location")]
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "SESSION_COOKIE_AGE")
    }
    environment.update(
        PRODUCTION,
        VAR_DIR=str(tmp_path_factory.mktemp("var")),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_sessions_end(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    # Session timeout: a working day at most, or at the end of the browser session.
    assert (
        production["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
        or production["SESSION_COOKIE_AGE"] <= 8 * 60 * 60
    )


def test_production_requires_https_for_a_year_including_subdomains(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    # Over plain http every address redirects to https.
    status, location = production["http"]
    assert status == 301
    assert location.startswith("https://")
    # Over https (directly, or behind a proxy that says so) the browser is told to stay.
    for response in (production["https"], production["proxied"]):
        hsts = response["Strict-Transport-Security"]
        assert f"max-age={production['SECURE_HSTS_SECONDS']}" in hsts
        assert "includeSubDomains" in hsts


def test_production_responses_forbid_framing_and_sniffing(production):
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    headers = production["https"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_limits_uploads(production):
    # Form fields and files held in memory: a few MB; larger files go to disk.
    assert 0 < production["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 10 * 2**20
    assert 0 < production["FILE_UPLOAD_MAX_MEMORY_SIZE"] <= 10 * 2**20
    # And no request body at all beyond the upload limit, checked before it is read.
    assert 0 < production["MAKS_OPPLASTING_MB"] <= 100
    middleware = production["MIDDLEWARE"]
    assert middleware.index("styring.middleware.RequestSizeMiddleware") < middleware.index(
        "django.middleware.csrf.CsrfViewMiddleware"
    )
