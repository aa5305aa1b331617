"""The budget API: chapters, budget lines, changes and investments read as the letters give
them; accounts and forecasts written through the same workflow service as the pages
(``styring.arbeidsflyt``).

What it lists and computes comes from ``budsjett.selectors``, as the pages' does, and
everything starts from ``Model.objects.for_user``: outside the user's scope an object
answers 404 and is absent from lists; a change beyond the user's role answers 403; input
the domain refuses 400 with the errors by field ("belop|<konto id>" for an amount); a
save against an older version 409 with the amounts the other person saved.
"""

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from budsjett import selectors, services
from budsjett.api.serializers import (
    BudsjettendringSerializer,
    BudsjettkonfliktSerializer,
    BudsjettlinjeSerializer,
    BudsjettrapportSerializer,
    InvesteringSerializer,
    KapittelSerializer,
    LagreBudsjettverdierSerializer,
    MaalKoblingSerializer,
    NyRapportSerializer,
    OppfolgingsradSerializer,
    PrognoseSerializer,
    RegnskapSerializer,
)
from budsjett.models import (
    Budsjettendring,
    Budsjettlinje,
    Budsjettrapport,
    Investering,
    Kapittel,
    Prognose,
    Regnskap,
)
from styring.access import Action, permits
from styring.api.filters import AarFilter, HeltallFilter, VirksomhetFilter
from styring.api.schema import NOT_FOUND
from styring.api.views import FORBIDDEN
from styring.arbeidsflyt.api import (
    ArbeidsflytApiMixin,
    HandlingSerializer,
    ReturSerializer,
    domain,
)
from styring.models import Virksomhet

TAG = "budsjett"
NOT_A_GOAL_OF_THE_LETTER = gettext_lazy("Choose a goal or measure of the letter the change is in.")
INVALID = OpenApiResponse(description="Refused; the errors name the values («belop|<konto>»).")


STALE = OpenApiResponse(
    response=BudsjettkonfliktSerializer,
    description="Somebody else changed the report since the version given; nothing was done.",
)


class KapittelFilter(django_filters.FilterSet):
    virksomhet = django_filters.CharFilter(
        method="filter_virksomhet", label=gettext_lazy("organisation")
    )

    class Meta:
        model = Kapittel
        fields = ["virksomhet", "nummer", "art", "inntekt"]

    def filter_virksomhet(self, queryset, name, value):
        ids = Kapittel.objects.filter(
            Q(eier__kode=value) | Q(linjer__virksomhet__kode=value)
        ).values("pk")
        return queryset.filter(pk__in=ids)


class LinjeFilter(django_filters.FilterSet):
    aar = AarFilter(field_name="tabell__aar", label=gettext_lazy("budget year"))
    virksomhet = VirksomhetFilter(field_name="virksomhet__kode")
    kapittel = django_filters.CharFilter(field_name="kapittel__nummer")
    brev = HeltallFilter(field_name="tabell__brev")
    budsjett = django_filters.BooleanFilter(
        method="filter_budsjett",
        label=gettext_lazy("only the lines that make up the budget"),
    )

    def filter_budsjett(self, queryset, name, value):
        return queryset.budsjett() if value else queryset


class BudsjettlinjeFilter(LinjeFilter):
    konto = django_filters.CharFilter(field_name="konto__kode")
    # By id, not chosen from every table: a filter never tells what exists outside scope.
    tabell = HeltallFilter(field_name="tabell", label=gettext_lazy("budget table"))

    class Meta:
        model = Budsjettlinje
        fields = ["aar", "virksomhet", "kapittel", "konto", "brev", "radtype", "tabell", "budsjett"]


class BudsjettendringFilter(django_filters.FilterSet):
    aar = AarFilter(field_name="tabell__aar", label=gettext_lazy("budget year"))
    virksomhet = VirksomhetFilter(field_name="virksomhet__kode")
    kapittel = django_filters.CharFilter(field_name="kapittel__nummer")
    brev = HeltallFilter(field_name="tabell__brev")
    maal = HeltallFilter(field_name="maal", label=gettext_lazy("goal or measure"))

    class Meta:
        model = Budsjettendring
        fields = ["aar", "virksomhet", "kapittel", "brev", "gruppe", "radtype", "maal"]


class InvesteringFilter(django_filters.FilterSet):
    aar = AarFilter(field_name="tabell__aar", label=gettext_lazy("budget year"))
    virksomhet = VirksomhetFilter(field_name="virksomhet__kode")
    kapittel = django_filters.CharFilter(field_name="kapittel__nummer")

    class Meta:
        model = Investering
        fields = ["aar", "virksomhet", "kapittel", "prosjekt", "radtype"]


