"""Serializers of the assignment API.

Assignments are read-only here: they come from the letters, and every change goes
through the domain functions in ``oppdrag.services``. The write serializers only
check the shape of a request; the domain functions check the rest.
"""

from django.core.validators import FileExtensionValidator
from django.urls import reverse
from rest_framework import serializers

from oppdrag.models import (
    LEVERANSE_FILTYPER,
    Leveranse,
    Oppdrag,
    Status,
    Statusendring,
    Statusrapport,
)
from styring.api.serializers import PageUrlField

STATUS_VALUES = ", ".join(Status.values)


class MilepaelSerializer(serializers.Serializer):
    navn = serializers.CharField(read_only=True)
    dato = serializers.DateField(read_only=True)
    forelopig = serializers.BooleanField(read_only=True)


class FristSerializer(serializers.Serializer):
    """An assignment's deadline: ``Frist.som_dict()`` and the date it is next due."""

    tekst = serializers.CharField(read_only=True, help_text="The deadline as written.")
    # A plain string, not an enum: several serializers have a field named type.
    type = serializers.CharField(
        read_only=True,
        help_text="dato, periode, gjentakende, milepaeler, ikke_satt or ukjent "
        "(the text could not be read).",
    )
    dato = serializers.DateField(read_only=True, allow_null=True)
    forelopig = serializers.BooleanField(read_only=True)
    gjentakelse = serializers.CharField(read_only=True, allow_null=True)
    milepaeler = MilepaelSerializer(many=True, read_only=True)
    forfall = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="When the assignment is next due: the deadline, a postponement or, for "
        "recurring assignments, the next date after the last delivery.",
    )

    def to_representation(self, instance):
        forfall = instance.forfall.isoformat() if instance.forfall else None
        return {**instance.frist.som_dict(), "forfall": forfall}


class OppdragSerializer(serializers.ModelSerializer):
    ansvarlige = serializers.SlugRelatedField(
        slug_field="kode", many=True, read_only=True, help_text="Codes of the responsible."
    )
    brev_i = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The letters it was carried over into."
    )
    frist = FristSerializer(source="*", read_only=True)
    url = PageUrlField(help_text="The assignment's page.")

    class Meta:
        model = Oppdrag
        fields = [
            "id",
            "brev",
            "brev_i",
            "kode",
            "tekst",
            "art",
            "kategori",
            "ansvarlige",
            "samarbeid",
            "ansvarlig_enhet",
            "utforende_enhet",
            "maal",
            "oppdragsbrev",
            "rekkefolge",
            "status",
            "utsatt_til",
            "frist",
            "url",
        ]
        read_only_fields = fields


class StatusendringSerializer(serializers.ModelSerializer):
    # Plain strings, not enums: the schema names a choice set once, after ``status``.
    fra_status = serializers.CharField(read_only=True, help_text=STATUS_VALUES)
    til_status = serializers.CharField(read_only=True, help_text=STATUS_VALUES)

    class Meta:
        model = Statusendring
        fields = [
            "id",
            "oppdrag",
            "tidspunkt",
            "utfort_av",
            "fra_status",
            "til_status",
            "kommentar",
            "ny_frist",
        ]
        read_only_fields = fields


class NyStatusSerializer(serializers.Serializer):
    """A status change asked for; ``endre_status`` decides whether it is allowed."""

    til = serializers.CharField(help_text=f"The new status: {STATUS_VALUES}.")
    kommentar = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when returning, postponing or dropping.",
    )
    ny_frist = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Only when postponing."
    )
    forventet_status = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The status the client last saw; 400 when somebody else changed it since.",
    )

    def validate_til(self, value):
        return self._status(value)

    def validate_forventet_status(self, value):
        return self._status(value) if value else value

    def _status(self, value):
        if value not in Status.values:
            message = serializers.ChoiceField.default_error_messages["invalid_choice"]
            raise serializers.ValidationError(message.format(input=value), code="invalid_choice")
        return Status(value)


class StatusrapportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Statusrapport
        fields = ["id", "oppdrag", "aar", "tertial", "tekst", "oppdatert"]
        read_only_fields = ["id", "oppdrag", "oppdatert"]
        extra_kwargs = {"aar": {"min_value": 2000, "max_value": 2100}}
        # One report per tertial: writing it again rewrites it (skriv_statusrapport).
        validators = []


class LeveransefilField(serializers.FileField):
    """Upload a file; read, the address it is downloaded from by those who see it."""

    def to_representation(self, value):
        if not value:
            return None
        url = reverse("oppdrag:oppdrag-leveransefil", args=[value.instance.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class LeveranseSerializer(serializers.ModelSerializer):
    fil = LeveransefilField(
        required=False,
        allow_null=True,
        validators=[FileExtensionValidator(LEVERANSE_FILTYPER)],
        help_text="PDF, Word, Excel, OpenDocument or PowerPoint (multipart). Read: the "
        "download address, null without a file.",
    )

    class Meta:
        model = Leveranse
        fields = ["id", "oppdrag", "dato", "beskrivelse", "fil", "lenke", "registrert"]
        read_only_fields = ["id", "oppdrag", "registrert"]
        extra_kwargs = {"beskrivelse": {"default": ""}, "lenke": {"default": ""}}


class FristrettingSerializer(serializers.Serializer):
    """The department sets the deadline: read from the text, or the date given."""

    tekst = serializers.CharField(help_text="The deadline as written.")
    dato = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out to read the date from the text.",
    )
