"""Checks that only mean something against the real services CI provides."""

import pytest
from django.core.cache import cache
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    assert int(version.split(".")[0]) >= 13


@pytest.mark.redis
def test_the_cache_is_redis_and_counts_atomically(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.add("teller", 0, timeout=30)
    assert [cache.incr("teller") for _ in range(3)] == [1, 2, 3]