class RapportdelFilter(django_filters.FilterSet):
    aar = AarFilter(field_name="rapport__aar")
    virksomhet = VirksomhetFilter(field_name="rapport__virksomhet__kode")
    kapittel = django_filters.CharFilter(field_name="konto__kapittel__nummer")
    konto = django_filters.CharFilter(field_name="konto__kode")


class RegnskapFilter(RapportdelFilter):
    maaned = HeltallFilter(field_name="rapport__periode", label=gettext_lazy("month"), max_value=12)

    class Meta:
        model = Regnskap
        fields = ["aar", "virksomhet", "kapittel", "konto", "maaned"]


class PrognoseFilter(RapportdelFilter):
    tertial = HeltallFilter(
        field_name="rapport__periode", label=gettext_lazy("tertial"), max_value=3
    )

    class Meta:
        model = Prognose
        fields = ["aar", "virksomhet", "kapittel", "konto", "tertial"]


class BudsjettrapportFilter(django_filters.FilterSet):
    aar = AarFilter(field_name="aar")
    virksomhet = VirksomhetFilter(field_name="virksomhet__kode")

    class Meta:
        model = Budsjettrapport
        fields = ["aar", "virksomhet", "type", "periode", "status"]


def read_only(noun):
    return extend_schema_view(
        list=extend_schema(tags=[TAG], summary=f"List the {noun} the user may see"),
        retrieve=extend_schema(tags=[TAG], summary=f"One of the {noun}"),
    )


@read_only("budget chapters")
class KapittelViewSet(viewsets.ReadOnlyModelViewSet):
    """Budget chapters with their account groups or posts."""

    queryset = Kapittel.objects.none()
    serializer_class = KapittelSerializer
    filterset_class = KapittelFilter

    def get_queryset(self):
        return selectors.kapitler(user=self.request.user)


@read_only("budget lines")
class BudsjettlinjeViewSet(viewsets.ReadOnlyModelViewSet):
    """The amounts of the letters' budget tables: one per row, organisation and year.
    Printed totals are rows of their own (``radtype`` sum), as printed."""

    queryset = Budsjettlinje.objects.none()
    serializer_class = BudsjettlinjeSerializer
    filterset_class = BudsjettlinjeFilter

    def get_queryset(self):
        return selectors.budsjettlinjer(user=self.request.user)


