"""The daily problems report, its evening sending, and the monthly report."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core import mail

from helpdesk.complaints.models import Complaint
from helpdesk.quality.models import PointCoefficient, Rating
from helpdesk.queues.models import Category, EventVerb, Kind, WorkItemEvent
from helpdesk.reports.models import DailyProblems, ExportLog
from helpdesk.reports.periods import Span
from helpdesk.reports.sending import problems_send_if_due
from helpdesk.reports.service import service_report
from helpdesk.sla.models import SlaClock
from tests.factories import UserFactory

from .conftest import ZONE, World, local, make_item

PROBLEMS = "/api/v1/reports/daily-problems/"
MONTHLY = "/api/v1/reports/monthly/"


@pytest.fixture
def day_world(db, settings, queue, agent):
    """The 10th of November: a category with trouble, one quiet, items the week before."""
    settings.TIME_ZONE = "Asia/Shanghai"
    settings.QUALITY_RATING_TARGET = 3
    from django.utils import timezone

    timezone.activate(ZONE)
    w = World(
        [queue],
        [agent],
        [Category.objects.create(name="Refunds"), Category.objects.create(name="Login")],
    )
    refunds, login = w.categories
    for d in range(3, 10):  # 14 refunds over the previous 7 days: 2 a day on average
        make_item(w, created=local(d, 10), category=refunds)
        make_item(w, created=local(d, 11), category=refunds)
    make_item(w, created=local(9, 23, 59), category=login)  # the day before (local)
    a = make_item(
        w, created=local(10, 0, 1), category=refunds, assignee=agent, subject="Refund late"
    )
    b = make_item(w, created=local(10, 9), category=refunds, subject="Double charge")
    make_item(w, created=local(10, 10), category=refunds)
    make_item(w, created=local(10, 12), category=refunds)
    c = make_item(
        w, created=local(10, 13), category=login, status="resolved", resolved=local(10, 14)
    )
    make_item(w, created=local(11, 0, 0), category=login)  # the day after
    SlaClock.objects.create(
        item=a,
        kind="first_response",
        target_seconds=60,
        state="breached",
        started_at=local(10, 0, 1),
        breached_at=local(10, 1),
        stopped_at=local(10, 2),
    )
    SlaClock.objects.create(
        item=b,
        kind="resolution",
        target_seconds=60,
        state="running",
        started_at=local(10, 9),
        breached_at=local(10, 23, 30),
    )
    SlaClock.objects.create(
        item=b,
        kind="first_response",
        target_seconds=60,
        state="breached",
        started_at=local(9, 9),
        breached_at=local(9, 23),
    )  # not this day
    r1 = Rating.objects.create(item=a, score=1, source="link")
    r2 = Rating.objects.create(item=c, score=3, source="link")  # at the target: not low
    Rating.objects.filter(pk__in=[r1.pk, r2.pk]).update(created_at=local(10, 15))
    complaint_item = make_item(w, created=local(10, 16), kind=Kind.COMPLAINT, subject="Complaint")
    Complaint.objects.create(item=complaint_item, source_item=a)
    event = WorkItemEvent.objects.create(
        item=c, verb=EventVerb.STATUS_CHANGED, data={"from": "resolved", "to": "open"}
    )
    WorkItemEvent.objects.filter(pk=event.pk).update(created_at=local(10, 20))
    return w


def test_daily_problems_by_category(day_world, manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    with django_assert_num_queries(14):
        body = client.get(PROBLEMS, {"date": "2026-11-10"}).json()
    rows = {r["label"]: r for r in body["rows"]}
    refunds = rows["Refunds"]
    assert (refunds["created"], refunds["previous_avg"], refunds["change"]) == (4, 2.0, 2.0)
    assert refunds["change_rate"] == 1.0
    assert (refunds["sla_breaches"], refunds["low_ratings"], refunds["complaints"]) == (2, 1, 1)
    assert refunds["reopened"] == 0
    worst = refunds["worst"]
    assert worst[0]["subject"] == "Refund late"
    assert set(worst[0]["reasons"]) == {"sla_breach", "low_rating", "complaint"}
    assert worst[1]["subject"] == "Double charge" and worst[1]["reasons"] == ["sla_breach"]
    login = rows["Login"]
    assert (login["created"], login["low_ratings"], login["reopened"]) == (1, 0, 1)
    assert login["previous_avg"] == round(1 / 7, 2)
    assert body["rows"][0]["label"] == "Refunds"  # most problems first
    # the complaint item itself (no category) is created that day
    assert rows["No category"]["created"] == 1
    for name in ("created", "sla_breaches", "low_ratings", "complaints", "reopened"):
        assert body["totals"][name] == sum(r[name] for r in body["rows"])
    assert body["sent_at"] is None


def test_daily_problems_default_is_today_and_input_checked(db, manager, agent, client_for):
    from django.utils import timezone

    assert client_for(manager).get(PROBLEMS).json()["date"] == timezone.localdate().isoformat()
    bad = client_for(manager).get(PROBLEMS, {"date": "2026-02-30"})
    assert bad.status_code == 400 and "date" in bad.json()["fields"]
    assert client_for(manager).get(PROBLEMS, {"output": "doc"}).status_code == 400
    assert client_for(agent).get(PROBLEMS).status_code == 403
    assert client_for(agent).get(PROBLEMS, {"output": "csv"}).status_code == 403


def test_daily_problems_csv_lists_the_items_to_follow(day_world, supervisor, client_for):
    response = client_for(supervisor).get(PROBLEMS, {"date": "2026-11-10", "output": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert lines[0][0] == "Category" and lines[1][0] == "Refunds"
    assert "Refund late" not in lines[1][-1]  # references and reasons, not subjects
    assert "SLA breached" in lines[1][-1]
    assert ExportLog.objects.get().report == "daily-problems"


def test_the_evening_task_stores_and_sends_once(
    day_world, supervisor, manager, agent, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_PROBLEMS_HOUR = 18
    assert problems_send_if_due(local(10, 17, 59)) is None  # not yet evening
    with django_capture_on_commit_callbacks(execute=True):
        stored = problems_send_if_due(local(10, 18, 5))
    assert stored.day == dt.date(2026, 11, 10)
    assert set(stored.sent_to) == {supervisor.pk, manager.pk}
    assert stored.data["totals"]["sla_breaches"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([supervisor.email, manager.email])
    assert "Refunds" in mail.outbox[0].body and "SLA" in mail.outbox[0].subject
    assert problems_send_if_due(local(10, 19)) is None  # once a day
    assert DailyProblems.objects.count() == 1 and len(mail.outbox) == 2


@pytest.fixture
def months(db, settings, queue, other_queue, agent, agent2):
    settings.TIME_ZONE = "Asia/Shanghai"
    settings.QUALITY_MONTHLY_BASE = 1
    from django.utils import timezone

    timezone.activate(ZONE)
    w = World([queue, other_queue], [agent, agent2], [Category.objects.create(name="Refunds")])
    PointCoefficient.objects.update_or_create(
        kind=Kind.TICKET, category=None, defaults={"points": 2}
    )
    for d in (3, 4, 5):
        make_item(
            w,
            created=local(d, 9, month=10),
            resolved=local(d, 10, month=10),
            status="resolved",
            assignee=agent,
        )
    items = []
    for d, who, q in (
        (2, agent, queue),
        (3, agent, queue),
        (4, agent2, other_queue),
        (5, None, queue),
    ):
        items.append(
            make_item(
                w,
                created=local(d, 9),
                resolved=local(d, 12),
                status="closed",
                assignee=who,
                queue=q,
                category=w.categories[0] if who else None,
            )
        )
    for item, score in zip(items, (5, 4, 2, 5), strict=True):
        r = Rating.objects.create(item=item, score=score, source="link")
        Rating.objects.filter(pk=r.pk).update(created_at=local(20, 9))
    complaint = make_item(w, created=local(6, 9), kind=Kind.COMPLAINT)
    Complaint.objects.create(item=complaint, root_cause="product")
    return w


def test_monthly_report(months, manager, client_for, django_assert_num_queries, agent, agent2):
    client = client_for(manager)
    # 39: the month's ungrouped percentiles read once for the three groupings, the previous
    # month's totals alone (5 queries, not a whole report by kind); the ranking reads the work
    # coefficients once (one query) instead of two sub-queries per item. 42 (decision 0022):
    # each of the five service reads (ungrouped, three groupings, the previous month's totals)
    # first asks which days have clean roll-ups (+5; none here: all read live), and the open
    # items at the month's end are counted once for the three groupings (-2).
    with django_assert_num_queries(42):
        body = client.get(MONTHLY, {"month": "2026-11"}).json()
    assert (body["month"], body["previous_month"]) == ("2026-11", "2026-10")
    created = next(t for t in body["totals"] if t["figure"] == "created")
    assert (created["current"], created["previous"], created["change"]) == (5, 3, 2)
    by_agent = {r["key"]: r for r in body["by_agent"]["rows"]}
    assert by_agent[str(agent.pk)]["resolved"] == 2
    assert by_agent[str(agent.pk)]["points"] == 4.0 and by_agent[str(agent.pk)]["rank"] == 1
    assert by_agent[str(agent2.pk)]["rank"] == 2 and by_agent["none"]["rank"] is None
    sat = body["satisfaction"]
    assert sat["ratings"] == 4 and sat["average"] == 4.0
    assert [d["count"] for d in sat["distribution"]] == [0, 1, 0, 1, 2]
    assert sat["survey"] is None
    assert body["complaints_by_root_cause"] == [{"key": "product", "label": "Product", "count": 1}]
    assert body["top_categories"][0] == {
        "key": str(months.categories[0].pk),
        "label": "Refunds",
        "created": 3,
        "share": 0.6,
    }
    # the tables are the service report's
    month = Span(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert body["by_queue"]["rows"] == _json(service_report(month, by="queue")["rows"])
    october = Span(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    previous = service_report(october, by="kind")["totals"]
    assert body["previous"] == {name: previous[name] for name in body["previous"]}
    for table in ("by_queue", "by_kind", "by_agent"):
        assert body[table]["totals"]["created"] == sum(r["created"] for r in body[table]["rows"])


def _json(rows):
    return [{**r} for r in rows]


def test_monthly_survey_hook(months, manager, client_for):
    from helpdesk.reports import hooks

    def provider(period):
        return {"responses": 7, "month": period.first.isoformat()}

    hooks.register_survey_summary(provider)
    try:
        body = client_for(manager).get(MONTHLY, {"month": "2026-11"}).json()
    finally:
        hooks._survey_providers.remove(provider)
    assert body["satisfaction"]["survey"] == {"responses": 7, "month": "2026-11-01"}


def test_monthly_xlsx_is_one_workbook_with_a_sheet_per_table(months, manager, client_for):
    response = client_for(manager).get(MONTHLY, {"month": "2026-11", "output": "xlsx"})
    assert response.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(response.content))
    sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 8
    workbook = book.read("xl/workbook.xml").decode()
    for name in (
        "Summary",
        "By queue",
        "By kind",
        "By agent",
        "Satisfaction",
        "SLA",
        "Complaints by root cause",
        "Top categories",
    ):
        assert f'name="{name}"' in workbook
    log = ExportLog.objects.get()
    assert (log.report, log.output, log.params) == ("monthly", "xlsx", {"month": "2026-11"})
    csv_response = client_for(manager).get(MONTHLY, {"month": "2026-11", "output": "csv"})
    first = csv_response.content.decode().lstrip("\ufeff").splitlines()
    assert first[0].startswith("Group,Created") and first[-1].startswith("Total,5")


@pytest.mark.parametrize("month", ["2026-13", "26-11", "november"])
def test_monthly_bad_month(db, manager, client_for, month):
    response = client_for(manager).get(MONTHLY, {"month": month})
    assert response.status_code == 400 and "month" in response.json()["fields"]


def test_monthly_needs_the_role(db, client_for):
    agent = UserFactory(roles=["agent"])
    assert client_for(agent).get(MONTHLY).status_code == 403
    assert client_for(agent).get(MONTHLY, {"output": "xlsx"}).status_code == 403
    assert not ExportLog.objects.exists()
