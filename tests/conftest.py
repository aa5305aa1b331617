"""Shared fixtures: the real organisation structure, users per role, service checks.

Tests that need PostgreSQL or Redis are marked ``postgres`` / ``redis``. Without the
service they skip, unless ``REQUIRE_SERVICES`` is set (as ``.ci/run`` does): then
they fail, so CI can never pass by skipping them.
"""

import datetime
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from styring.access import Rolle
from styring.models import Bruker, Virksomhet

PASSWORD = "et-langt-testpassord-2026"


def _services_required():
    return os.environ.get("REQUIRE_SERVICES", "").lower() in ("1", "true", "yes")


def _redis_url():
    url = os.environ.get("CELERY_BROKER_URL") or os.environ.get("CACHE_URL") or ""
    return url if url.startswith("redis") else ""


def _redis_reachable(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False
    return True


def pytest_runtest_setup(item):
    problem = None
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        problem = f"needs PostgreSQL (DATABASE_URL), this run uses {connection.vendor}"
    if item.get_closest_marker("redis"):
        url = _redis_url()
        if not url:
            problem = "needs Redis (CELERY_BROKER_URL or CACHE_URL=redis://...)"
        elif not _redis_reachable(url):
            problem = f"Redis at {url} does not answer"
    if problem:
        if _services_required():
            pytest.fail(f"REQUIRE_SERVICES is set but this test {problem}", pytrace=False)
        pytest.skip(problem)


def pytest_terminal_summary(terminalreporter):
    """One plain line at the end: how many tests ran, and how many were skipped."""
    stats = terminalreporter.stats

    def count(key):
        return len(stats.get(key, []))

    line = (
        f"Tester: {count('passed')} bestått, {count('skipped')} hoppet over, "
        f"{count('failed')} feilet"
    )
    if count("error"):
        line += f", {count('error')} feil utenfor testene (innsamling, oppsett, opprydding)"
    bad = count("failed") or count("error")
    terminalreporter.write_sep(
        "=",
        line,
        bold=True,
        red=bool(bad),
        yellow=not bad and bool(count("skipped")),
        green=not bad and not count("skipped"),
    )


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def virksomheter(db):
    """The real organisation structure from fixtures/virksomheter.json, by code."""
    call_command("loaddata", "virksomheter", verbosity=0)
    return {v.kode: v for v in Virksomhet.objects.all()}


@pytest.fixture
def make_user(virksomheter):
    def make(kode, rolle, username=None):
        org = virksomheter[kode] if kode else None
        user = Bruker(
            username=username or f"{(kode or 'ingen').lower()}-{rolle or 'uten-rolle'}",
            virksomhet=org,
            rolle=rolle or "",
        )
        user.set_password(PASSWORD)
        user.full_clean()
        user.save()
        return user

    return make


@pytest.fixture
def users(make_user):
    """One user per role that matters, plus strangers: another agency and no organisation."""
    return {
        "set_styrer": make_user("SET", Rolle.STYRER),
        "set_leser": make_user("SET", Rolle.LESER),
        "bfe_godkjenner": make_user("BFE", Rolle.GODKJENNER),
        "bfe_rapportor": make_user("BFE", Rolle.RAPPORTOR),
        "bfe_leser": make_user("BFE", Rolle.LESER),
        "vel_rapportor": make_user("VEL", Rolle.RAPPORTOR),
        "bufdir_styrer": make_user("Bufdir", Rolle.STYRER),
        "uten_virksomhet": make_user(None, None),
    }


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def login(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return login


@pytest.fixture
def brev(virksomheter):
    """The two real letters, loaded from their transcriptions in fixtures/brev."""
    from styring import brevlaster

    brevlaster.last_alle()
    from styring.models import Tildelingsbrev

    return {
        "bfe": Tildelingsbrev.objects.get(kilde="bfe-tildelingsbrev-2026"),
        "bufdir": Tildelingsbrev.objects.get(kilde="bufdir-disponeringsbrev-2023"),
    }


@pytest.fixture
def feb(brev):
    """BFE's belegg submission for February 2026, opened and empty."""
    from indikatorer.rapporteringsmodeller import Innsending, Skjema

    skjema = Skjema.objects.get(kode="belegg")
    fra, til = skjema.periode(datetime.date(2026, 2, 1))
    return Innsending.objects.create(
        skjema=skjema,
        virksomhet=skjema.rapportorer.get(kode="BFE"),
        periode_fra=fra,
        periode_til=til,
        frist=skjema.frist_for(til),
    )
