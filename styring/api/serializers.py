"""Serializers of the API: every write is checked by the model's own validation.

``ModelValidatedSerializer`` builds the instance a write would save and runs the
model's ``full_clean()`` on it; ``model_validation_errors`` turns Django's
ValidationError into DRF's, so model rules answer 400 with field errors, never 500.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.settings import api_settings

from styring.access import Action, permits
from styring.models import (
    Foring,
    Maal,
    Rapporteringskrav,
    Risikovurdering,
    Seksjon,
    Styringsmote,
    Tildelingsbrev,
    Virksomhet,
)
from styring.models.brev import LETTER_IS_ISSUED

NOT_OWN_ORGANISATION = _("A letter is issued by your own organisation.")
NOT_STEERED = _("You do not steer %(organisation)s.")
SUPPLEMENT_NEEDS_LETTER = _("A supplementary letter must name the letter it supplements.")
ONLY_ISSUED_IS_SUPPLEMENTED = _(
    "A draft is changed directly; only an issued letter is supplemented."
)
START_BEFORE_END = _("Enter a start time when you enter an end time.")
END_AFTER_START = _("The meeting must end after it starts.")
LETTER_NOT_TO_AGENCY = _("Choose a letter to this agency.")


class LetterIssued(APIException):
    """409: the letter is issued, so it and its parts are locked."""

    status_code = 409
    default_detail = LETTER_IS_ISSUED
    default_code = "utstedt"


def model_validation_errors(error):
    """DRF's ValidationError for a Django one: field errors by field, the rest as
    ``non_field_errors``."""
    if hasattr(error, "error_dict"):
        detail = dict(error.message_dict)
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return serializers.ValidationError(detail)


def domain(function, /, *, passthrough=(), **kwargs):
    """Call a domain function; its ValidationError becomes DRF's (400 with field errors).
    Its PermissionDenied is answered 403 by DRF. Exceptions in ``passthrough`` (a
    concurrent-edit conflict the view answers itself) are raised as they are."""
    try:
        return function(**kwargs)
    except passthrough:
        raise
    except DjangoValidationError as error:
        raise model_validation_errors(error) from error


def full_clean(instance):
    """Run the model's validation on ``instance``; raise DRF's ValidationError (400)."""
    try:
        instance.full_clean()
    except DjangoValidationError as error:
        raise model_validation_errors(error) from error


class ScopedRelatedMixin:
    """A related field whose choices are the objects the requesting user may see."""

    def __init__(self, *args, action=Action.VIEW, **kwargs):
        self.action = action
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return queryset.for_user(user, self.action)


class ScopedPrimaryKeyRelatedField(ScopedRelatedMixin, serializers.PrimaryKeyRelatedField):
    pass


class ScopedSlugRelatedField(ScopedRelatedMixin, serializers.SlugRelatedField):
    pass


def virksomhet_field(**kwargs):
    """An organisation by its code, chosen among those the user may see."""
    return ScopedSlugRelatedField(slug_field="kode", queryset=Virksomhet.objects.all(), **kwargs)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PageUrlField(serializers.Field):
    """The object's page in the web interface (``get_absolute_url``), absolute when
    there is a request; null while that page is not routed."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, value):
        try:
            url = value.get_absolute_url()
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ModelValidatedSerializer(serializers.ModelSerializer):
    """Validates a write the way the model does, on the instance it would save.

    Subclasses add rules that need the whole instance in ``validate_instance`` and
    refuse writes beyond the user's role (403) or to locked objects (409) in
    ``check_writable``.
    """

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance_with(attrs)
        self.check_writable(instance)
        self.validate_instance(instance)
        full_clean(instance)
        return attrs

    def instance_with(self, attrs):
        """An unsaved copy of the instance (or a new one) with ``attrs`` applied."""
        many_to_many = {f.name for f in self.Meta.model._meta.many_to_many}
        plain = {name: value for name, value in attrs.items() if name not in many_to_many}
        if self.instance is None:
            return self.Meta.model(**plain)
        instance = copy.copy(self.instance)
        for name, value in plain.items():
            setattr(instance, name, value)
        return instance

    @property
    def user(self):
        return self.context["request"].user

    def check_writable(self, instance):
        pass

    def validate_instance(self, instance):
        pass


