"""Untrusted JSON made storable in PostgreSQL.

PostgreSQL's ``text`` and ``jsonb`` refuse the NUL character and unpaired UTF-16 surrogates,
both of which a JSON body may carry (``"\\u0000"``, ``"\\ud800"``): storing such a body as it came
fails with ``DataError``, a 500. Raw bodies that are kept for people to read later (refused
webhook calls recorded as anomalies) go through :func:`storable` first; the API fuzzer
(``tests/fuzz``) found the case on the supplier callback.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: Any) -> Any:
    """``value`` with NULs and lone surrogates in every string (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value) is None:
            return value
        # A valid surrogate pair cannot occur in a Python str (it is one code point), so every
        # surrogate left here is a lone one.
        return _UNSTORABLE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {storable(str(key)): storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    return value
