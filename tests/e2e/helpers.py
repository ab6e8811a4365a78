"""Steps the end-to-end tests share."""

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()
