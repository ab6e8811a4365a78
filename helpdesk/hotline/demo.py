"""The demo integration's signing secret, shared by ``seed_demo`` and the PBX simulator.

``HOTLINE_PBX_SECRET`` from the environment when set; otherwise the secret that ``seed_demo``
generated for the demo integration and kept in ``var/hotline-pbx-secret`` (``var/`` is not
committed), so that ``make run`` and the simulator agree without a secret in the repository.

Pure Python (no Django): the simulator imports it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

SECRET_ENV = "HOTLINE_PBX_SECRET"
SECRET_FILE = Path(__file__).resolve().parents[2] / "var" / "hotline-pbx-secret"


def stored_secret(env: Mapping[str, str] | None = None, path: Path | None = None) -> str | None:
    """The environment's secret, else the kept one, else None."""
    env = os.environ if env is None else env
    path = path or SECRET_FILE
    if env.get(SECRET_ENV):
        return env[SECRET_ENV]
    try:
        kept = path.read_text().strip()
    except OSError:
        return None
    return kept or None


def keep_secret(secret: str, path: Path | None = None) -> None:
    """Write the secret where the simulator finds it (readable by its owner only)."""
    path = path or SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")


def new_secret() -> str:
    return secrets.token_urlsafe(32)
