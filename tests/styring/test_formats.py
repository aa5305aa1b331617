"""Norwegian number and date formats come from settings, not from templates."""

import datetime

from django.template import Context, Template
from django.utils import translation


def render(source, **context):
    with translation.override("nb"):
        return Template("{% load l10n %}" + source).render(Context(context))


def test_amounts_use_a_space_as_thousands_separator():
    assert render("{{ v }}", v=394978) == "394\xa0978"


def test_dates_are_day_month_year_with_dots():
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=datetime.date(2026, 3, 31)) == "31.03.2026"


def test_decimals_use_a_comma():
    assert render("{{ v|floatformat:1 }}", v=93.7) == "93,7"


def test_templates_print_ids_without_a_thousands_separator():
    """With Norwegian formats, {{ obj.pk }} prints 1 000 for 1000: ids and values break."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    bare = re.compile(r"\{\{\s*[\w.]*(\.pk|\bversjon)\s*\}\}")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if bare.search(line)
    ]
    assert offenders == []
