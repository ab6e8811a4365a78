"""``manage.py seed_demo``: the demo a new user sees after ``make run``."""

import pytest
from django.core.management import CommandError, call_command

from helpdesk.accounts.models import User, UserRole
from helpdesk.common.management.demo_data import DEMO_USERS, demo_password
from helpdesk.customers.models import Customer, CustomerContact
from helpdesk.queues.models import (
    CannedResponse,
    Category,
    Kind,
    Queue,
    QueueMembership,
    Status,
    WorkItem,
    WorkItemEvent,
)
from helpdesk.shifts.models import ShiftType
from helpdesk.tickets.models import Ticket, TicketMessage

COUNTED = [
    User,
    UserRole,
    Queue,
    QueueMembership,
    Category,
    CannedResponse,
    Customer,
    CustomerContact,
    WorkItem,
    WorkItemEvent,
    Ticket,
    TicketMessage,
    ShiftType,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def seed():
    call_command("seed_demo")


@pytest.mark.django_db
def test_seeding_twice_creates_nothing_the_second_time(capsys):
    seed()
    first = counts()
    capsys.readouterr()

    seed()

    assert counts() == first
    assert "created: nothing" in capsys.readouterr().out


@pytest.mark.django_db
def test_seeding_creates_one_login_per_role_with_the_demo_password():
    seed()

    roles = set(UserRole.objects.values_list("role", flat=True))
    assert roles == {"manager", "supervisor", "agent", "complaint_handler", "order_handler"}
    for username, *_rest in DEMO_USERS:
        assert User.objects.get(username=username).check_password(demo_password())
    assert UserRole.objects.filter(role="agent").count() == 3


@pytest.mark.django_db
def test_the_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret-9")

    seed()

    assert User.objects.get(username="agent1").check_password("another-secret-9")


@pytest.mark.django_db
def test_the_demo_manager_can_open_the_admin(client):
    seed()
    client.force_login(User.objects.get(username="manager"))

    response = client.get("/admin/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_supervisor_watches_the_queues_without_receiving_routed_items():
    seed()

    memberships = QueueMembership.objects.filter(user__username="supervisor")
    assert memberships.count() == Queue.objects.count() == 3
    assert not memberships.filter(accepts_routing=True).exists()
    assert Queue.objects.get(slug="support").routing_mode == "round_robin"


@pytest.mark.django_db
def test_customers_have_e164_phone_numbers_and_lower_case_emails():
    seed()

    phones = list(CustomerContact.objects.filter(kind="phone").values_list("value", flat=True))
    assert len(phones) == Customer.objects.count() == 10
    assert all(p.startswith("+861") and p[1:].isdigit() and len(p) == 14 for p in phones)
    emails = CustomerContact.objects.filter(kind="email").values_list("value", flat=True)
    assert all(e == e.lower() and "@" in e for e in emails)


@pytest.mark.django_db
def test_tickets_are_spread_over_queues_statuses_and_priorities_with_a_first_message():
    seed()

    # today's tickets (the demo's past is tagged demo-history, below)
    items = WorkItem.objects.filter(kind=Kind.TICKET).exclude(tags__name="demo-history")
    assert items.count() == 30
    assert Ticket.objects.count() == WorkItem.objects.filter(kind=Kind.TICKET).count()
    assert set(items.values_list("queue__slug", flat=True)) == {"support", "complaints", "orders"}
    assert {Status.NEW, Status.OPEN, Status.PENDING, Status.RESOLVED, Status.CLOSED} <= set(
        items.values_list("status", flat=True)
    )
    assert len(set(items.values_list("priority", flat=True))) == 4
    assert not Ticket.objects.filter(messages__isnull=True).exists()
    # every item has its trail, starting with "created"
    assert WorkItemEvent.objects.filter(verb="created", item__in=items).count() == 30
    # worked tickets went to members of their queue, who answered the customer
    for item in items.exclude(status=Status.NEW):
        assert QueueMembership.objects.filter(queue=item.queue, user=item.assignee).exists()
        assert item.ticket.messages.filter(kind="public", author=item.assignee).exists()
        assert item.first_response_at is not None


@pytest.mark.django_db
def test_seeding_refuses_production_settings(settings):
    settings.SETTINGS_MODULE = "helpdesk.settings.production"

    with pytest.raises(CommandError, match="production"):
        seed()

    assert User.objects.count() == 0


@pytest.mark.django_db
def test_the_demo_has_early_late_and_night_shifts_to_roster_with():
    seed()
    shifts = {t.code: (t.start.hour, t.minutes, t.is_night) for t in ShiftType.objects.all()}
    assert shifts == {"E": (7, 480, False), "L": (15, 480, False), "N": (23, 480, True)}


@pytest.mark.django_db
def test_the_demo_queues_have_sla_policies_and_open_tickets_run_their_clocks():
    seed()
    from helpdesk.sla.models import SlaPolicy

    assert SlaPolicy.objects.filter(kind="").count() == 3
    assert SlaPolicy.objects.filter(kind="callback", queue__slug="support").count() == 1
    open_items = WorkItem.objects.filter(status__in=["new", "open"], kind="ticket")
    assert open_items.exists()
    assert not open_items.filter(due_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_demo_sells_recharges_through_the_simulators_three_channels():
    from orders.models import Product, SupplierChannel

    seed()
    assert Product.objects.filter(code="mobile-30", face_value=3_000).exists()
    channels = list(SupplierChannel.objects.order_by("priority").values_list("name", "base_url"))
    assert channels == [
        ("alpha", "http://127.0.0.1:9101"),
        ("beta", "http://127.0.0.1:9102"),
        ("gamma", "http://127.0.0.1:9103"),
    ]
    assert all(c.products.count() == 5 for c in SupplierChannel.objects.all())


@pytest.mark.django_db
def test_the_demo_hotline_has_extensions_an_integration_and_a_mornings_calls(monkeypatch):
    from helpdesk.hotline.models import Call, RingBack, TelephonyIntegration

    monkeypatch.setenv("HOTLINE_PBX_SECRET", "from-the-environment")
    seed()

    extensions = dict(User.objects.exclude(extension="").values_list("username", "extension"))
    assert extensions == {
        "supervisor": "8000",
        "agent1": "8001",
        "agent2": "8002",
        "agent3": "8003",
    }
    integration = TelephonyIntegration.objects.get(name="demo-pbx")
    assert integration.secret == "from-the-environment"
    assert integration.default_queue.slug == "support"
    calls = Call.objects.all()
    assert calls.count() == 6
    assert not calls.filter(ended_at__isnull=True).exists()
    assert {"answered", "missed", "abandoned", "voicemail"} == set(
        calls.values_list("state", flat=True)
    )
    # the two missed calls from one number folded into one open ring-back, on its own SLA
    folded = RingBack.objects.get(number="+8613600136004")
    assert folded.missed_count == 2
    assert folded.item.first_response_due is not None
    assert calls.filter(item__customer__isnull=False).count() == 5  # one caller is unknown


@pytest.mark.django_db
def test_complaints_are_worked_to_different_stages_with_their_record():
    from helpdesk.complaints.models import Complaint

    seed()

    complaints = Complaint.objects.select_related("item")
    assert set(complaints.values_list("stage", flat=True)) == {
        "received",
        "investigating",
        "proposed",
        "informed",
        "closed",
    }
    assert {c.item.queue.slug for c in complaints} == {"complaints"}
    assert complaints.get(stage="proposed").remedies.filter(above_threshold=True).exists()
    assert complaints.filter(source_item__isnull=False, stage="received").exists()
    assert complaints.filter(source_order__isnull=False).get().orders.count() == 1
    closed = complaints.get(stage="closed")
    assert closed.approved_by.username == "manager"
    assert closed.attributed_agent.username == "agent2"


@pytest.mark.django_db
def test_the_demo_has_a_past_for_last_months_report_and_the_ranking():
    """Resolved, answered and rated tickets over the previous two months and this one: last
    month's report and the quarter's ranking show figures after ``make run``."""
    from helpdesk.quality import ledger
    from helpdesk.reports.periods import month_span
    from helpdesk.reports.service import service_report

    seed()
    last_month = month_span(None)
    report = service_report(last_month, by="agent")
    totals = report["totals"]
    assert totals["resolved"] >= 20 and totals["ratings"] >= 5
    assert totals["sla_met"] > 0 and totals["sla_breached"] > 0
    assert totals["first_response_median"] is not None
    assert {"张伟", "刘洋"} <= {r["label"] for r in report["rows"]}
    day = last_month.first  # its quarter has the past (the current one may have just begun)
    quarter = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    ranking = ledger.ranking(ledger.quarter_period(quarter))
    assert any(row["points"] > 0 for row in ranking)
    # a second run adds no past tickets
    before = WorkItem.objects.count()
    seed()
    assert WorkItem.objects.count() == before


@pytest.mark.django_db
def test_the_demos_past_reaches_report_roll_ups_built_before_it():
    """Days already rolled up when the past is seeded (a running system seeded again on a later
    day) are marked changed: the reports read them live until the next refresh rebuilds them."""
    from helpdesk.reports import rollups
    from helpdesk.reports.periods import month_span
    from helpdesk.reports.service import service_report

    last_month = month_span(None)
    rollups.build(last_month.first, last_month.last)  # built while the month was empty
    seed()
    live = service_report(last_month, by="agent", live=True)
    assert live["totals"]["resolved"] >= 20
    assert service_report(last_month, by="agent") == live
    rollups.refresh()
    assert service_report(last_month, by="agent") == live