@read_only("budget changes")
class BudsjettendringViewSet(viewsets.ReadOnlyModelViewSet):
    """The itemised derivation of the adopted budget and the frame-reduction table, with
    an amount per year. Department staff link a change to the goal or measure it funds
    (shown on the letter's rød tråd)."""

    queryset = Budsjettendring.objects.none()
    serializer_class = BudsjettendringSerializer
    filterset_class = BudsjettendringFilter

    def get_queryset(self):
        return selectors.budsjettendringer(user=self.request.user)

    @extend_schema(
        tags=[TAG],
        summary="Link the change to the goal or measure it funds",
        description="Needs the steering role over the organisation; the goal must be one "
        "of the letter the change is in.",
        request=MaalKoblingSerializer,
        responses={200: BudsjettendringSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="maal", url_name="maal")
    def maal(self, request, pk=None):
        endring = self.get_object()
        if not permits(request.user, Action.STEER, endring.virksomhet):
            raise PermissionDenied
        serializer = MaalKoblingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal_id = serializer.validated_data["maal"]
        goal = None
        if goal_id is not None:
            goal = selectors.maal_i_brevet(endring=endring, maal_id=goal_id, user=request.user)
            if goal is None:
                raise serializers.ValidationError({"maal": [NOT_A_GOAL_OF_THE_LETTER]})
        endring.maal = goal
        endring.save(update_fields=["maal"])
        return Response(BudsjettendringSerializer(self.get_queryset().get(pk=endring.pk)).data)


@read_only("investments")
class InvesteringViewSet(viewsets.ReadOnlyModelViewSet):
    """The investment budget by project, account group and year."""

    queryset = Investering.objects.none()
    serializer_class = InvesteringSerializer
    filterset_class = InvesteringFilter

    def get_queryset(self):
        return selectors.investeringer(user=self.request.user)


@read_only("accounts")
class RegnskapViewSet(viewsets.ReadOnlyModelViewSet):
    """Accounts per month and account group or post. Written through the reports."""

    queryset = Regnskap.objects.none()
    serializer_class = RegnskapSerializer
    filterset_class = RegnskapFilter

    def get_queryset(self):
        return selectors.regnskap(user=self.request.user)


@read_only("forecasts")
class PrognoseViewSet(viewsets.ReadOnlyModelViewSet):
    """Year-end forecasts per tertial and account group or post. Written through the
    reports."""

    queryset = Prognose.objects.none()
    serializer_class = PrognoseSerializer
    filterset_class = PrognoseFilter

    def get_queryset(self):
        return selectors.prognoser(user=self.request.user)


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List the budget reports the user may see"),
    retrieve=extend_schema(tags=[TAG], summary="One of the budget reports, with its amounts"),
    create=extend_schema(
        tags=[TAG],
        summary="Open the report of a month's accounts or a tertial's forecast",
        description="Needs the reporting role in the organisation. Answers the report "
        "(201 when created, 200 when it was there already).",
        request=NyRapportSerializer,
        responses={200: BudsjettrapportSerializer, 201: BudsjettrapportSerializer, 403: FORBIDDEN},
    ),
    lever=extend_schema(
        tags=[TAG],
        summary="Submit the report to the department",
        description="Needs the approving role in the report's own organisation; every "
        "account group or post needs an amount and every material deviation an explanation.",
        request=HandlingSerializer,
        responses={200: BudsjettrapportSerializer, 400: INVALID, 403: FORBIDDEN, 409: STALE},
    ),
    godkjenn=extend_schema(
        tags=[TAG],
        summary="Approve the report",
        description="Needs the department role over the report's organisation.",
        request=HandlingSerializer,
        responses={200: BudsjettrapportSerializer, 400: INVALID, 403: FORBIDDEN, 409: STALE},
    ),
    returner=extend_schema(
        tags=[TAG],
        summary="Return the report to the organisation",
        description="Needs the department role, and a comment saying what to correct.",
        request=ReturSerializer,
        responses={200: BudsjettrapportSerializer, 400: INVALID, 403: FORBIDDEN, 409: STALE},
    ),
)
class BudsjettrapportViewSet(
    ArbeidsflytApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """An organisation's accounts of a month (``type`` regnskap, ``periode`` 1–12) or its
    year-end forecast of a tertial (``type`` prognose, ``periode`` 1–3), with the amounts;
    saved, submitted, approved and returned through the workflow (``styring.arbeidsflyt``)."""

    queryset = Budsjettrapport.objects.none()
    serializer_class = BudsjettrapportSerializer
    filterset_class = BudsjettrapportFilter

    def get_queryset(self):
        return selectors.budsjettrapporter(user=self.request.user)

    def svar(self, objekt):
        return BudsjettrapportSerializer(
            self.get_queryset().get(pk=objekt.pk), context=self.get_serializer_context()
        ).data

    def konfliktverdier(self, deres):
        return [
            {"konto": konto, "belop": amount, "forklaring": explanation}
            for konto, (amount, explanation) in sorted(deres.items())
        ]

    def create(self, request, *args, **kwargs):
        serializer = NyRapportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        virksomhet = get_object_or_404(
            Virksomhet.objects.for_user(request.user), kode=data["virksomhet"]
        )
        existed = services.finn_rapport(
            virksomhet=virksomhet,
            aar=data["aar"],
            type=data["type"],
            periode=data["periode"],
            user=request.user,
        )
        rapport = domain(
            services.aapne_rapport,
            virksomhet=virksomhet,
            aar=data["aar"],
            type=data["type"],
            periode=data["periode"],
            user=request.user,
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(self.svar(rapport), status=code)

    @extend_schema(
        tags=[TAG],
        summary="Save amounts of the report",
        description="All or nothing. Amounts not named keep what is saved; a null or empty "
        "amount clears one. A forecast that deviates materially from the budget needs "
        "``forklaring``. Needs the reporting role, and a report that is not submitted.",
        request=LagreBudsjettverdierSerializer,
        responses={200: BudsjettrapportSerializer, 400: INVALID, 403: FORBIDDEN, 409: STALE},
    )
    @action(detail=True, methods=["post"], url_path="verdier", url_name="verdier")
    def verdier(self, request, pk=None):
        rapport = self.get_object()
        self.krev(rapport, Action.REPORT)
        serializer = LagreBudsjettverdierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        raw = {
            item["konto"]: (item["belop"], item.get("forklaring") or "") for item in data["verdier"]
        }
        return self.lagre_svar(rapport, raw=raw, versjon=data["versjon"])


class OppfolgingQuery(serializers.Serializer):
    virksomhet = serializers.SlugField()
    aar = serializers.IntegerField(min_value=2000, max_value=2100)


class OppfolgingView(APIView):
    """Budget, accounts to date, the latest forecast and the deviation per account group
    or post of one organisation and year."""

    @extend_schema(
        tags=[TAG],
        summary="The follow-up of an organisation's budget for a year",
        parameters=[
            OpenApiParameter("virksomhet", str, required=True, description="Organisation code."),
            OpenApiParameter("aar", int, required=True, description="Budget year."),
        ],
        responses={200: OppfolgingsradSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request):
        query = OppfolgingQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        virksomhet = get_object_or_404(
            Virksomhet.objects.for_user(request.user), kode=query.validated_data["virksomhet"]
        )
        result = selectors.budsjettoppfolging(
            virksomhet=virksomhet, aar=query.validated_data["aar"], user=request.user
        )
        return Response(OppfolgingsradSerializer(result.rader, many=True).data)
