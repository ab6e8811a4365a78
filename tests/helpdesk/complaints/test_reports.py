"""What complaints teach: attribution feeds the trends, repeat complainants, the daily summary.
Every expected figure is recomputed here from the cases the test made, not read back from SQL."""

from collections import Counter
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from helpdesk.complaints import services
from helpdesk.complaints.models import DailySummary
from helpdesk.complaints.tasks import daily_summary
from helpdesk.queues.models import Category, WorkItem
from tests.factories import CustomerFactory, UserFactory

from .conftest import fresh

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def cases(complaints_queue, handler, manager, channel, customer):
    """Twelve complaints over three weeks with their findings: (day offset, category, root cause,
    attributed agent or channel)."""
    from orders.models import SupplierChannel

    beta = SupplierChannel.objects.create(
        name="beta", base_url="http://127.0.0.1:2", merchant="m", secret="s"
    )
    agent_a = UserFactory(roles=["agent"], display_name="Agent A")
    agent_b = UserFactory(roles=["agent"], display_name="Agent B")
    late = Category.objects.create(queue=complaints_queue, name="Late credit")
    rude = Category.objects.create(queue=complaints_queue, name="Rude service")
    spec = [
        (0, late, "supplier_channel", channel),
        (0, late, "supplier_channel", channel),
        (1, rude, "agent_conduct", agent_a),
        (3, late, "supplier_channel", beta),
        (3, rude, "agent_conduct", agent_a),
        (3, rude, "agent_conduct", agent_b),
        (8, late, "process", None),
        (9, late, "supplier_channel", channel),
        (9, rude, None, None),
        (15, rude, "agent_conduct", agent_b),
        (16, late, "customer_misunderstanding", None),
        (16, late, "supplier_channel", channel),
    ]
    start = datetime(2026, 11, 2).date()  # a Monday
    made = []
    for offset, category, root_cause, who in spec:
        complaint = services.complaint_open(
            actor=fresh(manager),
            customer_id=customer.pk,
            subject="Case",
            description="Case",
            category_id=category.pk,
        )
        if root_cause:
            services.complaint_investigate(actor=fresh(manager), complaint_id=complaint.pk)
            fields = {"root_cause": root_cause}
            if root_cause == "agent_conduct":
                fields["attributed_agent_id"] = who.pk
            elif root_cause == "supplier_channel":
                fields["attributed_channel_id"] = who.pk
            elif root_cause == "process":
                fields["attribution_note"] = "Weekly refund batch"
            services.complaint_update(actor=fresh(manager), complaint_id=complaint.pk, **fields)
        day = start + timedelta(days=offset)
        WorkItem.objects.filter(pk=complaint.pk).update(created_at=at(day))
        made.append((day, category, root_cause, who))
    return {"start": start, "made": made, "channels": (channel, beta), "agents": (agent_a, agent_b)}


def expected_series(made, key_of, bucket_of):
    counts = Counter()
    for case in made:
        key = key_of(case)
        if key is not None:
            counts[(str(key), bucket_of(case[0]))] += 1
    return counts


def returned_series(body):
    return Counter(
        {
            (series["key"], point["period"]): point["count"]
            for series in body["series"]
            for point in series["points"]
            if point["count"]
        }
    )


