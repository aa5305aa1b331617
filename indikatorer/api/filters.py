"""Filters of the indicator API. Like the letters' filters they narrow the user's scoped
queryset, never widen it, and name objects by id or organisation code. Indicators are
narrowed as the list page narrows them (``selectors.filtrer_indikatorer``)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from indikatorer import selectors
from indikatorer.models import Indikator, Maalverdi, Resultat
from styring.api.filters import AarFilter, HeltallFilter, VirksomhetFilter


class IndikatorFilter(django_filters.FilterSet):
    """Indicators by the year of a letter they appear in, organisation (owner or
    contributor), letter, set, kind and goal."""

    aar = AarFilter(method="filter_aar")
    virksomhet = VirksomhetFilter(
        method="filter_virksomhet", label=_("organisation (owner or contributor)")
    )
    brev = HeltallFilter(method="filter_brev", label=_("letter"))
    sett = HeltallFilter(field_name="sett", label=_("indicator set"))
    maal = HeltallFilter(field_name="maal", label=_("goal or measure"))

    class Meta:
        model = Indikator
        fields = ["aar", "virksomhet", "brev", "sett", "type", "maal"]

    def filter_aar(self, queryset, name, value):
        return selectors.filtrer_indikatorer(queryset, aar=value)

    def filter_virksomhet(self, queryset, name, value):
        return selectors.filtrer_indikatorer(queryset, virksomhet=value)

    def filter_brev(self, queryset, name, value):
        return selectors.filtrer_indikatorer(queryset, brev=value)


class MaalverdiFilter(django_filters.FilterSet):
    indikator = HeltallFilter(field_name="indikator", label=_("indicator"))
    aar = AarFilter(field_name="aar")
    virksomhet = VirksomhetFilter(
        method="filter_virksomhet", label=_("organisation (owner or contributor)")
    )

    class Meta:
        model = Maalverdi
        fields = ["indikator", "aar", "virksomhet"]

    def filter_virksomhet(self, queryset, name, value):
        return selectors.maalverdier_for_virksomhet(queryset, value)


class ResultatFilter(django_filters.FilterSet):
    indikator = HeltallFilter(field_name="indikator", label=_("indicator"))
    aar = AarFilter(field_name="aar")
    virksomhet = VirksomhetFilter(field_name="virksomhet__kode", label=_("organisation"))
    samlet = django_filters.BooleanFilter(
        field_name="virksomhet", lookup_expr="isnull", label=_("for the whole indicator")
    )

    class Meta:
        model = Resultat
        fields = ["indikator", "aar", "virksomhet", "samlet", "periode"]
