"""Normalising contacts: phone numbers to E.164 (``phonenumbers``), email addresses to lower case.

Stored phone numbers are always E.164 (``+8613800138000``), so an incoming call, a search and an
import all meet on the same string. Numbers without a country code are read in
``settings.PHONE_DEFAULT_REGION`` (CN by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# A search term is treated as (part of) a phone number when it is made of these characters only
# and holds at least this many digits; fewer would match half the customer base.
PHONE_SEARCH_MIN_DIGITS = 4
_PHONE_LIKE = re.compile(r"^[\d\s\-+().]+$")
_NON_DIGITS = re.compile(r"\D")


class InvalidPhone(ValueError):
    pass


class InvalidEmail(ValueError):
    pass


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(raw, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(str(exc)) from exc


def normalise_phone(raw: str) -> str:
    """``raw`` as E.164, or :class:`InvalidPhone` when it is not a valid number.

    ``"138 0013 8000"``, ``"+86 138-0013-8000"`` and ``"8613800138000"`` all become
    ``"+8613800138000"`` (with CN as the default region).
    """
    raw = (raw or "").strip()
    if not raw:
        raise InvalidPhone("empty")
    number = _parse(raw)
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    """``raw`` trimmed and lower-cased, or :class:`InvalidEmail` when it is not an address."""
    value = (raw or "").strip().lower()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise InvalidEmail(value) from exc
    return value


@dataclass(frozen=True)
class PhoneQuery:
    """How a search term matches phone numbers: an exact E.164 and digit fragments."""

    e164: str | None
    fragments: tuple[str, ...]


def phone_query(term: str) -> PhoneQuery | None:
    """The phone parts of a search term, or ``None`` when the term does not look like a number.

    ``e164`` is set when the term is a complete valid number; ``fragments`` are the digit strings
    to look for inside stored numbers: the digits as typed and, for a valid number, its national
    significant number (so ``0755 8888 9999`` finds ``+8675588889999``); a partial number typed
    with a trunk zero is also looked for without it.
    """
    term = (term or "").strip()
    if not term or not _PHONE_LIKE.match(term):
        return None
    digits = _NON_DIGITS.sub("", term)
    if len(digits) < PHONE_SEARCH_MIN_DIGITS:
        return None
    e164 = None
    fragments = {digits}
    try:
        number = _parse(term)
    except InvalidPhone:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        fragments.add(phonenumbers.national_significant_number(number))
    elif digits.startswith("0") and not digits.startswith("00"):
        # A partial number typed with its trunk zero ("0755 8888"): stored numbers lack it.
        without_trunk = digits[1:]
        if len(without_trunk) >= PHONE_SEARCH_MIN_DIGITS:
            fragments.add(without_trunk)
    return PhoneQuery(e164=e164, fragments=tuple(sorted(fragments, key=lambda f: (-len(f), f))))
