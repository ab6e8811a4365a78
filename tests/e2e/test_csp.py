"""The Content Security Policy in a real browser: the pages it covers still work under it.

A manager opens the inbox, the service report with its chart, the API docs (Swagger UI) and the
Django admin; a visitor opens the widget's demo shop and the chat widget. On every page the
browser's own word is taken: a ``securitypolicyviolation`` listener (added before any of the
page's scripts run) and the console's "Refused to …" / "Content Security Policy" messages. Each
page must show what a user would see, and its answer must carry the policy (decision 0021).

The first test breaks the policy on purpose, so a clean page means clean, not "not listening".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Response, expect

from helpdesk.common.security import DEMO_PAGE_POLICY
from helpdesk.tickets import services as tickets
from tests.e2e.helpers import in_thread, sign_in
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in every document before the page's own scripts (CDP injection, not subject to the CSP).
LISTEN = """
window.__cspViolations = [];
window.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push({
    directive: e.effectiveDirective || e.violatedDirective,
    blocked: e.blockedURI,
    source: e.sourceFile,
    line: e.lineNumber,
    sample: e.sample,
    page: location.pathname,
  });
}, true);
"""
CONSOLE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


class PolicyWatch:
    """What the browser reported about the policy on the current page, plus page errors and
    same-origin files that failed to load (a missing script is not a violation, but breaks the
    page just as well)."""

    def __init__(self, page: Page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{error.name}: {error.message}"))
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _console(self, message) -> None:
        if CONSOLE.search(message.text):
            self.console.append(f"{message.type}: {message.text}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type in {"script", "stylesheet"}:
            self.failed.append(f"{response.status} {response.url}")

    def _request_failed(self, request) -> None:
        if "csp" in (request.failure or "").lower():
            self.console.append(f"blocked: {request.url} ({request.failure})")

    def violations(self) -> list:
        return self.page.evaluate("window.__cspViolations || []")

    def assert_clean(self, where: str) -> None:
        """No violation, no policy message, no policy error, no missing script or style."""
        self.page.wait_for_load_state("load")
        found = {
            "violations": self.violations(),
            "console": self.console,
            "errors": [e for e in self.errors if CONSOLE.search(e) or "EvalError" in e],
            "failed files": self.failed,
        }
        assert not any(found.values()), f"{where}: {found}"
        self.console, self.errors, self.failed = [], [], []


def _policy(response: Response | None) -> dict[str, list[str]]:
    assert response is not None
    header = response.headers.get("content-security-policy")
    assert header, f"{response.url} has no Content-Security-Policy header"
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def _app_policy(response: Response | None) -> dict[str, list[str]]:
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"], policy
    assert policy["object-src"] == ["'none'"], policy
    return policy


@pytest.fixture
def desk():
    support = QueueFactory(name="Support", slug="support")
    manager = UserFactory(
        username="liu",
        display_name="Liu Yang",
        roles=["manager"],
        is_staff=True,
        is_superuser=True,
    )
    MembershipFactory(queue=support, user=manager, role="supervisor")
    ticket = in_thread(
        lambda: tickets.ticket_create(
            actor=manager,
            queue_id=support.pk,
            subject="Top-up of 50 yuan not received",
            body="My top-up is missing.",
            requester_email="customer@example.com",
        )
    )
    return {"support": support, "manager": manager, "item": ticket.item}


@pytest.fixture
def watch(page: Page) -> PolicyWatch:
    return PolicyWatch(page)


def test_the_check_sees_a_violation_when_there_is_one(page: Page, watch: PolicyWatch):
    page.goto("/login")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    # An inline script added by the page itself is what the policy refuses.
    page.evaluate(
        """() => {
          const tag = document.createElement("script");
          tag.textContent = "window.__ranInline = true";
          document.body.appendChild(tag);
        }"""
    )

    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.evaluate("window.__ranInline === undefined")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert watch.violations()[0]["directive"] == "script-src-elem"
    page.wait_for_timeout(200)  # the console message travels separately from the event
    assert any("inline script" in m and "Content Security Policy" in m for m in watch.console), (
        watch.console
    )
    with pytest.raises(AssertionError, match="script-src-elem"):
        watch.assert_clean("login with an inline script")


def test_the_inbox_works_under_the_policy(page: Page, watch: PolicyWatch, desk, screenshot):
    sign_in(page, "liu")
    watch.assert_clean("sign-in page")

    response = page.goto("/inbox")

    _app_policy(response)
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    item = desk["item"]
    expect(page.get_by_test_id(f"inbox-row-{item.pk}")).to_contain_text(
        "Top-up of 50 yuan not received"
    )
    # The live updates' websocket is allowed by connect-src 'self'.
    expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-connected", "true")
    screenshot("csp-inbox")
    watch.assert_clean("inbox")


def test_the_report_chart_draws_under_the_policy(page: Page, watch: PolicyWatch, desk, screenshot):
    sign_in(page, "liu")

    response = page.goto("/reports?by=day")

    _app_policy(response)
    expect(page.get_by_role("heading", name="Service report")).to_be_visible()
    chart = page.get_by_test_id("trend-chart")
    expect(chart.locator("svg path").first).to_be_attached()
    expect(chart.locator("svg")).to_contain_text("Created")
    # echarts' tooltip is a <div> with a style attribute (style-src 'unsafe-inline' allows it).
    box = chart.bounding_box()
    assert box is not None
    tooltip = chart.locator("div:not(:has(svg))").filter(has_text="Created").first
    for share in (0.5, 0.3, 0.7, 0.9):  # over the plot, wherever the days fall
        page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] / 2, steps=5)
        if tooltip.is_visible():
            break
    expect(tooltip).to_be_visible()
    screenshot("csp-report-chart")
    watch.assert_clean("service report")


def test_the_api_docs_work_under_the_policy(page: Page, watch: PolicyWatch, desk, screenshot):
    sign_in(page, "liu")

    response = page.goto("/api/docs/")

    _app_policy(response)
    docs = page.locator("#swagger-ui")
    expect(docs.get_by_role("heading", name=re.compile("Help desk API"))).to_be_visible()
    operation = docs.locator(".opblock").filter(
        has=page.locator("[data-path='/api/v1/auth/csrf/']")
    )
    expect(operation).to_be_visible()
    operation.locator(".opblock-summary").first.click()
    expect(operation.get_by_role("button", name="Try it out")).to_be_visible()
    screenshot("csp-api-docs")
    watch.assert_clean("API docs")


def test_the_admin_works_under_the_policy(page: Page, watch: PolicyWatch, desk, screenshot):
    sign_in(page, "liu")

    response = page.goto("/admin/")

    _app_policy(response)
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    watch.assert_clean("admin index")

    # The user form uses the admin's scripts most: the two-box group picker, date shortcuts and
    # the roles' inline rows; each is built by a script, so seeing them means the scripts ran.
    response = page.goto(f"/admin/accounts/user/{desk['manager'].pk}/change/")

    _app_policy(response)
    expect(page.get_by_role("heading", name="Change user")).to_be_visible()
    expect(page.locator("#id_groups_from")).to_be_attached()
    expect(page.get_by_role("link", name="Now").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Add another"))).to_be_visible()
    screenshot("csp-admin-user")
    watch.assert_clean("admin user form")


def test_the_chat_widget_works_on_its_demo_page(page: Page, watch: PolicyWatch, desk, screenshot):
    response = page.goto("/widget-demo.html?lang=en")

    # The demo shop has a policy of its own (inline script), the widget's file none.
    assert response is not None
    assert response.headers.get("content-security-policy") == DEMO_PAGE_POLICY
    expect(page.get_by_role("heading", name=re.compile("Mobile top-up"))).to_be_visible()
    page.get_by_test_id("widget-launcher").click()
    # Nobody is online: the widget asked the help desk (connect-src) and offers a message form.
    expect(page.get_by_test_id("widget-offline-form")).to_be_visible()
    screenshot("csp-widget")
    watch.assert_clean("widget demo page")
