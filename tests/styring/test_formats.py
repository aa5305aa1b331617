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
