"""Filters of the assignment API. Like the letters' filters they narrow the user's scoped
queryset, never widen it, and name objects by id or organisation code."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oppdrag import selectors
from oppdrag.models import Oppdrag, Status, Statusendring
from styring.api.filters import AarFilter, HeltallFilter, VirksomhetFilter


class OppdragFilter(django_filters.FilterSet):
    """Assignments by year, responsible agency, status, kind, letter, due date and window.

    The filters validate and document the parameters; the narrowing itself is
    ``oppdrag.selectors.filtrer_oppdrag``, the same as the overview page's. The year and
    the letter match the letter the assignment was given in as well as the letters it was
    carried over into.
    """

    VINDUER = [
        ("forfalt", _("Overdue")),
        ("30", _("Due within 30 days")),
        ("venter", _("Delivered, awaiting approval")),
    ]

    aar = AarFilter(field_name="brev__aar")
    virksomhet = VirksomhetFilter(field_name="ansvarlige__kode", label=_("responsible"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))
    art = django_filters.ChoiceFilter(choices=Oppdrag.Art.choices, label=_("kind"))
    brev = HeltallFilter(field_name="brev", label=_("letter"))
    forfall_fra = django_filters.DateFilter(
        field_name="forfall", lookup_expr="gte", label=_("due from")
    )
    forfall_til = django_filters.DateFilter(
        field_name="forfall", lookup_expr="lte", label=_("due to")
    )
    vindu = django_filters.ChoiceFilter(choices=VINDUER, label=_("due"))

    class Meta:
        model = Oppdrag
        fields = [
            "aar",
            "virksomhet",
            "status",
            "art",
            "brev",
            "forfall_fra",
            "forfall_til",
            "vindu",
        ]

    def filter_queryset(self, queryset):
        # The overview page and its export narrow through the same function.
        return selectors.filtrer_oppdrag(
            oppdrag=queryset, idag=timezone.localdate(), **self.form.cleaned_data
        )


class StatusendringFilter(django_filters.FilterSet):
    oppdrag = HeltallFilter(field_name="oppdrag", label=_("assignment"))
    virksomhet = VirksomhetFilter(field_name="oppdrag__ansvarlige__kode", label=_("responsible"))

    class Meta:
        model = Statusendring
        fields = ["oppdrag", "virksomhet"]
