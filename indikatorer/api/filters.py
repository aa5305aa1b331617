"""Filters of the indicator API. Like the letters' filters they narrow the user's scoped
queryset, never widen it, and name objects by id or organisation code."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
        return _matching(queryset, Q(brev__aar=value))

    def filter_virksomhet(self, queryset, name, value):
        return _matching(queryset, Q(eier__kode=value) | Q(bidragsytere__kode=value))

    def filter_brev(self, queryset, name, value):
        return _matching(queryset, Q(brev=value))


def _matching(queryset, condition):
    """``queryset`` narrowed to ``condition`` over a many-valued relation, without
    repeating rows."""
    return queryset.filter(pk__in=Indikator.objects.filter(condition).values("pk"))


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
        indicators = Indikator.objects.filter(
            Q(eier__kode=value) | Q(bidragsytere__kode=value)
        ).values("pk")
        return queryset.filter(indikator__in=indicators)


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
