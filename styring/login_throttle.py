"""Refuse logins for a while after repeated failures, per username and per address.

The address limit is higher than the username limit: a whole office of public
servants may share one address, and one person's typos must not lock them all out.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

ADDRESS_FACTOR = 10


def _keys(username, address):
    name = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()
    return {
        f"login-failures:user:{name}": settings.LOGIN_MAX_FAILURES,
        f"login-failures:addr:{address}": settings.LOGIN_MAX_FAILURES * ADDRESS_FACTOR,
    }


def client_address(request):
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _without_cache(default):
    """With the cache (Redis) down, people can still log in: the throttle is off, and the
    health endpoint and the log say so."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except ValueError:
                raise
            except Exception:
                logger.exception("Login throttling is off: the cache does not answer")
                return default

        return wrapper

    return decorate


@_without_cache(default=False)
def is_locked(username, address):
    keys = _keys(username, address)
    counts = cache.get_many(list(keys))
    return any(counts.get(key, 0) >= limit for key, limit in keys.items())


@_without_cache(default=None)
def register_failure(username, address):
    for key in _keys(username, address):
        # add() starts the window; incr() keeps it, so the lock lasts at most one window.
        cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


@_without_cache(default=None)
def register_success(username):
    name_key = next(iter(_keys(username, "")))
    cache.delete(name_key)
