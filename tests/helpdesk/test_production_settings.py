"""Production settings refuse to start without their secrets, and pass Django's deploy checks."""

import os
import subprocess
import sys

from django.conf import settings

BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
GOOD = {
    "DJANGO_SECRET_KEY": "k3Jx9-Qw7_Zp2Lm5Nb8Vc1Xr4Ts6Yu0Hg3Fd2Sa9Pl7Ok5Ij8Uh1Yg6Tf4Rd",
    "DJANGO_ALLOWED_HOSTS": "helpdesk.example.com",
    "DATABASE_URL": "postgres://helpdesk@db.invalid:5432/helpdesk",
    "REDIS_URL": "redis://redis.invalid:6379/0",
}


def _check(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=settings.BASE_DIR,
        env={**BASE_ENV, "DJANGO_SETTINGS_MODULE": "helpdesk.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in GOOD.items() if k != "DJANGO_SECRET_KEY"}

    result = _check(env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _check({**GOOD, "DJANGO_SECRET_KEY": "short"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    env = {k: v for k, v in GOOD.items() if k != "DATABASE_URL"}

    result = _check(env)

    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_production_passes_the_deploy_checks():
    result = _check(GOOD, "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
