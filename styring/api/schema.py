"""The API's OpenAPI schema: drf-spectacular's, made to say what the API really answers.

- Every operation documents the errors it can give: 403 (not signed in, or a role
  that does not allow it), 404 (an object outside the user's scope, or none) where it
  takes one, and 400 (the errors by field) where it takes input.
- A read-only field of a model field that may be blank or null says so: a choice lists
  "" among its values, a relation may be null.
- Whole-number filters (ids, years) are integers within their bounds.
- Times are local times without an offset ("09:00:00"), as DRF writes them; JSON
  Schema's ``time`` format would demand an offset.

Settings: ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``.
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from styring.api.filters import HeltallFilter

TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"


class FeilSerializer(serializers.Serializer):
    """An error that is not about the fields of the request."""

    detail = serializers.CharField(help_text="What went wrong, in words for a person.")


INVALID = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="The request is not valid: the errors by field (non_field_errors for the "
    "request as a whole).",
)
FORBIDDEN = OpenApiResponse(
    response=FeilSerializer,
    description="Not signed in, or the user's role does not allow this.",
)
NOT_FOUND = OpenApiResponse(
    response=FeilSerializer,
    description="No such object among those the user may see.",
)


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        parameters = operation.get("parameters", [])
        self._bound_whole_numbers(parameters)
        errors = {}
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            errors["400"] = INVALID
        if self.view.get_permissions():
            errors["403"] = FORBIDDEN
        if any(p["in"] == "path" for p in parameters):
            errors["404"] = NOT_FOUND
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code)
        return operation

    def _bound_whole_numbers(self, parameters):
        """Query parameters of whole-number filters: integers within the filter's bounds."""
        filterset = getattr(self.view, "filterset_class", None)
        if filterset is None:
            return
        for parameter in parameters:
            found = filterset.base_filters.get(parameter["name"])
            if parameter["in"] == "query" and isinstance(found, HeltallFilter):
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": found.extra["min_value"],
                    "maximum": found.extra["max_value"],
                }

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        field = _with_model_field_values(field)
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            del schema["format"]
            schema["pattern"] = TIME_PATTERN
        return schema


def _with_model_field_values(field):
    """A read-only field of a model field, allowing the blank and null values the model
    field allows (DRF drops ``allow_blank`` from read-only fields, and a declared field
    does not learn ``allow_null`` from its model field)."""
    if not getattr(field, "read_only", False):
        return field
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return field
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return field
    if not model_field.concrete or model_field.many_to_many:
        return field
    blank = (
        isinstance(field, serializers.ChoiceField) and model_field.blank and not field.allow_blank
    )
    null = model_field.null and not field.allow_null
    if not (blank or null):
        return field
    field = copy.copy(field)
    if blank:
        field.allow_blank = True
    if null:
        field.allow_null = True
    return field
