"""The reporting API: obligations with their fields, and submissions with their values,
saved, submitted, approved and returned through the same service as the pages
(``styring.arbeidsflyt``).

Outside the user's scope a submission answers 404; a change beyond the user's role 403;
values the domain refuses 400 with the errors keyed "field|row"; a save or an action
against an older version 409 with what is saved now.
"""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from indikatorer import selectors, skjematyper
from indikatorer.api.serializers.innsending import (
    InnsendingListeSerializer,
    InnsendingSerializer,
    KonfliktSerializer,
    LagreVerdierSerializer,
    SkjemaSerializer,
    tekst,
)
from indikatorer.models.rapportering import Innsending, Skjema, Verdi
from styring.access import Action
from styring.api.filters import AarFilter, VirksomhetFilter
from styring.api.views import FORBIDDEN
from styring.arbeidsflyt.api import ArbeidsflytApiMixin, HandlingSerializer, ReturSerializer

TAG = "rapportering"
INVALID = OpenApiResponse(description="Refused; the errors name the values (field|row).")
STALE = OpenApiResponse(
    response=KonfliktSerializer,
    description="Somebody else changed the submission since the version given; nothing was done.",
)


class InnsendingFilter(django_filters.FilterSet):
    skjema = django_filters.CharFilter(
        field_name="skjema__kode", label=gettext_lazy("reporting obligation")
    )
    virksomhet = VirksomhetFilter(field_name="virksomhet__kode")
    aar = AarFilter(field_name="periode_fra__year")

    class Meta:
        model = Innsending
        fields = ["skjema", "virksomhet", "aar", "status"]


class SkjemaFilter(django_filters.FilterSet):
    virksomhet = VirksomhetFilter(
        field_name="rapportorer__kode", label=gettext_lazy("reported by"), distinct=True
    )

    class Meta:
        model = Skjema
        fields = ["virksomhet", "type", "frekvens"]


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary="List the reporting obligations the user may see"),
    retrieve=extend_schema(tags=[TAG], summary="One of the reporting obligations"),
)
class SkjemaViewSet(viewsets.ReadOnlyModelViewSet):
    """Reporting obligations of, or issued to, the user's organisation, with their fields."""

    queryset = Skjema.objects.none()
    serializer_class = SkjemaSerializer
    filterset_class = SkjemaFilter

    def get_queryset(self):
        return (
            selectors.skjemaer(user=self.request.user)
            .prefetch_related("felt")
            .order_by("navn", "pk")
        )


WITH_VALUES = "med_verdier"


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List the submissions the user may see",
        description=f"Without their values, unless `{WITH_VALUES}=true`: a page of "
        "submissions with all their values can be large.",
        parameters=[
            OpenApiParameter(
                WITH_VALUES, bool, description="Include each submission's values (verdier)."
            )
        ],
        responses=InnsendingListeSerializer(many=True),
    ),
    retrieve=extend_schema(tags=[TAG], summary="One of the submissions, with its values"),
    lever=extend_schema(
        tags=[TAG],
        summary="Submit the submission to the department",
        description="Needs the approving role in the submission's own organisation; "
        "every required value must be there.",
        request=HandlingSerializer,
        responses={200: InnsendingSerializer, 400: INVALID, 403: FORBIDDEN, 409: STALE},
    ),
    godkjenn=extend_schema(
        tags=[TAG],
        summary="Approve the submission",
        description="Needs the department role in the organisation owning the obligation.",
        request=HandlingSerializer,
        responses={200: InnsendingSerializer, 400: INVALID, 403: FORBIDDEN, 409: STALE},
    ),
    returner=extend_schema(
        tags=[TAG],
        summary="Return the submission to the reporter",
        description="Needs the department role in the organisation owning the obligation, "
        "and a comment saying what to correct.",
        request=ReturSerializer,
        responses={200: InnsendingSerializer, 400: INVALID, 403: FORBIDDEN, 409: STALE},
    ),
)
class InnsendingViewSet(ArbeidsflytApiMixin, viewsets.ReadOnlyModelViewSet):
    """Submissions of the user's organisation, or to the obligations it owns, each with
    its values as a list of {felt, rad, verdi}.

    Submissions are opened per period by the application; they change through their
    actions (``styring.arbeidsflyt``): save values, submit, approve and return.
    """

    queryset = Innsending.objects.none()
    serializer_class = InnsendingSerializer
    filterset_class = InnsendingFilter

    def med_verdier(self):
        if self.action != "list":
            return True
        value = self.request.query_params.get(WITH_VALUES, "")
        return value.lower() in ("1", "true", "ja")

    def get_serializer_class(self):
        return InnsendingSerializer if self.med_verdier() else InnsendingListeSerializer

    def get_queryset(self):
        submissions = (
            Innsending.objects.for_user(self.request.user)
            .select_related("skjema", "virksomhet")
            .order_by("-periode_fra", "virksomhet__navn", "pk")
        )
        if not self.med_verdier():
            return submissions
        return submissions.prefetch_related(
            Prefetch(
                "verdier",
                queryset=Verdi.objects.select_related("felt").order_by(
                    "felt__rekkefolge", "felt__pk", "rad"
                ),
            )
        )

    def svar(self, objekt):
        return InnsendingSerializer(
            self.get_queryset().get(pk=objekt.pk), context=self.get_serializer_context()
        ).data

    def konfliktverdier(self, deres):
        return [
            {"felt": code, "rad": row, "verdi": tekst(value)}
            for (code, row), value in sorted(deres.items())
        ]

    @extend_schema(
        tags=[TAG],
        summary="Save values of the submission",
        description="All or nothing. Values not named keep what is saved; a null or "
        "empty verdi clears one. Needs the reporting role in the submission's "
        "organisation, and a submission that is not submitted and not locked.",
        request=LagreVerdierSerializer,
        responses={200: InnsendingSerializer, 400: INVALID, 403: FORBIDDEN, 409: STALE},
    )
    @action(detail=True, methods=["post"], url_path="verdier", url_name="verdier")
    def verdier(self, request, pk=None):
        innsending = self.get_object()
        self.krev(innsending, Action.REPORT)
        serializer = LagreVerdierSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        handler = skjematyper.for_skjema(innsending.skjema)
        fields = {felt.kode for felt in handler.felt(innsending)}
        rows = {row.nokkel for row in handler.rader(innsending)}
        raw = {key: tekst(value) for key, value in innsending.art().les(innsending).items()}
        unknown = {}
        for item in data["verdier"]:
            key = f"{item['felt']}|{item['rad']}"
            if item["felt"] not in fields:
                unknown[key] = [_("The form has no field with this code.")]
            elif item["rad"] not in rows:
                unknown[key] = [_("The form has no row with this key.")]
            else:
                raw[(item["felt"], item["rad"])] = item["verdi"]
        if unknown:
            raise serializers.ValidationError(unknown)
        return self.lagre_svar(innsending, raw=raw, versjon=data["versjon"])
