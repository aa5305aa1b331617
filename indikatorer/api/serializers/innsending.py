"""Serializers of the reporting API: obligations with their fields, submissions with
their values.

Submissions change only through the workflow's service (``styring.arbeidsflyt``);
the write serializers here check the shape of a request, the domain the rest.
"""

from rest_framework import serializers

from indikatorer.models.rapportering import (
    Innsending,
    Skjema,
    Skjemafelt,
    Verdi,
    verdi_som_tekst,
)
from styring.api.serializers import PageUrlField
from styring.arbeidsflyt.api import ARBEIDSFLYTFELT, ArbeidsflytKonfliktSerializer

tekst = verdi_som_tekst


class SkjemafeltSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skjemafelt
        fields = [
            "kode",
            "navn",
            "enhet",
            "minimum",
            "maksimum",
            "paakrevd",
            "hjelpetekst",
            "indikator",
            "rekkefolge",
        ]
        read_only_fields = fields


class SkjemaSerializer(serializers.ModelSerializer):
    eier = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    rapportorer = serializers.SlugRelatedField(
        slug_field="kode", many=True, read_only=True, help_text="Codes of the reporters."
    )
    felt = SkjemafeltSerializer(many=True, read_only=True)

    class Meta:
        model = Skjema
        fields = [
            "id",
            "kode",
            "navn",
            "beskrivelse",
            "type",
            "eier",
            "rapportorer",
            "rapporteringskrav",
            "frekvens",
            "frist_dag",
            "frist_maaneder_etter",
            "inndeling",
            "kategorier",
            "aktiv_fra",
            "aktiv_til",
            "felt",
        ]
        read_only_fields = fields


class VerdiSerializer(serializers.Serializer):
    """One value: the field's code, the row's key ("" without a breakdown), the value
    as text (null: empty)."""

    felt = serializers.SlugField(max_length=60, help_text="The field's code.")
    rad = serializers.CharField(
        max_length=100, allow_blank=True, default="", help_text="The row's key."
    )
    verdi = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        trim_whitespace=False,
        help_text="As entered: a number (a comma or a point for decimals), «ja»/«nei», "
        "or text. Null or empty clears the value.",
    )

    def to_representation(self, instance):
        if isinstance(instance, Verdi):
            value = instance.tekst if instance.tekst else instance.tall
            return {"felt": instance.felt.kode, "rad": instance.rad, "verdi": tekst(value)}
        return super().to_representation(instance)


class InnsendingListeSerializer(serializers.ModelSerializer):
    """A submission without its values: the list's rows (values on request or per item)."""

    skjema = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    virksomhet = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    url = PageUrlField(help_text="The submission's page.")

    class Meta:
        model = Innsending
        fields = [
            "id",
            "skjema",
            "virksomhet",
            "periode_fra",
            "periode_til",
            "frist",
            *ARBEIDSFLYTFELT,
            "url",
        ]
        read_only_fields = fields


class InnsendingSerializer(InnsendingListeSerializer):
    """A submission with its values."""

    verdier = VerdiSerializer(many=True, read_only=True)

    class Meta(InnsendingListeSerializer.Meta):
        fields = [*InnsendingListeSerializer.Meta.fields[:-1], "verdier", "url"]
        read_only_fields = fields


class LagreVerdierSerializer(serializers.Serializer):
    versjon = serializers.IntegerField(
        min_value=0, help_text="The version the values were read at (409 if it has changed)."
    )
    verdier = VerdiSerializer(
        many=True,
        help_text="The values to change; values not named keep what is saved.",
    )


class KonfliktSerializer(ArbeidsflytKonfliktSerializer):
    """409: somebody else changed the submission first; nothing was done."""

    deres = VerdiSerializer(many=True, help_text="The values saved now.")
