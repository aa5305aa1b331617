"""API of the report archive: list and download issued reports, order new ones."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from styring.access import Action, permits
from styring.models import Rapport, Rapportjobb, Virksomhet
from styring.registries import rapporttyper
from styring.reports import arkiv
from styring.selectors import rapporter as selectors

# What a report is of, the same for the report and the job that makes it: the kind, the
# organisation and the period.
RAPPORTFELT = ["type", "virksomhet", "periode_fra", "periode_til"]


class RapportSerializer(serializers.ModelSerializer):
    virksomhet = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    pdf = serializers.SerializerMethodField()
    excel = serializers.SerializerMethodField()

    class Meta:
        model = Rapport
        fields = [
            "id",
            *RAPPORTFELT,
            "versjon",
            "tittel",
            "generert",
            "har_data",
            "datagrunnlag",
            "pdf_sha256",
            "excel_sha256",
            "pdf",
            "excel",
        ]
        read_only_fields = fields

    def _url(self, obj, name):
        request = self.context.get("request")
        url = f"/api/rapporter/{obj.pk}/{name}/"
        return request.build_absolute_uri(url) if request else url

    def get_pdf(self, obj) -> str:
        return self._url(obj, "pdf")

    def get_excel(self, obj) -> str:
        return self._url(obj, "excel")


class RapportjobbSerializer(serializers.ModelSerializer):
    virksomhet = serializers.SlugRelatedField(slug_field="kode", read_only=True)

    class Meta:
        model = Rapportjobb
        fields = [
            "id",
            *RAPPORTFELT,
            "planlagt",
            "status",
            "bestilt",
            "ferdig",
            "rapport",
        ]
        read_only_fields = fields


class BestillingSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[])
    virksomhet = serializers.SlugField(help_text="The organisation's code.")
    periode_fra = serializers.DateField(help_text="The first day of an ended period.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = sorted(rapporttyper.keys())

    def validate(self, attrs):
        user = self.context["request"].user
        virksomhet = Virksomhet.objects.for_user(user).filter(kode=attrs["virksomhet"]).first()
        if virksomhet is None:
            raise serializers.ValidationError({"virksomhet": _("Unknown organisation.")})
        rapporttype = selectors.rapporttype_for(kode=attrs["type"], virksomhet=virksomhet)
        if rapporttype is None:
            raise serializers.ValidationError(
                {"type": _("This report is not made for this organisation.")}
            )
        periode = selectors.bestillbar_periode(
            rapporttype=rapporttype, fra=attrs["periode_fra"], idag=timezone.localdate()
        )
        if periode is None:
            raise serializers.ValidationError(
                {"periode_fra": _("Choose the first day of a period that has ended.")}
            )
        return {**attrs, "virksomhet": virksomhet, "periode": periode}


class RapportViewSet(viewsets.ReadOnlyModelViewSet):
    """Issued reports of the organisations the user may see."""

    queryset = Rapport.objects.none()
    serializer_class = RapportSerializer
    filterset_fields = ["type", "periode_fra"]

    def get_queryset(self):
        return selectors.rapporter(
            user=self.request.user, kode=self.request.query_params.get("virksomhet", "")
        )

    def _file(self, field):
        try:
            handle = field.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return self._file(self.get_object().pdf)

    @extend_schema(
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY
        }
    )
    @action(detail=True, methods=["get"])
    def excel(self, request, pk=None):
        return self._file(self.get_object().excel)


class RapportjobbViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Orders of reports and their progress; POST orders a report (made in the background)."""

    queryset = Rapportjobb.objects.none()
    serializer_class = RapportjobbSerializer

    def get_queryset(self):
        return selectors.rapportjobber(user=self.request.user)

    @extend_schema(request=BestillingSerializer, responses={202: RapportjobbSerializer})
    def create(self, request, *args, **kwargs):
        order = BestillingSerializer(data=request.data, context={"request": request})
        order.is_valid(raise_exception=True)
        data = order.validated_data
        if not permits(request.user, Action.ORDER, data["virksomhet"]):
            raise PermissionDenied
        jobb, _created = arkiv.bestill(
            type_kode=data["type"],
            virksomhet=data["virksomhet"],
            periode_fra=data["periode"][0],
            periode_til=data["periode"][1],
            user=request.user,
        )
        jobb = get_object_or_404(self.get_queryset(), pk=jobb.pk)
        return Response(self.get_serializer(jobb).data, status=status.HTTP_202_ACCEPTED)
