"""End-to-end tests: a real daphne serving the built app, driven by Debian's Chromium.

The server runs in its own process against the test database (committed data: tests use
``transactional_db``) and the same Redis keys as the test run, so a service called from a test
rings the browser's websocket exactly as in production.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings

from helpdesk.embedded import free_port
from tests.processes import child_env

# Playwright's sync API runs an event loop in this thread; the tests' ORM calls are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = (
    Path(settings.BASE_DIR) / "var" / "e2e-screenshots" / datetime.now().strftime("%Y%m%d-%H%M%S")
)


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker):
    """A daphne process serving the app on a free port, for the whole session."""
    index = Path(settings.FRONTEND_DIST) / "index.html"
    if not index.exists():
        pytest.fail("frontend/dist is not built: run `make test` (it builds it) or `make frontend`")
    port = free_port()
    # The admin's and the API docs' files come from the apps (no collectstatic in a test run).
    env = child_env(WHITENOISE_USE_FINDERS="true")
    log = open(Path(settings.BASE_DIR) / "var" / "e2e-server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "helpdesk.asgi:application",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the e2e server did not start; see {log.name}")
        time.sleep(0.2)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args, live_server_url):
    return {
        **browser_context_args,
        "base_url": live_server_url,
        "viewport": {"width": 1400, "height": 900},
        "locale": "en-US",
        "timezone_id": "Asia/Shanghai",
    }


@pytest.fixture
def screenshot(page):
    """``screenshot("inbox")`` saves the page under the run's screenshot folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists():
        terminalreporter.write_line(f"e2e screenshots: {SCREENSHOTS}")