class VirksomhetSerializer(serializers.ModelSerializer):
    styres_av = serializers.SlugRelatedField(slug_field="kode", read_only=True)

    class Meta:
        model = Virksomhet
        fields = ["kode", "navn", "type", "styres_av", "epost"]
        read_only_fields = ["kode", "type", "styres_av"]


class BrevSerializer(ModelValidatedSerializer):
    """An allocation letter. Issuing is not done here: ``status`` is read-only."""

    utsteder = virksomhet_field(
        required=False,
        help_text="Code of the issuing organisation; defaults to the user's own.",
    )
    mottakere = virksomhet_field(
        many=True, allow_empty=False, help_text="Codes of the recipients the user steers."
    )
    supplerer = ScopedPrimaryKeyRelatedField(
        queryset=Tildelingsbrev.objects.all(), required=False, allow_null=True
    )
    url = PageUrlField(help_text="The letter's page; null while the page is not available.")

    class Meta:
        model = Tildelingsbrev
        fields = [
            "id",
            *Tildelingsbrev.EDITABLE_FIELDS,
            "utsteder",
            "status",
            "utstedt",
            "supplerer",
            "forrige",
            "url",
        ]
        read_only_fields = ["status", "utstedt", "forrige"]

    def validate_utsteder(self, value):
        user = self.user
        unchanged = self.instance is not None and value == self.instance.utsteder
        if not (user.is_superuser or unchanged or value.pk == user.virksomhet_id):
            raise serializers.ValidationError(NOT_OWN_ORGANISATION, code="utsteder")
        return value

    def validate_mottakere(self, value):
        steered = set(
            Virksomhet.objects.for_user(self.user, Action.STEER)
            .filter(pk__in=[org.pk for org in value])
            .values_list("pk", flat=True)
        )
        refused = [org for org in value if org.pk not in steered]
        if refused:
            raise serializers.ValidationError(
                [NOT_STEERED % {"organisation": org.kode} for org in refused], code="styrer_ikke"
            )
        return value

    def validate_supplerer(self, value):
        if value is not None and not value.er_utstedt:
            raise serializers.ValidationError(ONLY_ISSUED_IS_SUPPLEMENTED, code="utkast")
        return value

    def validate(self, attrs):
        if self.instance is None and "utsteder" not in attrs:
            if self.user.virksomhet is None:
                message = self.fields["utsteder"].error_messages["required"]
                raise serializers.ValidationError({"utsteder": [message]}, code="required")
            attrs["utsteder"] = self.user.virksomhet
        return super().validate(attrs)

    def validate_instance(self, instance):
        if instance.type == Tildelingsbrev.Type.SUPPLERENDE and instance.supplerer_id is None:
            raise serializers.ValidationError({"supplerer": [SUPPLEMENT_NEEDS_LETTER]})


def check_letter_writable(user, letter):
    """403 unless ``user`` steers ``letter``; 409 when the letter is issued."""
    if letter is None:  # a municipal goal: the model's validation answers
        return
    if not permits(user, Action.STEER, letter):
        raise PermissionDenied
    if letter.er_utstedt:
        raise LetterIssued


class BrevdelSerializer(ModelValidatedSerializer):
    """A part of a letter: written only by those who steer the letter, while a draft."""

    def check_writable(self, instance):
        check_letter_writable(self.user, instance.brev if instance.brev_id else None)


class MaalSerializer(BrevdelSerializer):
    brev = ScopedPrimaryKeyRelatedField(
        queryset=Tildelingsbrev.objects.all(),
        allow_null=True,
        help_text="The letter; null for the municipality's goals of a plan period.",
    )
    forelder = ScopedPrimaryKeyRelatedField(
        queryset=Maal.objects.all(),
        required=False,
        allow_null=True,
        help_text="The goal one level up; null for a root goal.",
    )

    class Meta:
        model = Maal
        fields = [
            "id",
            "brev",
            "planperiode",
            *Maal.EDITABLE_FIELDS,
            "kopiert_fra",
        ]
        read_only_fields = ["planperiode", "kopiert_fra"]


