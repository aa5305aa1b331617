"""Serializers of the indicator API: indicators, their targets and their results, read.

A status is computed (``indikatorer.maaltall.vurder``), never stored: it is given with
the code and the words the pages show.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indikatorer import maaltall as mt
from indikatorer import selectors
from indikatorer.models import Indikator, Maalverdi, Resultat
from styring.api.serializers import PageUrlField

STATUS_VALUES = ", ".join(s.value for s in mt.Status)


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "aar": {"type": "integer", "nullable": True},
            "status": {"type": "string", "description": STATUS_VALUES},
            "tekst": {"type": "string"},
        },
    }
)
class VurderingField(serializers.Field):
    """The computed status: its code, its words and the year of the target it used."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def vurdering(self, value):
        raise NotImplementedError

    def to_representation(self, value):
        vurdering = self.vurdering(value)
        return {
            "aar": vurdering.maalverdi.aar if vurdering.maalverdi else None,
            "status": vurdering.status.value,
            "tekst": str(vurdering.tekst),
        }


class IndikatorVurderingField(VurderingField):
    """The latest result against the latest target, as the list page shows it."""

    def vurdering(self, value):
        return selectors.statusrad(value)["vurdering"]


class ResultatVurderingField(VurderingField):
    """The result against its year's target (or the next one set), as the indicator
    page shows it."""

    def vurdering(self, value):
        return selectors.vurdering_av(resultat=value)


class IndikatorSerializer(serializers.ModelSerializer):
    eier = serializers.SlugRelatedField(
        slug_field="kode", read_only=True, help_text="Code of the owning organisation."
    )
    bidragsytere = serializers.SlugRelatedField(
        slug_field="kode", many=True, read_only=True, help_text="Codes of the contributors."
    )
    sett = serializers.SlugRelatedField(
        slug_field="navn",
        read_only=True,
        allow_null=True,
        help_text="Name of the indicator set, if any.",
    )
    brev = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The letters it appears in."
    )
    status = IndikatorVurderingField(help_text="The latest result against the latest target.")
    url = PageUrlField(help_text="The indicator's page.")

    class Meta:
        model = Indikator
        fields = [
            "id",
            "kode",
            "navn",
            "type",
            "enhet",
            "retning",
            "kilde",
            "kategori",
            "beskrivelse",
            "merknad",
            "rapportering",
            "rapporteringsfrekvens",
            "sett",
            "eier",
            "bidragsytere",
            "maal",
            "brev",
            "ansvarlig_enhet",
            "rekkefolge",
            "status",
            "url",
        ]
        read_only_fields = fields


class MaalverdiSerializer(serializers.ModelSerializer):
    verdi = serializers.DecimalField(
        max_digits=14, decimal_places=4, read_only=True, allow_null=True, coerce_to_string=True
    )

    class Meta:
        model = Maalverdi
        fields = [
            "id",
            "indikator",
            "aar",
            "tekst",
            "sammenligning",
            "verdi",
            "enhet",
            "basisaar",
            "beskrivelse",
            "delkrav",
            "kopiert_fra",
        ]
        read_only_fields = fields


class ResultatSerializer(serializers.ModelSerializer):
    virksomhet = serializers.SlugRelatedField(
        slug_field="kode",
        read_only=True,
        allow_null=True,
        help_text="Code of the organisation; null for the result of the whole indicator.",
    )
    verdi = serializers.DecimalField(
        max_digits=14, decimal_places=4, read_only=True, allow_null=True, coerce_to_string=True
    )
    status = ResultatVurderingField(help_text="Computed against the year's target.")

    class Meta:
        model = Resultat
        fields = [
            "id",
            "indikator",
            "aar",
            "periode",
            "virksomhet",
            "tekst",
            "verdi",
            "kommentar",
            "status",
        ]
        read_only_fields = fields
