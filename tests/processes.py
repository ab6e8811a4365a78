"""Helpers for tests that start the product's own processes (daphne, Celery workers) against
the test database and the test run's Redis keys."""

from __future__ import annotations

import os

from django.db import connection


def database_url() -> str:
    """The test database, as a ``DATABASE_URL`` for a child process (committed data only: the
    tests that use it take ``transactional_db``)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}{port}/{db['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: test settings, the test database, this run's keys."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings.test",
        "DATABASE_URL": database_url(),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