class ForingSerializer(BrevdelSerializer):
    brev = ScopedPrimaryKeyRelatedField(queryset=Tildelingsbrev.objects.all())
    seksjon = ScopedPrimaryKeyRelatedField(
        queryset=Seksjon.objects.all(), required=False, allow_null=True
    )
    rapporteres_i = ScopedPrimaryKeyRelatedField(
        queryset=Rapporteringskrav.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Foring
        fields = [
            "id",
            "brev",
            "seksjon",
            "tema",
            "tekst",
            "rapporteringsplikt",
            "rapporteres_i",
            "rekkefolge",
            "kopiert_fra",
        ]
        read_only_fields = ["kopiert_fra"]


class RapporteringsperiodeSerializer(serializers.Serializer):
    fra = serializers.DateField(read_only=True)
    til = serializers.DateField(read_only=True)
    frist = serializers.DateField(read_only=True, allow_null=True)


class RapporteringskravSerializer(serializers.ModelSerializer):
    perioder = RapporteringsperiodeSerializer(
        many=True,
        read_only=True,
        help_text="The deliveries in the letter's year: period covered and deadline.",
    )

    class Meta:
        model = Rapporteringskrav
        fields = [
            "id",
            "brev",
            *Rapporteringskrav.EDITABLE_FIELDS,
            "perioder",
        ]
        read_only_fields = fields


class StyringsmoteSerializer(ModelValidatedSerializer):
    virksomhet = virksomhet_field(help_text="Code of the agency the meeting is with.")
    brev = ScopedPrimaryKeyRelatedField(
        queryset=Tildelingsbrev.objects.all(), required=False, allow_null=True
    )
    url = PageUrlField(help_text="The meeting's page; null while the page is not available.")

    class Meta:
        model = Styringsmote
        fields = [
            "id",
            "virksomhet",
            "brev",
            "type",
            "dato",
            "start",
            "slutt",
            "sted",
            "tema",
            "saker",
            "referat",
            "url",
        ]

    def check_writable(self, instance):
        if not permits(self.user, Action.STEER, instance.virksomhet):
            raise PermissionDenied

    def validate_instance(self, instance):
        if instance.slutt and not instance.start:
            raise serializers.ValidationError({"start": [START_BEFORE_END]})
        if instance.start and instance.slutt and instance.slutt <= instance.start:
            raise serializers.ValidationError({"slutt": [END_AFTER_START]})
        letter = instance.brev
        if letter is not None and not letter.mottakere.filter(pk=instance.virksomhet_id).exists():
            raise serializers.ValidationError({"brev": [LETTER_NOT_TO_AGENCY]})


class RisikovurderingSerializer(ModelValidatedSerializer):
    virksomhet = virksomhet_field(help_text="Code of the agency that assesses the risk.")
    maal = ScopedPrimaryKeyRelatedField(queryset=Maal.objects.all())
    aar = serializers.IntegerField(
        required=False, min_value=0, help_text="Defaults to the year of the goal's letter."
    )
    risikotall = serializers.IntegerField(read_only=True, help_text="Likelihood × consequence.")
    # A plain string, not an enum: the schema names the choice set after risikotoleranse.
    nivaa = serializers.CharField(
        read_only=True,
        help_text="Risk level of the score: lav (below 5), middels (5-14) or hoy (15 and up).",
    )
    over_toleranse = serializers.BooleanField(read_only=True)

    class Meta:
        model = Risikovurdering
        fields = [
            "id",
            "virksomhet",
            "maal",
            "aar",
            "tertial",
            "risiko",
            "sannsynlighet",
            "konsekvens",
            "risikotoleranse",
            "tiltak",
            "eier",
            "risikotall",
            "nivaa",
            "over_toleranse",
        ]
        # The model's full_clean() checks one assessment per goal and tertial.
        validators = []

    def validate(self, attrs):
        maal = attrs.get("maal")
        if self.instance is None and "aar" not in attrs and maal is not None and maal.brev_id:
            attrs["aar"] = maal.brev.aar
        return super().validate(attrs)

    def check_writable(self, instance):
        if not permits(self.user, Action.REPORT, instance.virksomhet):
            raise PermissionDenied
