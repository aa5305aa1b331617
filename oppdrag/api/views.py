"""The assignment API: assignments read with their deadline, and followed up through the
same domain functions as the pages (``oppdrag.services``).

Outside the user's scope an assignment answers 404; a change beyond the user's role 403
(the domain functions raise Django's PermissionDenied); a change the domain refuses 400
with field errors.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from oppdrag import selectors, services
from oppdrag.api import filters
from oppdrag.api.serializers import (
    FristrettingSerializer,
    LeveranseSerializer,
    NyStatusSerializer,
    OppdragSerializer,
    StatusendringSerializer,
    StatusrapportSerializer,
)
from oppdrag.models import Oppdrag, Statusendring
from styring.access import Action, permits
from styring.api.serializers import domain
from styring.api.views import FORBIDDEN

TAG = "oppdrag"
INVALID = OpenApiResponse(description="The change is not valid; the errors name the fields.")


# The lists under one assignment are short: neither filtered nor paginated.
UNFILTERED = {"filter_backends": [], "pagination_class": None}


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List the assignments the user may see"),
    retrieve=extend_schema(tags=[TAG], summary="One of the assignments"),
)
class OppdragViewSet(viewsets.ReadOnlyModelViewSet):
    """Assignments given to, or by, the user's organisation, with their deadline.

    Assignments come from the letters: they are neither created nor deleted here. They
    change through their actions: status, status reports, deliveries and deadline.
    """

    queryset = Oppdrag.objects.none()
    serializer_class = OppdragSerializer
    filterset_class = filters.OppdragFilter

    def get_queryset(self):
        return selectors.synlige_oppdrag(user=self.request.user)

    def require(self, oppdrag, *actions):
        """403 unless the user may take one of ``actions`` on ``oppdrag``; checked before
        the request body, so a user without the role gets 403, not field errors."""
        user = self.request.user
        if not any(permits(user, action, oppdrag) for action in actions):
            raise PermissionDenied

    def assignment(self, oppdrag):
        return OppdragSerializer(
            self.get_queryset().get(pk=oppdrag.pk), context=self.get_serializer_context()
        ).data

    @extend_schema(
        tags=[TAG],
        summary="Change the assignment's status",
        description="Agency staff start and deliver; the department approves, returns, "
        "postpones and drops. Returning, postponing and dropping need a comment, "
        "postponing a new deadline after today. With forventet_status, the change is "
        "refused (400) when the status is no longer that one.",
        request=NyStatusSerializer,
        responses={200: OppdragSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def endre_status(self, request, pk=None):
        oppdrag = self.get_object()
        self.require(oppdrag, Action.REPORT, Action.APPROVE, Action.STEER)
        serializer = NyStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        changed = domain(
            services.endre_status,
            oppdrag=oppdrag,
            user=request.user,
            til=data["til"],
            kommentar=data["kommentar"],
            ny_frist=data["ny_frist"],
            forventet_status=data["forventet_status"] or None,
        )
        return Response(self.assignment(changed))

    @extend_schema(
        methods=["GET"],
        tags=[TAG],
        summary="The assignment's status reports",
        description="One per tertial, oldest first; not paginated.",
        responses=StatusrapportSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        tags=[TAG],
        summary="Write the status report of a tertial",
        description="Needs the reporting role in a responsible agency. Writing the report "
        "of a tertial again rewrites it (200).",
        request=StatusrapportSerializer,
        responses={
            201: StatusrapportSerializer,
            200: StatusrapportSerializer,
            400: INVALID,
            403: FORBIDDEN,
        },
    )
    @action(detail=True, methods=["get", "post"], **UNFILTERED)
    def statusrapporter(self, request, pk=None):
        oppdrag = self.get_object()
        if request.method == "GET":
            reports = oppdrag.statusrapporter.all()
            return Response(StatusrapportSerializer(reports, many=True).data)
        self.require(oppdrag, Action.REPORT)
        serializer = StatusrapportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existed = selectors.har_statusrapport(
            oppdrag=oppdrag, aar=data["aar"], tertial=data["tertial"]
        )
        report = domain(
            services.skriv_statusrapport,
            oppdrag=oppdrag,
            user=request.user,
            aar=data["aar"],
            tertial=data["tertial"],
            tekst=data["tekst"],
        )
        return Response(
            StatusrapportSerializer(report).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(
        methods=["GET"],
        tags=[TAG],
        summary="The assignment's deliveries",
        description="Oldest first; not paginated. A file is downloaded from its fil address.",
        responses=LeveranseSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        tags=[TAG],
        summary="Register a delivery",
        description="Needs the reporting role in a responsible agency. Send a file "
        "(multipart) or a link. A one-off assignment becomes delivered (levert); a "
        "recurring one is next due one interval after the delivery.",
        request=LeveranseSerializer,
        responses={201: LeveranseSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["get", "post"], **UNFILTERED)
    def leveranser(self, request, pk=None):
        oppdrag = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            deliveries = oppdrag.leveranser.all()
            return Response(LeveranseSerializer(deliveries, many=True, context=context).data)
        self.require(oppdrag, Action.REPORT)
        serializer = LeveranseSerializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        delivery = domain(
            services.registrer_leveranse,
            oppdrag=oppdrag,
            user=request.user,
            dato=data["dato"],
            beskrivelse=data.get("beskrivelse", ""),
            fil=data.get("fil"),
            lenke=data.get("lenke", ""),
        )
        return Response(
            LeveranseSerializer(delivery, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        tags=[TAG],
        summary="Set the assignment's deadline",
        description="Needs the steering role. The deadline is read from the text, or is "
        "the date given; a text that cannot be read needs the date (400).",
        request=FristrettingSerializer,
        responses={200: OppdragSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="frist", url_name="frist")
    def rett_frist(self, request, pk=None):
        oppdrag = self.get_object()
        self.require(oppdrag, Action.STEER)
        serializer = FristrettingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changed = domain(
            services.rett_frist, oppdrag=oppdrag, user=request.user, **serializer.validated_data
        )
        return Response(self.assignment(changed))


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List the status changes the user may see"),
    retrieve=extend_schema(tags=[TAG], summary="One status change"),
)
class StatusendringViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The status history of the assignments: written by the status changes, never
    changed."""

    queryset = Statusendring.objects.none()
    serializer_class = StatusendringSerializer
    filterset_class = filters.StatusendringFilter

    def get_queryset(self):
        return selectors.statusendringer(user=self.request.user)
