"""The workflow in the API: the actions ``lever``, ``godkjenn`` and ``returner`` of a
report's viewset, and the 409 answer of a save.

Each action may carry ``versjon`` (the version the client read): when it does, the change
is made only on that version; it is always made only from the status the report is in.
A change somebody else made first answers 409 with what is there now. Who may act is
checked before the body is read, so a user without the role gets 403, not field errors.
"""

from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from styring.access import Action, permits
from styring.api.serializers import domain as shared_domain
from styring.arbeidsflyt import services

# The workflow's fields in a report's answer, the same for every kind of report.
ARBEIDSFLYTFELT = [
    "status",
    "versjon",
    "levert",
    "godkjent",
    "returkommentar",
    "endret_etter_godkjenning",
]


class ArbeidsflytKonfliktSerializer(serializers.Serializer):
    """The 409 body (``ArbeidsflytApiMixin.konflikt``); each kind of report declares
    ``deres``, the values saved now."""

    detail = serializers.CharField()
    code = serializers.CharField()
    versjon = serializers.IntegerField(help_text="The version now saved.")
    status = serializers.CharField(help_text="The status now.")


class HandlingSerializer(serializers.Serializer):
    versjon = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text="The version the report was read at: when given, 409 if it has changed.",
    )


class ReturSerializer(HandlingSerializer):
    kommentar = serializers.CharField(help_text="What the reporter should correct.")


def domain(function, /, **kwargs):
    """A service call: its ValidationError answers 400 with field errors; a conflict is
    raised for the view to answer."""
    return shared_domain(function, passthrough=(services.Samtidighetskonflikt,), **kwargs)


class ArbeidsflytApiMixin:
    """Mixed into the viewset of a report. The viewset supplies ``svar`` (the report as its
    serializer shows it) and ``konfliktverdier`` (the values of a 409, as its save takes
    them)."""

    def svar(self, objekt):
        raise NotImplementedError

    def konfliktverdier(self, deres):
        raise NotImplementedError

    def krev(self, objekt, action_):
        """403 unless the user may take ``action_`` on ``objekt``."""
        if not permits(self.request.user, action_, objekt):
            raise PermissionDenied

    def konflikt(self, conflict):
        """409: somebody else changed the report first; what is there now."""
        naa = conflict.naa
        body = {
            "detail": str(conflict.messages[0]),
            "code": conflict.code,
            "versjon": naa.versjon,
            "status": naa.status,
            "deres": self.konfliktverdier(conflict.deres),
        }
        return Response(body, status=status.HTTP_409_CONFLICT)

    def utfor(self, function, /, **kwargs):
        """Call a service on the report; its answer, or 409."""
        try:
            saved = domain(function, user=self.request.user, **kwargs)
        except services.Samtidighetskonflikt as conflict:
            return self.konflikt(conflict)
        return Response(self.svar(saved))

    def lagre_svar(self, objekt, *, raw, versjon):
        """Save values already checked for shape; the report, 400, or 409."""
        return self.utfor(services.lagre, objekt=objekt, raw=raw, versjon=versjon)

    def _handling(self, request, action_, serializer_class=HandlingSerializer):
        objekt = self.get_object()
        self.krev(objekt, action_)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return objekt, serializer.validated_data

    @action(detail=True, methods=["post"], url_path="lever", url_name="lever")
    def lever(self, request, pk=None):
        objekt, data = self._handling(request, Action.SUBMIT)
        return self.utfor(services.lever, objekt=objekt, versjon=data.get("versjon"))

    @action(detail=True, methods=["post"], url_path="godkjenn", url_name="godkjenn")
    def godkjenn(self, request, pk=None):
        objekt, data = self._handling(request, Action.APPROVE)
        return self.utfor(services.godkjenn, objekt=objekt, versjon=data.get("versjon"))

    @action(detail=True, methods=["post"], url_path="returner", url_name="returner")
    def returner(self, request, pk=None):
        objekt, data = self._handling(request, Action.APPROVE, ReturSerializer)
        return self.utfor(
            services.returner,
            objekt=objekt,
            kommentar=data["kommentar"],
            versjon=data.get("versjon"),
        )
