"""Steps the end-to-end tests share."""

import threading

from django.db import connections
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def in_thread(work, timeout: float = 120):
    """Run ``work`` (a service call) in a thread of its own and return its result: services ring
    the websocket doorbell through ``async_to_sync``, which cannot run in Playwright's event loop
    thread. Its database connection is closed after."""
    result = []

    def run():
        try:
            result.append(work())
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout)
    assert result, "the work in the thread failed (see the log above)"
    return result[0]
