from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, Throttled
from rest_framework.permissions import SAFE_METHODS

from styring import login_throttle, selectors
from styring.access import Action, permits
from styring.api import filters
from styring.api.permissions import ScopedActionPermission
from styring.api.serializers import (
    BrevSerializer,
    ForingSerializer,
    LetterIssued,
    MaalSerializer,
    RapporteringskravSerializer,
    RisikovurderingSerializer,
    StyringsmoteSerializer,
    VirksomhetSerializer,
)
from styring.models import (
    Foring,
    Maal,
    Rapporteringskrav,
    Risikovurdering,
    Styringsmote,
    Tildelingsbrev,
    Virksomhet,
)

STILL_REFERRED_TO = gettext_lazy("This cannot be deleted while other data refers to it.")


class VirksomhetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations the user may see; department staff may edit those they steer."""

    queryset = Virksomhet.objects.none()
    serializer_class = VirksomhetSerializer
    permission_classes = [*viewsets.GenericViewSet.permission_classes, ScopedActionPermission]
    write_action = Action.STEER
    lookup_field = "kode"
    lookup_value_regex = r"[-\w]+"
    filterset_fields = ["type", "styres_av__kode"]
    http_method_names = ["get", "patch", "put", "head", "options"]

    def get_queryset(self):
        return selectors.virksomheter.virksomheter(user=self.request.user)


class InUseConflict(APIException):
    """409: other data still refers to the object (a PROTECT foreign key)."""

    status_code = 409
    default_detail = STILL_REFERRED_TO
    default_code = "i_bruk"


class ScopedModelViewSet(viewsets.ModelViewSet):
    """CRUD on scoped data: outside the user's scope 404, beyond the role 403.

    ``get_queryset`` starts from ``Model.objects.for_user``; writes to an existing
    object need ``write_action`` on it (ScopedActionPermission), and the serializer
    checks the objects a write points to. ``check_not_locked`` answers 409 for an
    object that may no longer change.
    """

    permission_classes = [*viewsets.ModelViewSet.permission_classes, ScopedActionPermission]
    write_action = Action.STEER

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in SAFE_METHODS:
            self.check_not_locked(obj)
        return obj

    def check_not_locked(self, obj):
        pass

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.save()

    @transaction.atomic
    def perform_update(self, serializer):
        serializer.save()

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as error:
            raise InUseConflict from error


CONFLICT = OpenApiResponse(description="The letter is issued and can no longer be changed.")
FORBIDDEN = OpenApiResponse(description="The user's role does not allow this change.")
IN_USE = OpenApiResponse(description="Other data still refers to the object.")


def documented(noun, serializer, *, tag, writes=None, locked=False):
    """The schema of a viewset over ``noun``: a summary per action, the write rule,
    and the 403/409 answers writes can get. Read-only when ``writes`` is None."""
    docs = {
        "list": extend_schema(tags=[tag], summary=f"List the {noun} the user may see"),
        "retrieve": extend_schema(tags=[tag], summary=f"One of the {noun}"),
    }
    if writes is None:
        return extend_schema_view(**docs)
    refused = {403: FORBIDDEN, **({409: CONFLICT} if locked else {})}
    for action, summary, status, body in (
        ("create", f"Create one of the {noun}", 201, serializer),
        ("update", f"Replace one of the {noun}", 200, serializer),
        ("partial_update", f"Change some fields of one of the {noun}", 200, serializer),
        ("destroy", f"Delete one of the {noun}", 204, None),
    ):
        responses = {status: body, **refused}
        if action == "destroy":
            responses[409] = CONFLICT if locked else IN_USE
        docs[action] = extend_schema(
            tags=[tag], summary=summary, description=writes, responses=responses
        )
    return extend_schema_view(**docs)


def letter_locked(letter):
    """409 when ``letter`` is issued: it and its parts no longer change."""
    if letter is not None and letter.er_utstedt:
        raise LetterIssued


@documented(
    "allocation letters",
    BrevSerializer,
    tag="brev",
    writes="Needs the steering role for every recipient; the issuer is the user's own "
    "organisation. Only drafts change or are deleted: an issued letter answers 409 and "
    "is changed through a supplementary letter. Issuing is not done through the API.",
    locked=True,
)
class BrevViewSet(ScopedModelViewSet):
    """Allocation letters the user issues or receives."""

    queryset = Tildelingsbrev.objects.none()
    serializer_class = BrevSerializer
    filterset_class = filters.BrevFilter

    def get_queryset(self):
        return selectors.brev.brev(user=self.request.user)

    def create(self, request, *args, **kwargs):
        if not permits(request.user, Action.STEER):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def check_not_locked(self, obj):
        letter_locked(obj)


class BrevdelViewSet(ScopedModelViewSet):
    """Parts of a letter: written by those who steer it, while it is a draft."""

    def check_not_locked(self, obj):
        letter_locked(obj.brev if obj.brev_id else None)


BREVDEL_WRITES = (
    "Needs the steering role on the letter, and the letter must be a draft "
    "(an issued letter answers 409)."
)


@documented(
    "goals and measures",
    MaalSerializer,
    tag="maal",
    writes=BREVDEL_WRITES + " The parent must be a goal of the level above.",
    locked=True,
)
class MaalViewSet(BrevdelViewSet):
    """The goal trees of the letters, and the municipality's goals every user reads."""

    queryset = Maal.objects.none()
    serializer_class = MaalSerializer
    filterset_class = filters.MaalFilter

    def get_queryset(self):
        return selectors.brev.maal(user=self.request.user)