@pytest.mark.parametrize(
    ("by", "key_of"),
    [
        ("root_cause", lambda c: c[2] or "undetermined"),
        ("channel", lambda c: c[3].pk if c[2] == "supplier_channel" else None),
        ("agent", lambda c: c[3].pk if c[2] == "agent_conduct" else None),
        ("category", lambda c: c[1].pk),
    ],
)
@pytest.mark.parametrize("bucket", ["day", "week"])
def test_attribution_feeds_the_trends(by, key_of, bucket, cases, client_for, lead):
    start = cases["start"]

    def bucket_of(day):
        return (day - timedelta(days=day.weekday()) if bucket == "week" else day).isoformat()

    response = client_for(fresh(lead)).get(
        "/api/v1/complaints/reports/trends/",
        {
            "by": by,
            "bucket": bucket,
            "since": start.isoformat(),
            "until": (start + timedelta(days=20)).isoformat(),
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert returned_series(body) == expected_series(cases["made"], key_of, bucket_of)
    assert len(body["periods"]) == (3 if bucket == "week" else 21)
    for series in body["series"]:
        assert len(series["points"]) == len(body["periods"])
        assert series["total"] == sum(p["count"] for p in series["points"])


def test_trend_labels_name_the_channels_and_agents(cases, client_for, lead):
    start = cases["start"]
    params = {"since": start.isoformat(), "until": (start + timedelta(days=20)).isoformat()}
    client = client_for(fresh(lead))

    channels = client.get("/api/v1/complaints/reports/trends/", {"by": "channel", **params}).json()
    agents = client.get("/api/v1/complaints/reports/trends/", {"by": "agent", **params}).json()

    assert [(s["label"], s["total"]) for s in channels["series"]] == [("alpha", 4), ("beta", 1)]
    assert [(s["label"], s["total"]) for s in agents["series"]] == [("Agent A", 2), ("Agent B", 2)]


def test_repeat_complainants_are_those_with_enough_complaints_in_the_window(
    complaints_queue, manager, client_for, lead
):
    now = datetime.now(tz=SHANGHAI)
    often, twice_but_once_lately, once = CustomerFactory(), CustomerFactory(), CustomerFactory()
    spec = [
        (often, 1),
        (often, 5),
        (often, 20),
        (twice_but_once_lately, 2),
        (twice_but_once_lately, 45),
        (once, 3),
    ]
    for who, days_ago in spec:
        complaint = services.complaint_open(
            actor=fresh(manager), customer_id=who.pk, subject="x", description="x"
        )
        WorkItem.objects.filter(pk=complaint.pk).update(created_at=now - timedelta(days=days_ago))
    in_window = Counter(who.pk for who, days_ago in spec if days_ago <= 30)
    expected = {pk: n for pk, n in in_window.items() if n >= 2}

    body = (
        client_for(fresh(lead))
        .get("/api/v1/complaints/reports/repeat-complainants/", {"days": 30, "min": 2})
        .json()
    )

    assert {row["customer"]["id"]: row["complaints"] for row in body} == expected
    assert body[0]["open"] == 3


def test_agents_cannot_read_the_reports(client_for, agent):
    response = client_for(fresh(agent)).get("/api/v1/complaints/reports/trends/", {"by": "agent"})
    assert response.status_code == 403


# --- the daily summary ---------------------------------------------------------------------------


@pytest.fixture
def a_day_of_complaints(complaints_queue, handler, manager, customer, channel, category):
    """The week before 1 December: two 'Late credit' complaints. 1 December: one more, a new
    category ('Data leak'), and the first complaint attributed to a supplier channel; one of the
    day's complaints breaches its SLA."""
    from helpdesk.sla.models import SlaPolicy

    SlaPolicy.objects.create(queue=complaints_queue, priority=4, resolution_minutes=60)
    leak = Category.objects.create(queue=complaints_queue, name="Data leak")
    day = datetime(2026, 12, 1).date()

    def open_at(when, category, severity="medium"):
        with time_machine.travel(when, tick=False):
            return services.complaint_open(
                actor=fresh(manager),
                customer_id=customer.pk,
                subject=f"{category.name} {when:%d %H}",
                description="x",
                category_id=category.pk,
                severity=severity,
            )

    open_at(at(day - timedelta(days=3)), category)
    open_at(at(day - timedelta(days=6)), category)
    late = open_at(at(day, 9), category)
    urgent = open_at(at(day, 14), leak, severity="critical")  # due 15:00, still open at midnight
    with time_machine.travel(at(day, 11), tick=False):
        services.complaint_investigate(actor=fresh(handler), complaint_id=late.pk)
        services.complaint_update(
            actor=fresh(handler),
            complaint_id=late.pk,
            root_cause="supplier_channel",
            attributed_channel_id=channel.pk,
        )
    return {"day": day, "urgent": urgent, "leak": leak, "category": category}


def test_the_daily_summary_names_the_days_problems(a_day_of_complaints, client_for, lead):
    day = a_day_of_complaints["day"]

    with time_machine.travel(at(day, 20), tick=False):
        body = (
            client_for(fresh(lead))
            .get("/api/v1/complaints/reports/daily-summary/", {"day": day.isoformat()})
            .json()
        )

    assert body["stored"] is False
    summary = body["summary"]
    assert summary["received"] == 2
    assert [(c["label"], c["count"]) for c in summary["top_categories"]] == [
        ("Data leak", 1),
        ("Late credit", 1),
    ]
    themes = {(t["dimension"], t["label"]) for t in summary["new_themes"]}
    assert themes == {
        ("category", "Data leak"),
        ("root_cause", "Supplier channel"),
        ("channel", "alpha"),
    }
    assert summary["open_breaches"]["count"] == 1
    assert summary["open_breaches"]["items"][0]["id"] == a_day_of_complaints["urgent"].pk
    assert summary["open"] == 4 and summary["open_by_stage"]["investigating"] == 1
    assert summary["repeat_complainants"][0]["complaints"] == 4


def test_the_nightly_task_keeps_and_sends_the_summary_once(
    a_day_of_complaints, lead, supervisor, client_for, django_capture_on_commit_callbacks
):
    day = a_day_of_complaints["day"]
    mail.outbox.clear()

    with time_machine.travel(at(day + timedelta(days=1), 0) + timedelta(minutes=10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            first = daily_summary.delay().get()
        with django_capture_on_commit_callbacks(execute=True):
            second = daily_summary.delay().get()

    assert (first, second) == (day.isoformat(), None)
    stored = DailySummary.objects.get()
    assert stored.day == day and sorted(stored.sent_to) == sorted([lead.pk, supervisor.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, supervisor.email])
    assert "1 breaching" in mail.outbox[0].subject
    assert "Data leak" in mail.outbox[0].body
    # what was sent is what the API gives for that day
    body = (
        client_for(fresh(lead))
        .get("/api/v1/complaints/reports/daily-summary/", {"day": day.isoformat()})
        .json()
    )
    assert body["stored"] is True and body["summary"] == stored.data
