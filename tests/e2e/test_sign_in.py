"""Signing in, the role-aware shell, the language switch, and session expiry."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import sign_in
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    queue = QueueFactory(name="Support", slug="support")
    agent = UserFactory(username="alice", display_name="Alice Agent", roles=["agent"])
    lead = UserFactory(username="sam", display_name="Sam Supervisor", roles=["supervisor"])
    MembershipFactory(queue=queue, user=agent)
    MembershipFactory(queue=queue, user=lead, role="supervisor")
    return agent, lead


def test_a_wrong_password_is_refused_on_the_page(page: Page, people):
    page.goto("/login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("The username or password is not correct.")


def test_the_navigation_follows_the_roles(page: Page, people, screenshot):
    sign_in(page, "alice")
    nav = page.get_by_role("navigation")
    expect(nav.get_by_text("Inbox")).to_be_visible()
    expect(nav.get_by_text("Queues")).to_have_count(0)
    expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-connected", "true")
    screenshot("shell-agent")

    page.get_by_test_id("user-menu").click()
    page.get_by_text("Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))

    sign_in(page, "sam")
    expect(page.get_by_role("navigation").get_by_text("Queues")).to_be_visible()


def test_switching_to_chinese_is_remembered_for_the_user(page: Page, people, browser):
    sign_in(page, "alice")
    page.get_by_test_id("language-switch").click()
    page.get_by_text("简体中文").last.click()

    expect(page.get_by_role("navigation").get_by_text("收件箱")).to_be_visible()

    other = browser.new_context(base_url=page.url.split("/inbox")[0], locale="en-US")
    fresh = other.new_page()
    fresh.goto("/login")
    fresh.get_by_label("Username").fill("alice")
    fresh.get_by_label("Password").fill("correct horse battery")
    fresh.get_by_role("button", name="Sign in").click()
    expect(fresh.get_by_role("navigation").get_by_text("收件箱")).to_be_visible()
    other.close()


def test_an_expired_session_returns_to_the_sign_in_page(page: Page, people):
    sign_in(page, "alice")
    page.context.clear_cookies()

    page.reload()

    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_label("Username")).to_be_visible()
