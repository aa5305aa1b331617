"""Health check for docker-compose and monitoring: do the database, broker and cache answer?"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _broker():
    from config.celery import app

    if app.conf.task_always_eager:
        return "inline"
    from kombu import Connection

    # A fresh connection each time: a pooled one could hide a broker that has gone away.
    with Connection(app.conf.broker_url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _cache():
    from django.core.cache import cache

    cache.set("helse", "ok", timeout=10)
    if cache.get("helse") != "ok":
        raise RuntimeError("the cache did not keep a value")
    return "ok"


CHECKS = {"database": _database, "broker": _broker, "cache": _cache}


@login_not_required
@never_cache
def helse(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            # The response is public: log the reason, answer only that it failed.
            logger.exception("Health check %s failed", name)
            results[name] = "feil"
    healthy = all(value != "feil" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "feil", **results}, status=200 if healthy else 503
    )
