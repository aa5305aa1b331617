"""The written conventions (README, *Conventions*) hold in the code, not only on paper."""

import io
import re
import tokenize
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "styring", "oppdrag", "indikatorer", "budsjett")
APPS = ("styring", "oppdrag", "indikatorer", "budsjett")

# English words in identifiers that hold "oe"; Norwegian plurals in -oer («kontoer»,
# «datoer») are spelled so, not transliterated.
ENGLISH_OE = re.compile(r"does|coerce|shoe")
O_AS_OE = re.compile(r"oe(?!r)")


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def names(path):
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    return {token.string for token in tokens if token.type == tokenize.NAME}


def test_identifiers_spell_aeoeaa_one_way():
    """æ → ae, ø → o, å → aa: no identifier keeps the letters, none writes ø as «oe»."""
    wrong = []
    for path in source_files():
        for name in names(path):
            plain = ENGLISH_OE.sub("", name.lower())
            if not name.isascii() or O_AS_OE.search(plain):
                wrong.append(f"{path.relative_to(ROOT)}: {name}")
    assert wrong == []


def test_choice_values_are_transliterated():
    """Values stored and sent by the API («lopende», «viderefort») are plain ASCII."""
    wrong = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                for value, _label in getattr(field, "flatchoices", None) or ():
                    if isinstance(value, str) and not value.isascii():
                        wrong.append(f"{model.__name__}.{field.name}: {value}")
    assert wrong == []


def url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_app_route_is_namespaced_and_ascii():
    routes = [
        name for name in url_names(get_resolver().url_patterns) if not name.startswith("admin:")
    ]
    assert "styring:avdelingsoversikt" in routes
    assert "api:oppdrag:oppdrag-list" in routes
    wrong = [
        name for name in routes if not name.isascii() or name.split(":")[0] not in {*APPS, "api"}
    ]
    assert wrong == []


def test_one_module_computes_months_and_tertials():
    """Month ends, quarters and tertials come from ``styring.perioder`` alone."""
    period_arithmetic = re.compile(r"monthrange|relativedelta|\.month - 1\) //")
    elsewhere = [
        str(path.relative_to(ROOT))
        for path in source_files()
        if period_arithmetic.search(path.read_text())
    ]
    assert elsewhere == ["styring/perioder.py"]
