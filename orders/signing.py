"""The supplier protocol's signature (``docs/supplier-protocol.md``, "Signing").

``sign = hex(HMAC-SHA256(secret, canonical))`` where ``canonical`` is every field but ``sign``
sorted by name, as ``name=value`` joined with ``&``; ``None`` values are left out, booleans are
``true``/``false``, numbers are written as ``json.dumps`` writes them, strings as they are. The
HMAC runs over the canonical text's UTF-8 bytes.

Pure Python (no Django): our adapters, our callback view and the supplier simulator share
it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from collections.abc import Mapping
from typing import Any

SIGN_FIELD = "sign"


def _text(name: str, value: Any) -> str:
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name}: {value} has no JSON form")
        return json.dumps(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"{name}: a signed object is flat; {type(value).__name__} cannot be signed")


def canonical(fields: Mapping[str, Any]) -> str:
    """The text that is signed: ``a=1&b=x&c=true`` (no ``sign``, no ``None`` values).

    Raises ``TypeError`` for a nested value (list, object) and ``ValueError`` for NaN/infinity.
    """
    return "&".join(
        f"{name}={_text(name, fields[name])}"
        for name in sorted(fields)
        if name != SIGN_FIELD and fields[name] is not None
    )


def _key(secret: str | bytes) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def sign(fields: Mapping[str, Any], secret: str | bytes) -> str:
    """The lower-case hex HMAC-SHA256 of ``canonical(fields)``."""
    return hmac.new(_key(secret), canonical(fields).encode("utf-8"), hashlib.sha256).hexdigest()


def signed(fields: Mapping[str, Any], secret: str | bytes) -> dict[str, Any]:
    """A copy of ``fields`` with its ``sign`` set."""
    body = {name: value for name, value in fields.items() if name != SIGN_FIELD}
    body[SIGN_FIELD] = sign(body, secret)
    return body


def verify(fields: Mapping[str, Any], secret: str | bytes) -> bool:
    """True when ``fields["sign"]`` is the signature of the other fields (constant-time compare).

    A missing or non-string sign, or fields that cannot be signed (nested values), are False.
    The hex is compared without regard to case.
    """
    given = fields.get(SIGN_FIELD)
    if not isinstance(given, str):
        return False
    try:
        expected = sign(fields, secret)
    except (TypeError, ValueError):
        return False
    return hmac.compare_digest(expected.encode("ascii"), given.lower().encode("utf-8"))
