"""The hotline webhook's signature (``docs/hotline-protocol.md``, "Signing").

``X-Hotline-Signature: sha256=<hex>`` where ``hex`` is the lower-case HMAC-SHA256, keyed with the
integration's secret (UTF-8), of the timestamp header's value, a full stop, and the raw request
body: ``b"1767225600." + body``. Binding the timestamp into the signed bytes is what makes the
timestamp window a replay guard: a captured request cannot be resent later with a fresh
timestamp.

Pure Python (no Django): the webhook view and the PBX simulator share it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

INTEGRATION_HEADER = "X-Hotline-Integration"
TIMESTAMP_HEADER = "X-Hotline-Timestamp"
SIGNATURE_HEADER = "X-Hotline-Signature"
SCHEME = "sha256="
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


def _key(secret: str | bytes) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def signature(secret: str | bytes, timestamp: str | int, body: bytes) -> str:
    """``sha256=<hex>`` for ``body`` sent at ``timestamp`` (unix seconds)."""
    signed = str(timestamp).encode("ascii") + b"." + body
    return SCHEME + hmac.new(_key(secret), signed, hashlib.sha256).hexdigest()


def valid_timestamp(text: str | None) -> int | None:
    """The header's unix seconds, or None when it is not a plain decimal number."""
    if not text or not _TIMESTAMP.match(text):
        return None
    return int(text)


def verify(secret: str | bytes, timestamp: str, body: bytes, given: str | None) -> bool:
    """True when ``given`` is the signature of ``body`` at ``timestamp`` (constant-time)."""
    if not given or not given.startswith(SCHEME) or not _HEX.match(given[len(SCHEME) :]):
        return False
    if valid_timestamp(timestamp) is None:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected.encode("ascii"), given.lower().encode("ascii"))


def signed_headers(
    integration: str, secret: str | bytes, body: bytes, *, now: float | None = None
) -> dict[str, str]:
    """The three headers of a signed event (``Content-Type`` included)."""
    timestamp = str(int(time.time() if now is None else now))
    return {
        "Content-Type": "application/json",
        INTEGRATION_HEADER: integration,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }
