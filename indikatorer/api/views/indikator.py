"""The indicator API: indicators, targets and results the user may see, read-only.

What it lists and computes comes from ``indikatorer.selectors``, as the pages' does.
Indicators come from the letters; targets and results are written by the pages and the
reporting that follow. Outside the user's scope an object answers 404.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from indikatorer import selectors
from indikatorer.api import filters
from indikatorer.api.serializers.indikator import (
    IndikatorSerializer,
    MaalverdiSerializer,
    ResultatSerializer,
)
from indikatorer.models import Indikator, Maalverdi, Resultat

TAG = "indikatorer"


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List the indicators the user may see"),
    retrieve=extend_schema(tags=[TAG], summary="One of the indicators"),
)
class IndikatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators owned by, contributed to by or given in a letter from the user's
    organisation, with the computed status of the latest result."""

    queryset = Indikator.objects.none()
    serializer_class = IndikatorSerializer
    filterset_class = filters.IndikatorFilter

    def get_queryset(self):
        return (
            selectors.indikatorer(user=self.request.user)
            .prefetch_related("bidragsytere", "brev")
            .order_by("pk")
        )


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List the targets the user may see"),
    retrieve=extend_schema(tags=[TAG], summary="One of the targets"),
)
class MaalverdiViewSet(viewsets.ReadOnlyModelViewSet):
    """Targets per indicator and year: as written in the letter, and as read."""

    queryset = Maalverdi.objects.none()
    serializer_class = MaalverdiSerializer
    filterset_class = filters.MaalverdiFilter

    def get_queryset(self):
        return selectors.maalverdier(user=self.request.user)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List the results the user may see"),
    retrieve=extend_schema(tags=[TAG], summary="One of the results"),
)
class ResultatViewSet(viewsets.ReadOnlyModelViewSet):
    """Results per indicator, year and (optionally) organisation and period, with the
    status computed against the year's target."""

    queryset = Resultat.objects.none()
    serializer_class = ResultatSerializer
    filterset_class = filters.ResultatFilter

    def get_queryset(self):
        return selectors.resultater(user=self.request.user)
