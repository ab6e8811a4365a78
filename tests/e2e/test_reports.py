"""The period reports in a real browser: a manager opens last month's report, sees its totals
and the agents' table, downloads the workbook, then opens the service report for last month by
agent and follows an agent's row to the ledger, where every figure traces to its items.

Items are created through the ticket services (in another thread: Playwright's sync API runs an
event loop in this one) and moved into last month; ratings are recorded through the rating
service and dated last month too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from helpdesk.quality import services as quality
from helpdesk.quality.models import Rating
from helpdesk.queues.models import WorkItem
from helpdesk.tickets import services as tickets
from tests.e2e.helpers import in_thread, sign_in
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCORES = (5, 4, 2)


def _last_month() -> tuple[dt.date, dt.date]:
    first_this = timezone.localdate().replace(day=1)
    last = first_this - dt.timedelta(days=1)
    return last.replace(day=1), last


@pytest.fixture
def month_of_work():
    first, last = _last_month()
    support = QueueFactory(name="Support", slug="support")
    agent = UserFactory(username="li", display_name="Li Na", roles=["agent"])
    MembershipFactory(queue=support, user=agent)
    UserFactory(username="liu", display_name="Liu Yang", roles=["manager"])

    def seed():
        ids = []
        for n, score in enumerate(SCORES):
            ticket = tickets.ticket_create(
                actor=agent,
                queue_id=support.pk,
                subject=f"Top-up {n} did not arrive",
                body="My top-up is missing.",
                requester_email=f"customer{n}@example.com",
            )
            item = ticket.item
            item.assignee = agent
            item.save(update_fields=["assignee"])
            tickets.ticket_set_status(ticket_id=item.pk, actor=agent, status="resolved")
            item.refresh_from_db()
            quality.rating_record(item=item, score=score, comment="", source="link")
            ids.append(item.pk)
        return ids

    ids = in_thread(seed)
    zone = timezone.get_current_timezone()
    for n, pk in enumerate(ids):
        created = dt.datetime.combine(first + dt.timedelta(days=2 + n), dt.time(10), tzinfo=zone)
        WorkItem.objects.filter(pk=pk).update(
            created_at=created,
            assigned_at=created + dt.timedelta(minutes=5),
            first_response_at=created + dt.timedelta(minutes=10),
            resolved_at=created + dt.timedelta(hours=2),
        )
        Rating.objects.filter(item_id=pk).update(created_at=created + dt.timedelta(hours=3))
    return {"agent": agent, "first": first, "last": last, "items": ids}


def test_a_manager_reads_last_months_report_and_follows_an_agent_to_the_ledger(
    page: Page, month_of_work, screenshot
):
    agent = month_of_work["agent"]
    month = month_of_work["first"].strftime("%Y-%m")
    sign_in(page, "liu")

    # Last month's report, opened from the menu's default (no month in the address).
    page.goto("/reports/monthly")
    expect(page.get_by_test_id("monthly-heading")).to_have_text(f"Monthly report {month}")
    totals = page.get_by_test_id("monthly-totals")
    expect(totals.get_by_test_id("total-current-created")).to_have_text("3")
    expect(totals.get_by_test_id("total-current-resolved")).to_have_text("3")
    expect(totals.get_by_test_id("total-current-ratings")).to_have_text("3")
    expect(totals.get_by_test_id("total-current-resolution_median")).to_have_text("2h 0m 0s")
    agents = page.get_by_test_id("monthly-by-agent")
    expect(agents.get_by_test_id(f"row-{agent.pk}")).to_have_text("Li Na")
    expect(agents.get_by_test_id(f"cell-{agent.pk}-resolved")).to_have_text("3")
    expect(page.get_by_test_id("satisfaction-average")).to_contain_text("3.67")
    expect(page.get_by_test_id("monthly-ranking-link")).to_be_visible()
    screenshot("reports-monthly")

    # On paper: the report alone, without the app's menu, header or buttons.
    page.emulate_media(media="print")
    expect(page.locator(".ant-layout-sider")).to_be_hidden()
    expect(page.get_by_test_id("user-menu")).to_be_hidden()
    expect(page.get_by_test_id("monthly-print")).to_be_hidden()
    expect(agents.get_by_test_id(f"row-{agent.pk}")).to_be_visible()
    screenshot("reports-monthly-print")
    page.emulate_media(media="screen")

    # The workbook: an XLSX (a zip with a workbook inside).
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    data = Path(download.path()).read_bytes()
    assert data[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        assert "xl/workbook.xml" in workbook.namelist()

    # The service report for last month, by agent, then on to the ledger.
    page.goto("/reports")
    expect(page.get_by_test_id("service-table")).to_be_visible()
    page.get_by_test_id("period-preset").click()
    page.locator(".ant-select-item-option").filter(has_text="Last month").click()
    page.get_by_test_id("by-select").click()
    page.locator(".ant-select-item-option").filter(has_text="By: Agent").click()
    row = page.get_by_test_id(f"row-{agent.pk}")
    expect(row).to_have_text("Li Na")
    expect(page.get_by_test_id(f"cell-{agent.pk}-created")).to_have_text("3")
    expect(page.get_by_test_id("totals-row").get_by_test_id("total-created")).to_have_text("3")
    screenshot("reports-service-by-agent")

    # The agent's count of created items lists the three tickets behind it.
    page.get_by_test_id(f"cell-{agent.pk}-created").click()
    expect(page.get_by_test_id("trace-count")).to_contain_text("3 records")
    drawer = page.get_by_test_id("trace-table")
    for pk in month_of_work["items"]:
        expect(drawer.get_by_role("link", name=f"T-{pk:06d}")).to_have_attribute(
            "href", f"/tickets/{pk}"
        )
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("trace-table")).to_be_hidden()
    page.get_by_test_id(f"row-link-{agent.pk}").click()
    expect(page).to_have_url(re.compile(rf"/quality/ledger\?month={month}$"))
    expect(page.get_by_role("row").filter(has_text="Li Na").first).to_be_visible()
    screenshot("reports-ledger")
