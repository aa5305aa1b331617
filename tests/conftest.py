"""Shared fixtures: the real organisation structure, users per role, service checks.

Tests that need PostgreSQL or Redis are marked ``postgres`` / ``redis``. Without the
service they skip, unless ``REQUIRE_SERVICES`` is set (as ``.ci/run`` does): then
they fail, so CI can never pass by skipping them.
"""

import datetime
import os

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from styring.access import Rolle
from styring.models import Bruker, Virksomhet
from tests.factories import PASSWORD, BrukerFactory

__all__ = ["PASSWORD"]


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


def pytest_configure(config):
    """Each xdist worker keeps its cache keys under a prefix of its own, so that clearing
    the cache between tests (``_clean_cache``) never clears another worker's login
    counters in a shared Redis."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        cache_settings = settings.CACHES["default"]
        cache_settings["KEY_PREFIX"] = f"{cache_settings.get('KEY_PREFIX', '')}-{worker}"


def _clear_cache():
    """Clear this process's cache: in Redis only the keys under its own prefix."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    client = backend._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*"))
    if keys:
        client.delete(*keys)


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


@pytest.fixture
def oppsummering(request):
    """``oppsummering(line)``: a line printed at the end of every run, also when the test
    passes and when it ran in another xdist worker (it travels in the test's report)."""

    def add(line):
        request.node.user_properties.append((SUMMARY, line))

    return add


SUMMARY = "oppsummering"


def pytest_terminal_summary(terminalreporter):
    """The tests' summary lines, then one plain line: how many tests ran, and how many were
    skipped."""
    stats = terminalreporter.stats
    lines = sorted(
        value
        for reports in stats.values()
        for report in reports
        for key, value in getattr(report, "user_properties", ())
        if key == SUMMARY and getattr(report, "when", "call") == "call"
    )
    if lines:
        terminalreporter.write_sep("-", "oppsummering")
        for line in lines:
            terminalreporter.write_line(line)

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
    _clear_cache()
    yield
    _clear_cache()


def _load_seeds():
    """The organisation structure and the two letters, loaded unless they are there.

    Loading the letters takes about a second, so it happens once per test database (in
    ``django_db_setup``); every test then runs in a transaction that is rolled back. A
    transactional test empties the database afterwards, and the next one loads them again.
    """
    from styring import loading

    if not Virksomhet.objects.exists():
        call_command("loaddata", "virksomheter", verbosity=0)
    loading.last_alle()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_seeds()


@pytest.fixture(scope="module")
def modul_db(django_db_setup, django_db_blocker):
    """One transaction around a whole test module, rolled back at its end.

    What a module-scoped fixture makes on top of it (demo data, say, several seconds) is
    made once for the module's tests; each test runs in a savepoint inside it, so every test
    still starts from the same data. Only for modules without transactional tests.
    """
    with django_db_blocker.unblock():
        _load_seeds()
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


@pytest.fixture
def virksomheter(db):
    """The real organisation structure from fixtures/virksomheter.json, by code."""
    if not Virksomhet.objects.exists():
        call_command("loaddata", "virksomheter", verbosity=0)
    return {v.kode: v for v in Virksomhet.objects.all()}


@pytest.fixture
def uten_brev(virksomheter):
    """The organisations alone: everything the letters brought is deleted for this test
    (and comes back when its transaction is rolled back)."""
    from django.apps import apps

    keep = {Virksomhet, Bruker}
    models = [
        model
        for label in ("budsjett", "indikatorer", "oppdrag", "styring")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model not in keep
    ]
    for model in models:
        model._base_manager.all()._raw_delete(model._base_manager.db)
    return virksomheter


@pytest.fixture
def make_user(virksomheter):
    def make(kode, rolle, username=None):
        extra = {"username": username} if username else {}
        return BrukerFactory(kode=kode, rolle=rolle or "", **extra)

    return make


def lag_brukere():
    """One user per role that matters, plus strangers: another agency and no organisation."""
    return {
        "set_styrer": BrukerFactory(kode="SET", rolle=Rolle.STYRER),
        "set_leser": BrukerFactory(kode="SET", rolle=Rolle.LESER),
        "bfe_godkjenner": BrukerFactory(kode="BFE", rolle=Rolle.GODKJENNER),
        "bfe_rapportor": BrukerFactory(kode="BFE", rolle=Rolle.RAPPORTOR),
        "bfe_leser": BrukerFactory(kode="BFE", rolle=Rolle.LESER),
        "vel_rapportor": BrukerFactory(kode="VEL", rolle=Rolle.RAPPORTOR),
        "bufdir_styrer": BrukerFactory(kode="Bufdir", rolle=Rolle.STYRER),
        "uten_virksomhet": BrukerFactory(kode=None),
    }


@pytest.fixture
def users(virksomheter):
    """One user per role that matters, plus strangers (``lag_brukere``)."""
    return lag_brukere()


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


def brevene():
    """The two real letters (loaded in ``django_db_setup``), by short name."""
    from styring.models import Tildelingsbrev

    _load_seeds()
    return {
        "bfe": Tildelingsbrev.objects.get(kilde="bfe-tildelingsbrev-2026"),
        "bufdir": Tildelingsbrev.objects.get(kilde="bufdir-disponeringsbrev-2023"),
    }


@pytest.fixture
def brev(virksomheter):
    """The two real letters, loaded from their transcriptions in fixtures/brev."""
    return brevene()


@pytest.fixture
def feb(brev):
    """BFE's belegg submission for February 2026, opened and empty."""
    from indikatorer.models.rapportering import Innsending, Skjema

    skjema = Skjema.objects.get(kode="belegg")
    fra, til = skjema.periode(datetime.date(2026, 2, 1))
    return Innsending.objects.create(
        skjema=skjema,
        virksomhet=skjema.rapportorer.get(kode="BFE"),
        periode_fra=fra,
        periode_til=til,
        frist=skjema.frist_for(til),
    )
