"""Serializers of the budget API.

Budgets come from the letters and are read-only here. Accounts and forecasts change only
through the workflow's service (``styring.arbeidsflyt``); the write serializers check the
shape of a request, the domain the rest.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from budsjett.models import (
    Budsjettendring,
    Budsjettlinje,
    Budsjettrapport,
    Endringsbelop,
    Investering,
    Kapittel,
    Konto,
    Prognose,
    Regnskap,
)
from styring.api.serializers import PageUrlField
from styring.arbeidsflyt.api import ARBEIDSFLYTFELT, ArbeidsflytKonfliktSerializer

FORECAST_PER_TERTIAL = _("A forecast is made per tertial (1–3).")


class KontoSerializer(serializers.ModelSerializer):
    class Meta:
        model = Konto
        fields = ["id", "kode", "navn"]
        read_only_fields = fields


class KapittelSerializer(serializers.ModelSerializer):
    eier = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    kontoer = KontoSerializer(many=True, read_only=True)

    class Meta:
        model = Kapittel
        fields = ["id", "nummer", "navn", "eier", "art", "inndeling", "inntekt", "kontoer"]
        read_only_fields = fields


class BudsjettlinjeSerializer(serializers.ModelSerializer):
    virksomhet = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    kapittel = serializers.CharField(source="kapittel.nummer", read_only=True)
    konto = serializers.CharField(
        source="konto.kode", read_only=True, allow_null=True, help_text="Account group or post."
    )
    budsjettaar = serializers.IntegerField(
        source="tabell.aar", read_only=True, help_text="The year of the budget the line is in."
    )
    tabellkode = serializers.CharField(source="tabell.kode", read_only=True)
    er_fordeling = serializers.BooleanField(
        source="tabell.er_fordeling",
        read_only=True,
        help_text="True for a table that breaks a post down (not added to the budget).",
    )

    class Meta:
        model = Budsjettlinje
        fields = [
            "id",
            "tabell",
            "tabellkode",
            "budsjettaar",
            "er_fordeling",
            "kapittel",
            "konto",
            "virksomhet",
            "rad",
            "navn",
            "radtype",
            "aar",
            "belop",
            "belop_tekst",
            "merknad",
            "kilde",
        ]
        read_only_fields = fields


class EndringsbelopSerializer(serializers.ModelSerializer):
    class Meta:
        model = Endringsbelop
        fields = ["aar", "belop", "belop_tekst"]
        read_only_fields = fields


class BudsjettendringSerializer(serializers.ModelSerializer):
    virksomhet = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    kapittel = serializers.CharField(source="kapittel.nummer", read_only=True)
    budsjettaar = serializers.IntegerField(source="tabell.aar", read_only=True)
    tabelltype = serializers.CharField(
        source="tabell.type", read_only=True, help_text="endringer or rammereduksjon."
    )
    aarsbelop = EndringsbelopSerializer(many=True, read_only=True)

    class Meta:
        model = Budsjettendring
        fields = [
            "id",
            "tabell",
            "tabelltype",
            "budsjettaar",
            "kapittel",
            "virksomhet",
            "gruppe",
            "gruppe_tekst",
            "tekst",
            "radtype",
            "maal",
            "omtale_tittel",
            "omtale",
            "aarsbelop",
        ]
        read_only_fields = fields


class MaalKoblingSerializer(serializers.Serializer):
    """Link a budget change to the goal or measure it funds (null: unlink)."""

    maal = serializers.IntegerField(
        allow_null=True, help_text="The id of a goal or measure of the same letter, or null."
    )


class InvesteringSerializer(serializers.ModelSerializer):
    virksomhet = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    kapittel = serializers.CharField(source="kapittel.nummer", read_only=True)
    budsjettaar = serializers.IntegerField(source="tabell.aar", read_only=True)

    class Meta:
        model = Investering
        fields = [
            "id",
            "tabell",
            "budsjettaar",
            "kapittel",
            "virksomhet",
            "rad",
            "prosjekt",
            "prosjektnavn",
            "kontogruppe",
            "kontogruppe_navn",
            "radtype",
            "aar",
            "belop",
            "belop_tekst",
            "merknad",
        ]
        read_only_fields = fields


class BudsjettverdiSerializer(serializers.Serializer):
    """One amount of a report: the account group or post (by id), the amount as text
    (null or empty: clear it), and for a forecast the explanation of its deviation."""

    konto = serializers.IntegerField(help_text="The id of the account group or post.")
    belop = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        help_text="Whole NOK 1 000 («-102 753» or -102753); null or empty clears it.",
    )
    forklaring = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Forecasts only."
    )

    def to_internal_value(self, data):
        # Accept numbers as well as text for the amount.
        if isinstance(data, dict) and isinstance(data.get("belop"), int | float):
            data = {**data, "belop": str(data["belop"])}
        return super().to_internal_value(data)


class RapportverdiSerializer(serializers.Serializer):
    konto = serializers.IntegerField(source="konto_id")
    kapittel = serializers.CharField(source="konto.kapittel.nummer")
    kode = serializers.CharField(source="konto.kode")
    belop = serializers.IntegerField()
    forklaring = serializers.CharField(default="")


TYPE_HELP = "regnskap (the accounts of a month) or prognose (the forecast of a tertial)."


class BudsjettrapportSerializer(serializers.ModelSerializer):
    virksomhet = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    # A plain string, not an enum: several serializers have a field named type.
    type = serializers.CharField(read_only=True, help_text=TYPE_HELP)
    verdier = serializers.SerializerMethodField()
    url = PageUrlField(help_text="The report's page.")

    class Meta:
        model = Budsjettrapport
        fields = [
            "id",
            "virksomhet",
            "aar",
            "type",
            "periode",
            *ARBEIDSFLYTFELT,
            "demo",
            "verdier",
            "url",
        ]
        read_only_fields = fields

    def get_verdier(self, obj) -> list[dict]:
        rows = obj.regnskap.all() if obj.type == Budsjettrapport.Type.REGNSKAP else None
        if rows is None:
            rows = obj.prognoser.all()
        return RapportverdiSerializer(rows, many=True).data


class NyRapportSerializer(serializers.Serializer):
    virksomhet = serializers.SlugField(help_text="The organisation's code.")
    aar = serializers.IntegerField(min_value=2000, max_value=2100)
    type = serializers.CharField(help_text=TYPE_HELP)
    periode = serializers.IntegerField(
        min_value=1, max_value=12, help_text="The month (1–12) or the tertial (1–3)."
    )

    def validate_type(self, value):
        if value not in Budsjettrapport.Type.values:
            message = serializers.ChoiceField.default_error_messages["invalid_choice"]
            raise serializers.ValidationError(message.format(input=value), code="invalid_choice")
        return value

    def validate(self, attrs):
        if attrs["type"] == Budsjettrapport.Type.PROGNOSE and attrs["periode"] > 3:
            raise serializers.ValidationError({"periode": [FORECAST_PER_TERTIAL]})
        return attrs


class LagreBudsjettverdierSerializer(serializers.Serializer):
    versjon = serializers.IntegerField(
        min_value=0, help_text="The version the amounts were read at (409 if it has changed)."
    )
    verdier = BudsjettverdiSerializer(many=True, help_text="Amounts not named keep what is saved.")


class LagretBelopSerializer(serializers.Serializer):
    """An amount as saved: the account group or post (by id), the amount, the explanation."""

    konto = serializers.IntegerField()
    belop = serializers.IntegerField(allow_null=True)
    forklaring = serializers.CharField(allow_blank=True)


class BudsjettkonfliktSerializer(ArbeidsflytKonfliktSerializer):
    """409: somebody else changed the report first; nothing was done."""

    deres = LagretBelopSerializer(many=True, help_text="The amounts saved now.")


class RegnskapSerializer(serializers.ModelSerializer):
    virksomhet = serializers.CharField(source="rapport.virksomhet.kode", read_only=True)
    aar = serializers.IntegerField(source="rapport.aar", read_only=True)
    maaned = serializers.IntegerField(source="rapport.periode", read_only=True)
    status = serializers.CharField(source="rapport.status", read_only=True)
    kapittel = serializers.CharField(source="konto.kapittel.nummer", read_only=True)
    kode = serializers.CharField(source="konto.kode", read_only=True)

    class Meta:
        model = Regnskap
        fields = [
            "id",
            "rapport",
            "virksomhet",
            "aar",
            "maaned",
            "status",
            "kapittel",
            "konto",
            "kode",
            "belop",
        ]
        read_only_fields = fields


class PrognoseSerializer(serializers.ModelSerializer):
    virksomhet = serializers.CharField(source="rapport.virksomhet.kode", read_only=True)
    aar = serializers.IntegerField(source="rapport.aar", read_only=True)
    tertial = serializers.IntegerField(source="rapport.periode", read_only=True)
    status = serializers.CharField(source="rapport.status", read_only=True)
    kapittel = serializers.CharField(source="konto.kapittel.nummer", read_only=True)
    kode = serializers.CharField(source="konto.kode", read_only=True)

    class Meta:
        model = Prognose
        fields = [
            "id",
            "rapport",
            "virksomhet",
            "aar",
            "tertial",
            "status",
            "kapittel",
            "konto",
            "kode",
            "belop",
            "forklaring",
        ]
        read_only_fields = fields


class OppfolgingsradSerializer(serializers.Serializer):
    kapittel = serializers.CharField(source="konto.kapittel.nummer")
    konto = serializers.CharField(source="konto.kode")
    navn = serializers.CharField(source="konto.navn")
    budsjett = serializers.IntegerField()
    regnskap = serializers.IntegerField(allow_null=True, help_text="Accounts to date.")
    forbruk_prosent = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)
    prognose = serializers.IntegerField(allow_null=True)
    prognose_tertial = serializers.IntegerField(allow_null=True)
    avvik = serializers.IntegerField(allow_null=True, help_text="Forecast minus budget.")
    avvik_prosent = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)
    vesentlig = serializers.BooleanField()
    forklaring = serializers.CharField()
    mangler_forklaring = serializers.BooleanField()
