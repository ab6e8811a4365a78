"""One error shape for every API: ``{"code": "...", "message": "...", "fields": {...}}``.

Services raise :class:`ServiceError` (or a subclass) with a stable, machine-readable ``code`` and a
translated ``message``; the DRF exception handler below renders every error in the same shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ServiceError(Exception):
    """A business rule refused the request. Rendered as a 4xx in the shared error shape."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"
    default_message = gettext_lazy("The request could not be processed.")

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        status_code: int | None = None,
    ) -> None:
        self.message = str(message if message is not None else self.default_message)
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        self.fields = fields or {}
        super().__init__(self.message)


class NotFound(ServiceError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"
    default_message = gettext_lazy("Not found.")


class Forbidden(ServiceError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "permission_denied"
    default_message = gettext_lazy("You do not have permission to perform this action.")


class Conflict(ServiceError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"
    default_message = gettext_lazy("The item changed meanwhile; reload and try again.")


class RateLimited(ServiceError):
    """Too many requests: ``429 rate_limited`` with a ``Retry-After`` header (seconds)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "rate_limited"
    default_message = gettext_lazy("Too many requests; try again later.")

    def __init__(self, message: str | None = None, *, retry_after: float = 1, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = max(1, int(retry_after + 0.999))


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "fields": fields or {}}


def _flatten_fields(detail: Any) -> dict[str, Any]:
    """DRF's nested ValidationError detail as ``{field: [messages]}`` (nested keys dotted)."""
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, sub in enumerate(value):
                walk(f"{prefix}.{index}", sub)
        elif isinstance(value, list):
            out.setdefault(prefix or "non_field_errors", []).extend(str(v) for v in value)
        else:
            out.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk("", detail)
    return out


def _first_code(detail: Any) -> str | None:
    if isinstance(detail, dict):
        for value in detail.values():
            found = _first_code(value)
            if found:
                return found
    elif isinstance(detail, list):
        for value in detail:
            found = _first_code(value)
            if found:
                return found
    elif isinstance(detail, exceptions.ErrorDetail):
        return detail.code
    return None


# Codes that say more than "invalid" when a serializer field fails.
_FIELD_CODES = {"unknown_field", "attachment_too_large", "attachment_type_forbidden"}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        response = Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        message = "; ".join(exc.messages)
        return Response(error_body("invalid", message, fields), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten_fields(exc.detail)
        first = _first_code(exc.detail)
        code = first if first in _FIELD_CODES else "invalid"
        response.data = error_body(code, _("Some fields are invalid."), fields)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = detail if isinstance(detail, str) else str(detail)
        code = getattr(detail, "code", None) or exc.default_code
        if isinstance(exc, exceptions.Throttled):
            code = "rate_limited"
        response.data = error_body(str(code), message)
    return response


def json_error_view(status_code: int, code: str, message):
    """A Django error handler (404, 500) that answers in the shared shape; ``message`` is lazy."""

    def view(request, exception=None):  # Django's handler signature
        return JsonResponse(error_body(code, str(message)), status=status_code)

    return view
