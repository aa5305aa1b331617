"""One registry mechanism: keyed and ordered, a duplicate key stops the start-up, and each
app fills the registries from its own ``contributions.py`` only."""

import ast
import os
import subprocess
import sys
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from styring import registries
from styring.navigation import MenuItem
from styring.registry import Registry

APPS = ["styring", "oppdrag", "indikatorer", "budsjett"]


@dataclass(frozen=True)
class Del:
    kode: str
    rekkefolge: int


def test_values_come_by_order_number_then_key():
    registry = Registry("test")
    registry.register("tredje", key="c", order=2)
    registry.register("første", key="b", order=1)
    registry.register("andre", key="a", order=2)
    assert list(registry) == ["første", "andre", "tredje"]
    assert registry.values() == ["første", "andre", "tredje"]
    assert registry.keys() == ["b", "a", "c"]
    assert registry.items() == [("b", "første"), ("a", "andre"), ("c", "tredje")]
    assert [entry.order for entry in registry.entries()] == [1, 2, 2]
    assert len(registry) == 3
    assert "a" in registry
    assert "x" not in registry
    assert registry["b"] == "første"
    assert registry.get("c") == "tredje"
    assert registry.get("x") is None
    assert registry.get("x", "ingen") == "ingen"
    with pytest.raises(KeyError):
        registry["x"]


def test_a_value_can_carry_its_own_key_and_order_number():
    registry = Registry("deler", key=attrgetter("kode"), order=attrgetter("rekkefolge"))
    registry.register(Del("risiko", 50))
    registry.register(Del("oppdrag", 20))
    # A key or order number given at registration wins over the value's own.
    registry.register(Del("budsjett", 30), order=10)
    assert registry.keys() == ["budsjett", "oppdrag", "risiko"]
    assert registry["oppdrag"] == Del("oppdrag", 20)


def test_a_key_or_an_order_number_is_never_guessed():
    registry = Registry("test")
    with pytest.raises(ImproperlyConfigured, match="needs a key and an order number"):
        registry.register("uten nøkkel", order=1)
    with pytest.raises(ImproperlyConfigured, match="needs a key and an order number"):
        registry.register("uten rekkefølge", key="a")
    assert len(registry) == 0


def test_a_key_registered_twice_is_an_error_that_names_both_places():
    registry = Registry("test")
    registry.register("første", key="a", order=1)
    with pytest.raises(ImproperlyConfigured) as error:
        registry.register("andre", key="a", order=2)
    assert str(error.value) == (
        "'a' is registered twice in 'test': by tests.styring.test_registry and by "
        "tests.styring.test_registry."
    )
    assert registry["a"] == "første"
    assert len(registry) == 1


def test_the_registry_is_a_decorator_too():
    registry = Registry("test")

    @registry.register(key="lag", order=1)
    def lag(*, brukere):
        return brukere

    assert registry["lag"] is lag
    assert lag(brukere=1) == 1
    (entry,) = registry.entries()
    assert entry.origin == __name__


def test_a_test_registers_for_a_with_block_only():
    registry = Registry("test")
    registry.register("fast", key="a", order=1)
    with registry.registered("midlertidig", key="b", order=0) as value:
        assert value == "midlertidig"
        assert list(registry) == ["midlertidig", "fast"]
    assert list(registry) == ["fast"]
    with pytest.raises(RuntimeError), registry.registered("midlertidig", key="b", order=0):
        raise RuntimeError
    assert list(registry) == ["fast"]
    # Nor can a test shadow a real key.
    with pytest.raises(ImproperlyConfigured), registry.registered("skygge", key="a", order=0):
        pass
    assert list(registry) == ["fast"]


def test_a_test_leaves_keys_out_for_a_with_block_only():
    registry = Registry("test")
    for order, key in enumerate("abc"):
        registry.register(key.upper(), key=key, order=order)
    with registry.unregistered("a", "c"):
        assert list(registry) == ["B"]
    assert list(registry) == ["A", "B", "C"]
    with pytest.raises(KeyError), registry.unregistered("x"):
        pass
    assert list(registry) == ["A", "B", "C"]
    with pytest.raises(LookupError):
        registry.unregister("x")


def test_a_duplicate_key_stops_the_start_up():
    """An app whose contributions take the home page's menu key: Django does not start."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.styring.dobbel_registrering.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: 'styring:forside' is registered twice in "
        in (result.stderr)
    )
    assert (
        "'menu': by styring.contributions and by tests.styring.dobbel_registrering.contributions."
        in result.stderr
    )
    assert registries.menu["styring:forside"].label != "Forsiden igjen"


def test_every_entry_comes_from_an_apps_contributions_module():
    origins = {entry.origin for registry in registries.ALLE for entry in registry.entries()}
    assert origins == {f"{app}.contributions" for app in APPS}
    for app in ("oppdrag", "indikatorer", "budsjett"):
        assert "ready" not in type(apps.get_app_config(app)).__dict__


@pytest.mark.parametrize("app", APPS)
def test_contributions_hold_registrations_only(app):
    path = Path(apps.get_app_config(app).path) / "contributions.py"
    module = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(module)
    statements = module.body[1:]
    registrations = [s for s in statements if not isinstance(s, ast.Import | ast.ImportFrom)]
    assert registrations
    names = {registry.name for registry in registries.ALLE}
    for statement in registrations:
        assert isinstance(statement, ast.Expr), ast.unparse(statement)
        call = statement.value
        assert isinstance(call, ast.Call), ast.unparse(statement)
        # registries.<name>.register(...)
        target = call.func
        assert isinstance(target, ast.Attribute), ast.unparse(statement)
        assert target.attr == "register", ast.unparse(statement)
        assert isinstance(target.value, ast.Attribute), ast.unparse(statement)
        assert target.value.attr in names, ast.unparse(statement)
        assert ast.unparse(target.value.value) == "registries", ast.unparse(statement)


def test_every_registry_is_listed():
    declared = {
        name: value for name, value in vars(registries).items() if isinstance(value, Registry)
    }
    assert set(declared.values()) == set(registries.ALLE)
    assert set(declared) == {registry.name for registry in registries.ALLE}


def test_the_menu_is_filled_by_every_app_in_order():
    assert registries.menu.keys() == [
        "styring:forside",
        "styring:avdelingsoversikt",
        "styring:virksomhet-liste",
        "styring:brev-liste",
        "oppdrag:oppdrag-oversikt",
        "indikatorer:innsendinger",
        "indikatorer:indikatorer-oversikt",
        "budsjett:budsjett",
        "styring:rapporter",
    ]
    assert all(isinstance(item, MenuItem) for item in registries.menu)
