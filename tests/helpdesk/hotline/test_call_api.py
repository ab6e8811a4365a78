"""The call view's API: manual logging, wrap-up, ticket from a call, orders, lists and figures."""

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from helpdesk.hotline.models import Call, CallOrderLink
from helpdesk.queues.models import Category, Kind, Status, WorkItemLink
from helpdesk.tickets.models import Ticket
from orders.models import Order, Product
from tests.factories import CustomerFactory, MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db

CALLS = "/api/v1/hotline/calls/"


def _log(client, **fields):
    body = {"direction": "inbound", "from": "13800138000", "state": "answered", **fields}
    return client.post(CALLS, body)


# --- logging by hand ------------------------------------------------------------------------------


def test_an_agent_logs_an_answered_call_by_hand(client_for, agent, queue):
    customer = CustomerFactory(name="周杰")
    customer.contacts.create(kind="phone", value="+8613800138000")
    category = Category.objects.create(name="Invoice", queue=queue)
    started = timezone.now() - timedelta(minutes=10)

    response = _log(
        client_for(agent),
        queue=queue.pk,
        initiated_at=started.isoformat(),
        answered_at=(started + timedelta(seconds=8)).isoformat(),
        ended_at=(started + timedelta(seconds=308)).isoformat(),
        outcome="resolved",
        notes="Explained the invoice.",
        category=category.pk,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "manual"
    assert body["state"] == "answered"
    assert (body["wait_seconds"], body["talk_seconds"]) == (8, 300)
    assert body["agent"]["id"] == agent.pk
    assert body["customer"] == {"id": customer.pk, "name": "周杰"}
    assert body["category"]["id"] == category.pk
    assert body["outcome"] == "resolved"
    call = Call.objects.select_related("item").get(pk=body["id"])
    assert call.item.kind == Kind.CALL
    assert call.item.assignee == agent
    assert call.item.status == Status.RESOLVED
    assert call.item.created_by == agent


def test_a_missed_inbound_call_logged_by_hand_opens_a_ringback(client_for, agent, queue):
    response = _log(client_for(agent), queue=queue.pk, state="voicemail")

    assert response.status_code == 201
    assert response.json()["ringback"] is not None
    assert Call.objects.get().item.status == Status.CLOSED


@pytest.mark.parametrize(
    "fields,code,field",
    [
        ({"from": "12345"}, "invalid_number", "from"),
        ({"from": ""}, "invalid_number", "from"),
        ({"direction": "outbound", "to": ""}, "invalid_number", "to"),
        ({"state": "ringing"}, "invalid", "state"),
        ({"queue": 987654}, "queue_not_found", "queue"),
        ({"initiated_at": "2999-01-01T00:00:00+08:00"}, "invalid_times", "initiated_at"),
        (
            {
                "initiated_at": "2026-01-01T10:00:00+08:00",
                "ended_at": "2026-01-01T09:00:00+08:00",
            },
            "invalid_times",
            "ended_at",
        ),
        ({"colour": "blue"}, "unknown_field", "colour"),
    ],
)
def test_a_bad_manual_log_is_400_and_writes_nothing(client_for, agent, queue, fields, code, field):
    response = _log(client_for(agent), **{"queue": queue.pk, **fields})

    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert field in response.json()["fields"]
    assert not Call.objects.exists()


def test_a_queue_outside_ones_own_is_refused(client_for, outsider, queue):
    response = _log(client_for(outsider), queue=queue.pk)

    assert response.status_code == 400
    assert response.json()["code"] == "queue_not_found"


def test_a_call_back_from_a_ticket_is_logged_against_it(client_for, agent, queue):
    from helpdesk.tickets.services import ticket_create

    customer = CustomerFactory(custodian=agent)
    ticket = ticket_create(
        actor=agent,
        queue_id=queue.pk,
        subject="Refund",
        body="Where is it?",
        customer_id=customer.pk,
    )

    response = client_for(agent).post(
        CALLS,
        {"direction": "outbound", "to": "13900139000", "state": "answered", "item": ticket.pk},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["regarding"] == ticket.pk
    assert body["customer"]["id"] == customer.pk  # carried from the ticket
    assert body["queue"]["id"] == queue.pk
    assert [link["item"]["id"] for link in body["links"]] == [ticket.pk]


def test_an_item_outside_ones_queues_cannot_be_called_back(client_for, outsider, agent, queue):
    from tests.factories import WorkItemFactory

    item = WorkItemFactory(queue=queue)

    response = client_for(outsider).post(
        CALLS, {"direction": "outbound", "to": "13900139000", "state": "answered", "item": item.pk}
    )

    assert response.status_code == 404


# --- after the call ---------------------------------------------------------------------------------


@pytest.fixture
def call(client_for, agent, queue):
    response = _log(client_for(agent), queue=queue.pk)
    return Call.objects.select_related("item").get(pk=response.json()["id"])


def test_the_agent_wraps_up_the_call(client_for, agent, call, queue):
    category = Category.objects.create(name="How-to", queue=queue)

    response = client_for(agent).post(
        f"{CALLS}{call.pk}/wrap-up/",
        {"outcome": "follow_up", "notes": "Will send the manual.", "category": category.pk},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outcome"], body["outcome_display"]) == ("follow_up", "Follow-up needed")
    assert body["notes"] == "Will send the manual."
    assert body["category"]["id"] == category.pk
    assert body["wrapped_up_at"] is not None
    event = call.item.events.filter(verb="updated").last()
    assert set(event.data["wrap_up"]) == {"outcome", "notes", "category"}


def test_a_category_of_another_queue_is_refused(client_for, agent, call):
    foreign = Category.objects.create(name="Elsewhere", queue=QueueFactory())

    response = client_for(agent).post(f"{CALLS}{call.pk}/wrap-up/", {"category": foreign.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "category_not_found"


def test_a_colleague_cannot_wrap_up_someone_elses_call_but_a_lead_can(
    client_for, agent2, supervisor, call
):
    refused = client_for(agent2).post(f"{CALLS}{call.pk}/wrap-up/", {"notes": "mine now"})
    allowed = client_for(supervisor).post(f"{CALLS}{call.pk}/wrap-up/", {"notes": "checked"})

    assert refused.status_code == 403
    assert refused.json()["code"] == "not_yours"
    assert allowed.status_code == 200


def test_a_ticket_is_made_from_a_call_in_one_step(client_for, agent, queue):
    customer = CustomerFactory(name="周杰")
    customer.contacts.create(kind="phone", value="+8613800138000")
    response = _log(client_for(agent), queue=queue.pk, notes="Top-up of 30 yuan not credited.")
    call_id = response.json()["id"]

    response = client_for(agent).post(f"{CALLS}{call_id}/ticket/", {"subject": "Top-up missing"})

    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.select_related("item").get(pk=body["id"])
    assert ticket.channel == "phone"
    assert ticket.item.customer == customer
    assert ticket.item.subject == "Top-up missing"
    assert ticket.messages.get().body == "Top-up of 30 yuan not credited."
    assert WorkItemLink.objects.filter(source_id=call_id, target=ticket.item).exists()
    detail = client_for(agent).get(f"{CALLS}{call_id}/").json()
    assert [(link["item"]["id"], link["item"]["kind"]) for link in detail["links"]] == [
        (ticket.pk, "ticket")
    ]


def test_a_ticket_from_a_call_without_notes_gets_a_default_subject_and_body(
    client_for, agent, call
):
    agent.time_zone = "America/New_York"  # the agent's clock, not the server's
    agent.save(update_fields=["time_zone"])
    response = client_for(agent).post(f"{CALLS}{call.pk}/ticket/", {})

    assert response.status_code == 201
    when = timezone.localtime(call.initiated_at, ZoneInfo("America/New_York"))
    assert response.json()["subject"] == (
        f"Phone call from +8613800138000 on {when:%Y-%m-%d %H:%M}"
    )


def test_an_order_is_linked_to_a_call_by_reference(client_for, agent, call):
    product = Product.objects.create(
        operator="china_mobile",
        kind="airtime",
        name="CM 30",
        code="m30",
        face_value=3000,
        price=2990,
    )
    Order.objects.create(
        reference="R2026", account="+8613800138000", product=product, amount=3000, price=2990
    )
    url = f"{CALLS}{call.pk}/orders/"

    linked = client_for(agent).post(url, {"reference": "R2026"})
    twice = client_for(agent).post(url, {"reference": "R2026"})
    unknown = client_for(agent).post(url, {"reference": "NOPE"})

    assert linked.status_code == 201
    assert [o["reference"] for o in linked.json()["orders"]] == ["R2026"]
    assert twice.status_code == 409
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "order_not_found"
    assert CallOrderLink.objects.count() == 1


# --- reading ---------------------------------------------------------------------------------------


def test_an_outsider_cannot_see_the_call(client_for, outsider, call):
    assert client_for(outsider).get(f"{CALLS}{call.pk}/").status_code == 404
    assert client_for(outsider).get(CALLS).json()["count"] == 0


def test_the_list_filters_by_state_direction_agent_number_and_day(
    client_for, agent, agent2, manager, queue
):
    now = timezone.now()
    yesterday = now - timedelta(days=1)
    _log(client_for(agent), queue=queue.pk)
    _log(client_for(agent), queue=queue.pk, state="missed", **{"from": "13900139000"})
    _log(client_for(agent2), queue=queue.pk, direction="outbound", to="13700137000", **{"from": ""})
    _log(
        client_for(agent2),
        queue=queue.pk,
        initiated_at=yesterday.isoformat(),
        ended_at=(yesterday + timedelta(minutes=1)).isoformat(),
    )
    client = client_for(manager)

    def ids(query):
        response = client.get(CALLS + query)
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert ids("") == 4
    assert ids("?state=missed") == 1
    assert ids("?state=answered,missed") == 4
    assert ids("?direction=outbound") == 1
    assert ids(f"?agent={agent.pk}") == 2
    assert ids("?number=139 0013 9000") == 1
    assert ids("?number=00138000") == 2  # digits of a partial number
    assert ids(f"?date={timezone.localdate(now).isoformat()}") == 3
    assert ids(f"?queue={queue.pk}&state=answered&direction=inbound") == 2
    assert client.get(CALLS + "?state=lost").status_code == 400
    first = client.get(CALLS).json()["results"][0]
    assert first["initiated_at"] >= client.get(CALLS).json()["results"][1]["initiated_at"]


def test_the_missed_call_list_shows_open_ringbacks_with_their_calls(client_for, agent, queue):
    client = client_for(agent)
    for _ in range(2):
        _log(client, queue=queue.pk, state="missed")
    _log(client, queue=queue.pk, state="abandoned", **{"from": "13900139000"})

    body = client.get("/api/v1/hotline/ringbacks/").json()

    assert body["count"] == 2
    rows = {row["number"]: row for row in body["results"]}
    assert rows["+8613800138000"]["missed_count"] == 2
    assert len(rows["+8613800138000"]["calls"]) == 2
    assert rows["+8613900139000"]["status"] == "new"
    assert client.get("/api/v1/hotline/ringbacks/?state=done").json()["count"] == 0


def test_figures_per_queue_and_agent_in_sql(client_for, agent, agent2, supervisor, queue):
    start = timezone.now() - timedelta(minutes=30)

    def log(user, state, wait, talk=None):
        fields = {"queue": queue.pk, "state": state, "initiated_at": start.isoformat()}
        if state == "answered":
            fields["answered_at"] = (start + timedelta(seconds=wait)).isoformat()
            fields["ended_at"] = (start + timedelta(seconds=wait + talk)).isoformat()
        else:
            fields["ended_at"] = (start + timedelta(seconds=wait)).isoformat()
        assert _log(client_for(user), **fields).status_code == 201

    log(agent, "answered", 10, 100)
    log(agent, "answered", 20, 300)
    log(agent, "missed", 40)
    log(agent2, "abandoned", 15)
    log(agent2, "answered", 6, 60)

    # the local day the calls began on (half an hour ago may be yesterday, just after midnight)
    day = timezone.localtime(start).date().isoformat()
    body = client_for(supervisor).get("/api/v1/hotline/figures/", {"date": day}).json()

    totals = body["totals"]
    assert (totals["total"], totals["answered"], totals["missed"], totals["abandoned"]) == (
        5,
        3,
        1,
        1,
    )
    assert totals["avg_wait_seconds"] == 12.0  # (10 + 20 + 6) / 3: answered calls only
    assert totals["avg_talk_seconds"] == pytest.approx(153.3, abs=0.1)
    assert [row["queue"]["id"] for row in body["queues"]] == [queue.pk]
    agents = {row["agent"]["id"]: row for row in body["agents"]}
    assert (agents[agent.pk]["answered"], agents[agent.pk]["missed"]) == (2, 1)
    assert agents[agent.pk]["avg_wait_seconds"] == 15.0
    assert agents[agent2.pk]["abandoned"] == 1
    assert agents[agent2.pk]["avg_talk_seconds"] == 60.0


def test_figures_default_to_today_and_take_a_period(client_for, agent, queue):
    earlier = timezone.now() - timedelta(days=3)
    _log(
        client_for(agent),
        queue=queue.pk,
        initiated_at=earlier.isoformat(),
        ended_at=(earlier + timedelta(minutes=2)).isoformat(),
    )
    client = client_for(agent)

    assert client.get("/api/v1/hotline/figures/").json()["totals"]["total"] == 0
    since = (earlier - timedelta(hours=1)).isoformat()
    body = client.get("/api/v1/hotline/figures/", {"since": since}).json()
    assert body["totals"]["total"] == 1


def test_anomalies_are_for_leads(client_for, agent, supervisor):
    assert client_for(agent).get("/api/v1/hotline/anomalies/").status_code == 403
    assert client_for(supervisor).get("/api/v1/hotline/anomalies/").status_code == 200


@pytest.mark.parametrize("role,status", [("complaint_handler", 403), ("order_handler", 403)])
def test_calls_are_for_agents_supervisors_and_managers(client_for, role, status):
    user = UserFactory(roles=[role])
    MembershipFactory(user=user)
    assert client_for(user).get(CALLS).status_code == status


def test_the_pbx_and_manual_calls_meet_in_one_list(client_for, agent, pbx, queue):
    pbx.new_call("pbx-1", at=time.time() - 30)
    _log(client_for(agent), queue=queue.pk)

    body = client_for(agent).get(CALLS).json()

    assert sorted(r["source"] for r in body["results"]) == ["manual", "pbx"]
