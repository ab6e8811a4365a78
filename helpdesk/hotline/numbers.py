"""Telephone numbers of calls: E.164 (``helpdesk.customers.phone``), or empty when withheld."""

from __future__ import annotations

from django.utils.translation import gettext as _

from helpdesk.common.errors import ServiceError
from helpdesk.customers.phone import InvalidPhone, normalise_phone

# What telephone systems send for a caller who hides their number.
WITHHELD = frozenset(
    {"", "anonymous", "unknown", "private", "restricted", "withheld", "unavailable"}
)


def call_number(raw: str | None, *, field: str, required: bool = False) -> str:
    """``raw`` as E.164; ``""`` for a withheld number; ``400 invalid_number`` otherwise.

    ``required``: the number cannot be withheld (whom an outbound call rang, say).
    """
    text = (raw or "").strip()
    if text.lower() in WITHHELD:
        if required:
            raise ServiceError(
                _("Enter a valid phone number."),
                code="invalid_number",
                fields={field: [_("This field is required.")]},
            )
        return ""
    try:
        return normalise_phone(text)
    except InvalidPhone:
        raise ServiceError(
            _("%(value)s is not a valid phone number.") % {"value": text[:40]},
            code="invalid_number",
            fields={field: [_("Enter a valid phone number.")]},
        ) from None
