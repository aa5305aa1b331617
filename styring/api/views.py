from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled

from styring import login_throttle
from styring.access import Action
from styring.api.permissions import ScopedActionPermission
from styring.api.serializers import VirksomhetSerializer
from styring.models import Virksomhet


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
        return Virksomhet.objects.for_user(self.request.user).select_related("styres_av")


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
