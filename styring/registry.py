"""One registry mechanism for everything the apps add to ``styring``.

``styring`` imports none of the apps built on it. It declares its extension points as
``Registry`` instances (all of them in ``styring.registries``), and each app fills them
from its own ``contributions.py``, which ``StyringConfig.ready()`` imports for every
installed app, as ``django.contrib.admin`` autodiscovers ``admin.py``.

A registry is keyed and ordered: every value has a key, unique in its registry, and an
order number; iteration gives the values by order number, then key. Registering a key a
second time raises ``ImproperlyConfigured``, so a clash stops the start-up instead of one
app silently replacing another's contribution.
"""

import sys
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Entry:
    """One registered value, with its key, order number and the module that registered it."""

    key: str
    order: int
    value: object
    origin: str


def _caller(depth):
    return sys._getframe(depth + 1).f_globals.get("__name__", "?")


class Registry:
    """Keyed, ordered values contributed by the apps.

    ``key`` and ``order``, when given, read a value's key and order number from the
    value itself (a ``Kolonne`` carries its ``kode`` and ``rekkefolge``); otherwise each
    ``register`` call names them.
    """

    def __init__(self, name, *, key=None, order=None):
        self.name = name
        self._key_of = key
        self._order_of = order
        self._entries = {}
        self._ordered = None

    def register(self, value=None, /, *, key=None, order=None):
        """Add ``value`` and return it. Without a value, return a decorator that adds
        what it decorates: ``@registries.demodata.register(key="oppdrag", order=10)``."""
        if value is None:

            def decorator(function):
                self._add(function, key=key, order=order, origin=_caller(1))
                return function

            return decorator
        self._add(value, key=key, order=order, origin=_caller(1))
        return value

    def unregister(self, key):
        """Remove ``key`` and return its value (for tests; see ``registered``)."""
        try:
            entry = self._entries.pop(key)
        except KeyError:
            raise LookupError(f"{key!r} is not registered in {self.name!r}.") from None
        self._ordered = None
        return entry.value

    @contextmanager
    def registered(self, value, *, key=None, order=None):
        """Register ``value`` for the duration of a ``with`` block (in tests)."""
        entry = self._add(value, key=key, order=order, origin=_caller(2))
        try:
            yield value
        finally:
            self.unregister(entry.key)

    @contextmanager
    def unregistered(self, *keys):
        """Leave ``keys`` out for the duration of a ``with`` block (in tests)."""
        removed = [self._entries[key] for key in keys]
        for entry in removed:
            self.unregister(entry.key)
        try:
            yield
        finally:
            for entry in removed:
                self._entries[entry.key] = entry
            self._ordered = None

    def _add(self, value, *, key, order, origin):
        if key is None and self._key_of is not None:
            key = self._key_of(value)
        if order is None and self._order_of is not None:
            order = self._order_of(value)
        if key is None or order is None:
            raise ImproperlyConfigured(
                f"{origin}: registry {self.name!r} needs a key and an order number for {value!r}."
            )
        existing = self._entries.get(key)
        if existing is not None:
            raise ImproperlyConfigured(
                f"{key!r} is registered twice in {self.name!r}: by {existing.origin} and "
                f"by {origin}."
            )
        entry = Entry(key=key, order=order, value=value, origin=origin)
        self._entries[key] = entry
        self._ordered = None
        return entry

    def entries(self):
        """Every ``Entry``, by order number, then key."""
        if self._ordered is None:
            self._ordered = sorted(self._entries.values(), key=lambda e: (e.order, e.key))
        return list(self._ordered)

    def keys(self):
        return [entry.key for entry in self.entries()]

    def values(self):
        return [entry.value for entry in self.entries()]

    def items(self):
        return [(entry.key, entry.value) for entry in self.entries()]

    def get(self, key, default=None):
        entry = self._entries.get(key)
        return default if entry is None else entry.value

    def __getitem__(self, key):
        return self._entries[key].value

    def __contains__(self, key):
        return key in self._entries

    def __iter__(self):
        return iter(self.values())

    def __len__(self):
        return len(self._entries)

    def __repr__(self):
        return f"<Registry {self.name}: {', '.join(self.keys())}>"
