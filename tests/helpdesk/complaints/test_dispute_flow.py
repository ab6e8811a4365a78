"""A dispute from intake to an approved, recorded resolution, through the API as people work it."""

import pytest
from django.core import mail

from helpdesk.complaints.models import Complaint, ComplaintStep, Evidence, Remedy
from helpdesk.queues.models import WorkItem, WorkItemEvent
from helpdesk.tickets import services as tickets
from tests.factories import UserFactory

from .conftest import fresh

pytestmark = pytest.mark.django_db


def test_a_handler_works_a_dispute_from_a_ticket_to_a_closed_approved_resolution(
    client_for,
    agent,
    queue,
    handler,
    manager,
    customer,
    make_order,
    complaints_queue,
    django_capture_on_commit_callbacks,
):
    # given a customer's ticket about a failed top-up
    order = make_order(customer, status="failed")
    ticket = tickets.ticket_create(
        actor=fresh(manager),
        queue_id=queue.pk,
        subject="Top-up failed but money taken",
        body="I was charged 49.80 for nothing.",
        customer_id=customer.pk,
    )
    tickets.ticket_reply(ticket_id=ticket.pk, actor=fresh(agent), body="We are checking.")
    as_agent, as_handler, as_manager = (
        client_for(fresh(agent)),
        client_for(fresh(handler)),
        client_for(fresh(manager)),
    )

    # when the agent opens a complaint from the ticket
    response = as_agent.post(
        "/api/v1/complaints/",
        {"source_item": ticket.pk, "severity": "high", "orders": [order.pk]},
    )
    assert response.status_code == 201, response.content
    card = response.json()
    complaint_id = card["id"]
    assert card["stage"] == "received"
    assert card["reference"] == f"P-{complaint_id:06d}"
    assert card["customer"]["id"] == customer.pk
    assert card["priority"] == 3

    # then the handler works it: investigate, findings, a refund, propose
    url = f"/api/v1/complaints/{complaint_id}/"
    assert as_handler.post(url + "investigate/", {}).status_code == 200
    response = as_handler.patch(url, {"root_cause": "supplier_channel", "attributed_channel": None})
    assert response.status_code == 200
    body = as_handler.post(url + "propose/", {"resolution": "x"}).json()
    assert body["code"] == "attribution_required"

    from orders.models import SupplierChannel

    channel = SupplierChannel.objects.create(
        name="beta", base_url="http://127.0.0.1:1", merchant="m", secret="s"
    )
    assert as_handler.patch(url, {"attributed_channel": channel.pk}).status_code == 200
    response = as_handler.post(url + "remedies/", {"kind": "refund", "order": order.pk})
    assert response.status_code == 201, response.content
    assert response.json()["amount_fen"] == order.price
    assert as_handler.post(url + "remedies/", {"kind": "apology"}).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        response = as_handler.post(
            url + "propose/",
            {"resolution": "We are sorry: your 49.80 is refunded to your account."},
        )
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "proposed"
    assert [m.to for m in mail.outbox] == [[manager.email]]

    # and the manager approves
    with django_capture_on_commit_callbacks(execute=True):
        response = as_manager.post(url + "approve/", {"note": "Fine"})
    assert response.status_code == 200, response.content
    detail = response.json()
    assert detail["stage"] == "approved"
    assert {r["state"] for r in detail["remedies"]} == {"approved"}

    # the handler tells the customer and the refund is carried out
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_handler.post(url + "inform/", {})
    assert response.status_code == 200, response.content
    detail = response.json()
    assert detail["stage"] == "informed"
    assert detail["status"] == "resolved"
    assert [m.to for m in mail.outbox] == [["zhou.jie@example.com"]]
    assert mail.outbox[0].body == "We are sorry: your 49.80 is refunded to your account."
    order.refresh_from_db()
    assert order.status == "refunded"
    refund_remedy = Remedy.objects.get(complaint_id=complaint_id, kind="refund")
    assert refund_remedy.state == "executed" and refund_remedy.refund is not None

    # and closes it
    response = as_handler.post(url + "close/", {})
    assert response.status_code == 200, response.content
    detail = response.json()
    assert (detail["stage"], detail["status"], detail["outcome"]) == (
        "closed",
        "closed",
        "resolved",
    )

    # the record: every step with who and why, the ticket's messages as evidence, the timeline
    steps = list(
        ComplaintStep.objects.filter(complaint_id=complaint_id).values_list("action", "actor")
    )
    assert steps == [
        ("opened", agent.pk),
        ("investigate", handler.pk),
        ("propose", handler.pk),
        ("approve", manager.pk),
        ("inform", handler.pk),
        ("close", handler.pk),
    ]
    kinds = list(Evidence.objects.filter(complaint_id=complaint_id).values_list("kind", flat=True))
    assert kinds.count("message") == 2
    assert "order" in kinds and "item" in kinds and "customer_message" in kinds
    assert [e["type"] for e in detail["timeline"]].count("step") == 6
    assert WorkItemEvent.objects.filter(item_id=ticket.pk, verb="linked").exists()
    assert Complaint.objects.get(pk=complaint_id).approved_by_id == manager.pk
    assert WorkItem.objects.get(pk=complaint_id).first_response_at is not None


def test_the_board_options_offer_what_the_forms_need(
    client_for, handler, lead, category, channel, appeal_policy, settings, agent, order_handler
):
    settings.COMPLAINTS_APPROVAL_THRESHOLD_FEN = 12_345
    UserFactory(username="gone", roles=["agent"], is_active=False)

    body = client_for(fresh(handler)).get("/api/v1/complaints/options/").json()

    assert [s["value"] for s in body["stages"]][:3] == ["received", "investigating", "proposed"]
    requires = {r["value"]: r["requires"] for r in body["root_causes"]}
    assert requires["agent_conduct"] == "attributed_agent"
    assert requires["customer_misunderstanding"] is None
    assert [c["name"] for c in body["categories"]] == ["Late credit"]
    assert {h["id"] for h in body["handlers"]} == {handler.pk, lead.pk}
    # attribution may name any active agent, supervisor or order handler, not the handlers alone
    assert {a["id"] for a in body["agents"]} == {agent.pk, lead.pk, order_handler.pk}
    names = [a["name"] for a in body["agents"]]
    assert names == sorted(names)
    assert body["channels"] == [{"id": channel.pk, "name": "alpha"}]
    assert body["approval_threshold_fen"] == 12_345
    assert body["appeal_to_manager"] is True
    assert body["queue"]["slug"] == "complaints"