@documented("directives", ForingSerializer, tag="foringer", writes=BREVDEL_WRITES, locked=True)
class ForingViewSet(BrevdelViewSet):
    """The directives of the letters."""

    queryset = Foring.objects.none()
    serializer_class = ForingSerializer
    filterset_class = filters.ForingFilter

    def get_queryset(self):
        return selectors.brev.foringer(user=self.request.user)


@documented("reporting requirements", RapporteringskravSerializer, tag="rapporteringskrav")
class RapporteringskravViewSet(viewsets.ReadOnlyModelViewSet):
    """The reports the letters ask for, with each delivery's period and deadline."""

    queryset = Rapporteringskrav.objects.none()
    serializer_class = RapporteringskravSerializer
    filterset_class = filters.RapporteringskravFilter

    def get_queryset(self):
        return selectors.brev.rapporteringskrav(user=self.request.user)


@documented(
    "steering meetings",
    StyringsmoteSerializer,
    tag="styringsmoter",
    writes="Needs the steering role for the meeting's agency.",
)
class StyringsmoteViewSet(ScopedModelViewSet):
    """The steering calendar: meetings between the department and its agencies."""

    queryset = Styringsmote.objects.none()
    serializer_class = StyringsmoteSerializer
    filterset_class = filters.StyringsmoteFilter

    def get_queryset(self):
        return selectors.styringsmoter.styringsmoter(user=self.request.user)


@documented(
    "risk assessments",
    RisikovurderingSerializer,
    tag="risikovurderinger",
    writes="Needs the reporting role in the assessing agency (agency staff). One "
    "assessment per goal and tertial; likelihood and consequence are 1-5.",
)
class RisikovurderingViewSet(ScopedModelViewSet):
    """The agencies' assessments of the risk that a goal is not reached, per tertial."""

    queryset = Risikovurdering.objects.none()
    serializer_class = RisikovurderingSerializer
    filterset_class = filters.RisikovurderingFilter
    write_action = Action.REPORT

    def get_queryset(self):
        return selectors.risiko.risikovurderinger(user=self.request.user)


class ThrottledAuthTokenSerializer(AuthTokenSerializer):
    def validate(self, attrs):
        request = self.context.get("request")
        username = attrs.get("username", "")
        address = login_throttle.client_address(request)
        if login_throttle.is_locked(username, address):
            raise Throttled(detail=_("Too many failed logins. Try again later."))
        try:
            validated = super().validate(attrs)
        except serializers.ValidationError:
            login_throttle.register_failure(username, address)
            raise
        login_throttle.register_success(username)
        return validated


class TokenView(ObtainAuthToken):
    """Exchange username and password for an API token (same throttling as the login page)."""

    serializer_class = ThrottledAuthTokenSerializer


def is_api(request):
    return request.path.startswith("/api/")


@login_not_required
def not_found(request, exception):
    """404 for an address no route serves: JSON under /api/, the page elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


@login_not_required
def server_error(request):
    """500: JSON under /api/, the page elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": str(APIException.default_detail)}, status=500)
    return defaults.server_error(request)
