"""The OpenAPI document tells the truth about errors, pages and formats, for every endpoint.

``AutoSchema`` (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``) extends drf-spectacular's with what
is the same across the project, so views do not repeat it:

- Errors: every 4xx answer has the shared shape ``{"code", "message", "fields"}``
  (:mod:`helpdesk.common.errors`). An operation documents 400 when it takes input (a body or
  query parameters) or writes (a service's ``ServiceError``), 415 when it reads a body, 404
  when its path names an object (and, signed in, when its input may name one: an outsider's id
  is a 404; a page past the last is one too), 401 and 403 when it needs a sign-in, 409 when it
  writes as a signed-in user (a service's ``Conflict``), 429 when the view is throttled. A 4xx
  that a view documents with a description only gets the shared body too; one it documents
  with a body of its own (a supplier protocol's) keeps it.
- Pages: a view that pages its list by hand declares ``pagination_class`` (see
  :meth:`helpdesk.common.views.ApiView.paginated`), and drf-spectacular documents the page
  object ``{count, next, previous, results}`` and its ``page``/``page_size`` parameters.
- Times of day: DRF's ``TimeField`` reads and writes ``HH:MM[:SS[.ffffff]]`` without an offset,
  which is RFC 3339's *partial-time*; JSON Schema's ``time`` format requires an offset, so it
  would call every correct value invalid.
- Blank URLs and e-mail addresses: a ``URLField``/``EmailField`` that allows blank answers
  ``""``, which its ``uri``/``email`` format refuses; such fields document ``""`` as allowed.

``tests/fuzz`` (schemathesis) checks every operation's answers against the document.
"""

from __future__ import annotations

from drf_spectacular import openapi
from rest_framework import serializers

ERROR_MEDIA_TYPE = "application/json"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
PARTIAL_TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"

# Descriptions of the errors added to every operation they can happen on.
GENERIC_ERRORS = {
    400: "Invalid input: `fields` names each invalid field with its messages.",
    401: "Not signed in (no session or token).",
    403: "Signed in without the permission this needs, or a missing CSRF token.",
    404: "No such object (named in the path, the query or the body), or one the user may not see;"
    " a page past the last.",
    409: "The object is not in a state for this, or changed meanwhile.",
    415: "The body is not in a media type this operation reads.",
    429: "Too many requests; try again later (`rate_limited`).",
}


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    code = serializers.CharField(help_text="Stable, machine-readable code, e.g. `not_found`.")
    message = serializers.CharField(help_text="Translated message for people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Invalid fields and their messages (dotted names for nested fields).",
    )

    class Meta:
        ref_name = "Error"


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None:
            self._document_errors(operation)
        return operation

    def _document_errors(self, operation: dict) -> None:
        responses = operation.setdefault("responses", {})
        parameters = operation.get("parameters", [])
        signed_in = {} not in (operation.get("security") or [{}])
        takes_input = "requestBody" in operation or any(p.get("in") == "query" for p in parameters)
        codes = set()
        if takes_input or self.method in UNSAFE_METHODS:
            codes.add(400)  # invalid input, or a business rule's ServiceError
        if "requestBody" in operation:
            codes.add(415)
        if any(p.get("in") == "path" for p in parameters):
            codes.add(404)
        if signed_in:
            codes |= {401, 403}
            if takes_input:
                codes.add(404)  # an id in the query or the body (an outsider's id is a 404)
            if self.method in UNSAFE_METHODS:
                codes.add(409)
        if getattr(self.view, "throttle_classes", None):
            codes.add(429)
        for code in codes:
            responses.setdefault(str(code), {"description": GENERIC_ERRORS[code]})

        error_ref = self.resolve_serializer(ErrorSerializer, "response").ref
        for code, response in responses.items():
            if code.startswith("4") and not response.get("content"):
                response["content"] = {ERROR_MEDIA_TYPE: {"schema": error_ref}}

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if getattr(field, "read_only", False):
            # DRF drops ``allow_blank`` from read-only model fields, and a field declared with a
            # dotted source knows nothing of its model field: ask the model what it may hold.
            model_field = _model_field(field)
            if model_field is not None:
                if getattr(model_field, "null", False) and not field.allow_null:
                    field.allow_null = True
                if (
                    getattr(model_field, "blank", False)
                    and getattr(field, "allow_blank", True) is False
                ):
                    field.allow_blank = True
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            schema["format"] = "partial-time"
            schema["pattern"] = PARTIAL_TIME_PATTERN
        elif (
            isinstance(field, serializers.URLField | serializers.EmailField)
            and schema.get("format") in ("uri", "email")
            and getattr(field, "allow_blank", False)
        ):
            schema = {"oneOf": [schema, {"type": "string", "maxLength": 0}]}
        return schema


def _model_field(field):
    """The model field behind a serializer field (``source`` may cross relations), or None."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or field.source == "*":
        return None
    found = None
    for name in field.source.split("."):
        if model is None:
            return None
        try:
            found = model._meta.get_field(name)
        except Exception:  # a property, a method or an annotation
            return None
        model = found.related_model if found.is_relation else None
    return found
