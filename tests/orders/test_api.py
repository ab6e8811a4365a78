"""The order endpoints: placing, reading (supplier details only for order handlers), enquiries,
retry and refund rules, forcing a channel, the panel's tiles and the report."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders import breaker
from orders.models import ChannelEvent, Order, OrderEnquiry, OrderStatus, SupplierChannel
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def channels(sim, product):
    made = []
    for priority, name in enumerate(("alpha", "beta"), start=1):
        channel = SupplierChannel.objects.create(
            name=name,
            base_url=sim.channel_url(name),
            merchant=sim.merchant(name),
            secret=sim.secret(name),
            priority=priority,
            timeout_seconds=1.5,
        )
        channel.products.add(product)
        breaker.reset(channel.pk)
        made.append(channel)
    yield made
    for channel in made:
        breaker.reset(channel.pk)


@pytest.fixture
def handler(db):
    user = UserFactory(username="orders", roles=["order_handler"])
    MembershipFactory(
        queue=QueueFactory(slug="orders", name="Orders"), user=user, role="order_handler"
    )
    return user


def place(client, product, account="13800138000", amount=3_000):
    return client.post(
        "/api/v1/orders/",
        {"product": product.pk, "account": account, "amount": amount},
        format="json",
    )


def test_a_handler_places_an_order_and_sees_its_attempts_an_agent_does_not(
    client_for, handler, agent, channels, product
):
    placed = place(client_for(handler), product)
    assert placed.status_code == 201, placed.json()
    order_id = placed.json()["id"]

    mine = client_for(handler).get(f"/api/v1/orders/{order_id}/").json()
    assert mine["order"]["status"] == "succeeded"
    assert mine["order"]["channel"] == {"id": channels[0].pk, "name": "alpha"}
    assert [a["channel"]["name"] for a in mine["attempts"]] == ["alpha"]

    theirs = client_for(agent).get(f"/api/v1/orders/{order_id}/").json()
    assert theirs["order"]["status"] == "succeeded"
    assert (
        theirs["order"]["channel"] is None and theirs["attempts"] == [] and theirs["events"] == []
    )
    assert "alpha" not in str(theirs)

    found = client_for(agent).get("/api/v1/orders/", {"q": "138 0013 8000"}).json()
    assert [o["id"] for o in found["results"]] == [order_id]


@pytest.mark.parametrize(
    ("account", "amount", "code"),
    [("12345", 3_000, "invalid_account"), ("13800138000", 2_000, "amount_mismatch")],
)
def test_bad_orders_get_a_400_naming_the_rule(client_for, handler, product, account, amount, code):
    response = place(client_for(handler), product, account, amount)
    assert response.status_code == 400 and response.json()["code"] == code
    assert not Order.objects.exists()


def test_an_agent_turns_a_customers_question_into_a_work_item_for_order_handlers(
    client_for, handler, agent, channels, product
):
    order_id = place(client_for(handler), product).json()["id"]
    response = client_for(agent).post(
        f"/api/v1/orders/{order_id}/enquiries/",
        {"body": "The credit has not arrived.", "channel": "phone"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    enquiry = OrderEnquiry.objects.select_related("item__queue").get()
    assert enquiry.item.queue.slug == "orders"
    assert enquiry.item.subject.startswith(f"[{enquiry.order.reference}]")
    detail = client_for(handler).get(f"/api/v1/orders/{order_id}/").json()
    assert [e["id"] for e in detail["enquiries"]] == [enquiry.item_id]
    # The work item's page finds the order it is about (another order is not listed).
    place(client_for(handler), product)
    asked = client_for(agent).get(f"/api/v1/orders/?item={enquiry.item_id}").json()
    assert [o["reference"] for o in asked["results"]] == [enquiry.order.reference]
    assert asked["results"][0]["channel"] is None  # agents never see suppliers


def test_retry_and_refund_follow_the_rules(client_for, handler, sim, channels, product):
    client = client_for(handler)
    sim.patch("alpha", failure_rate=1.0)
    sim.patch("beta", failure_rate=1.0)
    order_id = place(client, product).json()["id"]
    order = Order.objects.get(pk=order_id)
    assert order.status in (OrderStatus.DISPATCHING, OrderStatus.FAILED)

    # A channel forced open takes nothing, not even a handler's retry.
    forced = client.post(
        f"/api/v1/orders/channels/{channels[0].pk}/force/",
        {"state": "open", "reason": "supplier maintenance"},
        format="json",
    )
    assert forced.status_code == 200
    closed = client.post(
        f"/api/v1/orders/{order_id}/retry/",
        {"channel": channels[0].pk, "reason": "try again"},
        format="json",
    )
    assert closed.status_code == 409 and closed.json()["code"] == "channel_closed"

    Order.objects.filter(pk=order_id).update(status="failed")
    refunded = client.post(
        f"/api/v1/orders/{order_id}/refund/", {"reason": "no channel"}, format="json"
    )
    assert refunded.status_code == 200 and refunded.json()["status"] == "refunded"
    again = client.post(f"/api/v1/orders/{order_id}/refund/", {"reason": "twice"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "not_refundable"

    sim.patch("beta", failure_rate=0.0)
    ok_id = place(client, product).json()["id"]
    assert Order.objects.get(pk=ok_id).status == "succeeded"
    no = client.post(f"/api/v1/orders/{ok_id}/refund/", {"reason": "why not"}, format="json")
    assert no.status_code == 409


def test_only_managers_and_order_handlers_force_channels_and_always_with_a_reason(
    client_for, handler, supervisor, agent, channels
):
    url = f"/api/v1/orders/channels/{channels[1].pk}/force/"
    assert (
        client_for(agent).post(url, {"state": "open", "reason": "x"}, format="json").status_code
        == 403
    )
    assert (
        client_for(supervisor)
        .post(url, {"state": "open", "reason": "x"}, format="json")
        .status_code
        == 403
    )
    no_reason = client_for(handler).post(url, {"state": "open"}, format="json")
    assert no_reason.status_code == 400
    tiles = client_for(handler).post(
        url, {"state": "open", "reason": "balance audit"}, format="json"
    )
    beta = next(t for t in tiles.json() if t["name"] == "beta")
    assert beta["breaker"]["state"] == "open" and beta["forced_reason"] == "balance audit"
    assert beta["forced_by"] == handler.name and beta["forced_at"] is not None
    back = (
        client_for(handler).post(url, {"state": "", "reason": "audit done"}, format="json").json()
    )
    assert next(t for t in back if t["name"] == "beta")["breaker"]["state"] == "closed"
    kinds = list(
        ChannelEvent.objects.filter(channel=channels[1])
        .order_by("id")
        .values_list("kind", "actor__username")
    )
    assert kinds == [("forced", "orders"), ("released", "orders")]


def test_the_panel_and_the_report(client_for, handler, sim, channels, product):
    client = client_for(handler)
    for _ in range(3):
        place(client, product)
    tiles = client.get("/api/v1/orders/channels/").json()
    alpha = next(t for t in tiles if t["name"] == "alpha")
    assert alpha["success_rate"] == 1.0 and alpha["answered"] == 3 and alpha["in_flight"] == 0
    assert alpha["latency_p50_ms"] is not None and len(alpha["sparkline"]) == 30
    report = client.get("/api/v1/orders/report/").json()
    assert next(r for r in report if r["channel"] == "alpha")["succeeded"] == 3
    csv = client.get("/api/v1/orders/report/", {"output": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("Channel,Sent,Succeeded")


def test_the_order_list_costs_the_same_few_queries(client_for, handler, channels, product):
    client = client_for(handler)
    for _ in range(4):
        place(client, product)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/orders/")
    assert response.status_code == 200 and response.json()["count"] == 4
    assert len(queries) == 5  # session, user, roles, count, page (product, customer, channel)
