"""Filters of the API lists. They narrow the user's scoped queryset, never widen it.

Objects are named by id or by organisation code, not chosen from a queryset, so a
filter never tells whether an object outside the user's scope exists.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from styring.models import (
    Foring,
    Maal,
    Rapporteringskrav,
    Risikovurdering,
    Styringsmote,
    Tildelingsbrev,
)
from styring.selectors.brev import filtrer_brev

# The largest id of a 64-bit primary key: a larger number would overflow the database.
MAX_ID = 2**63 - 1


class HeltallFilter(django_filters.NumberFilter):
    """A whole number within bounds (an id by default). Anything else answers 400 with a
    field error; a fraction or a number beyond the database's range would otherwise
    reach the query and fail there. The schema gives the bounds (styring.api.schema)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value=1, max_value=MAX_ID, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class AarFilter(HeltallFilter):
    """The year: the letter's by default, or the one ``field_name`` names."""

    def __init__(self, field_name="brev__aar", **kwargs):
        kwargs.setdefault("label", _("year"))
        super().__init__(field_name=field_name, min_value=1, max_value=9999, **kwargs)


class VirksomhetFilter(django_filters.CharFilter):
    """An organisation by code: a recipient of the letter by default."""

    def __init__(self, field_name="brev__mottakere__kode", **kwargs):
        kwargs.setdefault("label", _("organisation"))
        super().__init__(field_name=field_name, **kwargs)


class BrevdelFilter(django_filters.FilterSet):
    """Parts of letters: by letter id, by the letter's year and by recipient."""

    brev = HeltallFilter(field_name="brev", label=_("letter"))
    aar = AarFilter()
    virksomhet = VirksomhetFilter()


class BrevFilter(django_filters.FilterSet):
    """Validates and documents the parameters; the letter list page narrows through the
    same selector (``styring.selectors.brev.filtrer_brev``)."""

    aar = AarFilter(field_name="aar")
    virksomhet = VirksomhetFilter(field_name="mottakere__kode", label=_("recipients"))
    utsteder = django_filters.CharFilter(field_name="utsteder__kode", label=_("issued by"))

    class Meta:
        model = Tildelingsbrev
        fields = ["aar", "virksomhet", "utsteder", "type", "status"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return filtrer_brev(
            brevliste=queryset,
            aar=data["aar"],
            mottaker=data["virksomhet"],
            utsteder=data["utsteder"],
            type=data["type"],
            status=data["status"],
        )


class MaalFilter(BrevdelFilter):
    forelder = HeltallFilter(field_name="forelder", label=_("under"))

    class Meta:
        model = Maal
        fields = ["brev", "aar", "virksomhet", "nivaa", "forelder"]


class ForingFilter(BrevdelFilter):
    class Meta:
        model = Foring
        fields = ["brev", "aar", "virksomhet"]


class RapporteringskravFilter(BrevdelFilter):
    class Meta:
        model = Rapporteringskrav
        fields = ["brev", "aar", "virksomhet", "rapporttype"]


class StyringsmoteFilter(django_filters.FilterSet):
    virksomhet = VirksomhetFilter(field_name="virksomhet__kode", label=_("agency"))
    aar = AarFilter(field_name="dato__year")
    fra = django_filters.DateFilter(field_name="dato", lookup_expr="gte", label=_("period from"))
    til = django_filters.DateFilter(field_name="dato", lookup_expr="lte", label=_("period to"))
    brev = HeltallFilter(field_name="brev", label=_("letter"))

    class Meta:
        model = Styringsmote
        fields = ["virksomhet", "aar", "fra", "til", "type", "brev"]


class RisikovurderingFilter(django_filters.FilterSet):
    virksomhet = VirksomhetFilter(field_name="virksomhet__kode", label=_("agency"))
    aar = AarFilter(field_name="aar")
    maal = HeltallFilter(field_name="maal", label=_("goal or measure"))
    brev = HeltallFilter(field_name="maal__brev", label=_("letter"))

    class Meta:
        model = Risikovurdering
        fields = ["virksomhet", "aar", "tertial", "maal", "brev"]
