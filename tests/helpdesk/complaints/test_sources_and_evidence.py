"""Opening a complaint from a ticket, a chat or an order in one step (the source linked, its
messages kept as evidence), or directly; gathering more evidence; who sees what."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chat import messaging
from chat import services as chat_services
from chat.models import Party as ChatParty
from helpdesk.complaints.models import Complaint, Evidence
from helpdesk.queues.models import WorkItemEvent, WorkItemLink
from helpdesk.tickets import services as tickets
from tests.chat.conftest import go_online, start_chat
from tests.factories import MembershipFactory, UserFactory

from .conftest import PNG, fresh

pytestmark = pytest.mark.django_db


def evidence_of(complaint_id):
    return list(Evidence.objects.filter(complaint_id=complaint_id).order_by("occurred_at", "id"))


@pytest.fixture
def customer_ticket(queue, manager, customer):
    ticket = tickets.ticket_create(
        actor=fresh(manager),
        queue_id=queue.pk,
        subject="Agent hung up on me",
        body="Your agent was rude and hung up.",
        customer_id=customer.pk,
        attachments=[SimpleUploadedFile("call.png", PNG, "image/png")],
    )
    tickets.ticket_note(ticket_id=ticket.pk, actor=fresh(manager), body="Checked the recording.")
    return ticket


def test_an_agent_opens_a_complaint_from_a_ticket_and_its_thread_becomes_evidence(
    client_for, agent, customer_ticket, customer, complaints_queue, handler
):
    response = client_for(fresh(agent)).post(
        "/api/v1/complaints/",
        {"source_item": customer_ticket.pk, "complained_agent": agent.pk, "severity": "low"},
    )

    assert response.status_code == 201, response.content
    card = response.json()
    complaint = Complaint.objects.select_related("item").get(pk=card["id"])
    assert complaint.item.queue == complaints_queue
    assert complaint.item.customer == customer
    assert complaint.source_item_id == customer_ticket.pk
    assert complaint.complained_agent_id == agent.pk
    assert card["subject"] == f"Complaint about T-{customer_ticket.pk:06d}: Agent hung up on me"
    evidence = evidence_of(complaint.pk)
    messages = [e for e in evidence if e.kind == "message"]
    assert [(m.party, m.body, m.internal) for m in messages] == [
        ("customer", "Your agent was rude and hung up.", False),
        ("staff", "Checked the recording.", True),
    ]
    (picture,) = [e for e in evidence if e.kind == "attachment"]
    assert (picture.filename, picture.content_type, picture.size) == (
        "call.png",
        "image/png",
        len(PNG),
    )
    assert WorkItemLink.objects.filter(
        source_id=complaint.pk, target_id=customer_ticket.pk
    ).exists()
    assert WorkItemEvent.objects.filter(
        item_id=customer_ticket.pk, verb="linked", data__other=complaint.pk
    ).exists()
    # the handler downloads the copied file
    download = client_for(fresh(handler)).get(f"/api/v1/complaints/evidence/{picture.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Disposition"].startswith("attachment")


def test_the_agent_cannot_read_the_complaint_they_opened(
    client_for, agent, customer_ticket, complaints_queue
):
    card = (
        client_for(fresh(agent))
        .post("/api/v1/complaints/", {"source_item": customer_ticket.pk})
        .json()
    )

    assert client_for(fresh(agent)).get(f"/api/v1/complaints/{card['id']}/").status_code == 403


def test_opening_twice_from_the_same_work_is_refused(
    client_for, agent, customer_ticket, complaints_queue
):
    client = client_for(fresh(agent))
    first = client.post("/api/v1/complaints/", {"source_item": customer_ticket.pk}).json()

    again = client.post("/api/v1/complaints/", {"source_item": customer_ticket.pk})

    assert again.status_code == 409
    assert again.json()["code"] == "complaint_exists"
    assert again.json()["fields"]["complaint"] == [str(first["id"])]
    assert Complaint.objects.count() == 1


def test_a_complaint_from_a_chat_keeps_the_conversation_and_its_files(
    client_for, queue, agent, customer, complaints_queue, handler, manager
):
    go_online(agent)
    chat = start_chat(queue, name="Zhou Jie", contact="zhou.jie@example.com", message="Hello?")
    chat_services.conversation_accept(conversation_id=chat.pk, user=agent)
    messaging.message_send(
        conversation_id=chat.pk,
        sender=ChatParty.AGENT,
        client_id=uuid.uuid4(),
        body="Please wait.",
        actor=agent,
    )
    messaging.message_attach(
        conversation_id=chat.pk,
        sender=ChatParty.VISITOR,
        upload=SimpleUploadedFile("bill.png", PNG, "image/png"),
        body="Here is the bill",
    )
    assert chat.item.customer_id == customer.pk  # matched by the e-mail address

    response = client_for(fresh(agent)).post("/api/v1/complaints/", {"source_item": chat.pk})

    assert response.status_code == 201, response.content
    complaint_id = response.json()["id"]
    messages = [e for e in evidence_of(complaint_id) if e.kind == "message"]
    assert [(m.party, m.author_name, m.body) for m in messages] == [
        ("customer", "Zhou Jie", "Hello?"),
        ("staff", agent.name, "Please wait."),
        ("customer", "Zhou Jie", "Here is the bill"),
    ]
    assert messages[2].filename == "bill.png" and messages[2].file
    detail = client_for(fresh(handler)).get(f"/api/v1/complaints/{complaint_id}/").json()
    assert detail["source_item"]["kind"] == "chat"
    file_url = next(e["url"] for e in detail["evidence"] if e["filename"] == "bill.png")
    assert client_for(fresh(handler)).get(file_url).status_code == 200


def test_a_complaint_from_an_order_keeps_the_order_and_the_customers_enquiries(
    client_for, order_handler, customer, make_order, channel, complaints_queue, manager
):
    from helpdesk.queues.models import Queue
    from orders.services import enquiry_open

    Queue.objects.create(name="Orders", slug="orders")
    order = make_order(customer, status="succeeded", channel=channel)
    enquiry = enquiry_open(
        actor=fresh(order_handler),
        order_id=order.pk,
        subject="",
        body="The credit did not arrive.",
    )

    response = client_for(fresh(order_handler)).post(
        "/api/v1/complaints/", {"source_order": order.pk, "complained_channel": channel.pk}
    )

    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get(pk=response.json()["id"])
    assert complaint.source_order_id == order.pk
    assert list(complaint.orders.all()) == [order]
    evidence = evidence_of(complaint.pk)
    (snapshot,) = [e for e in evidence if e.kind == "order"]
    assert snapshot.data["price"] == order.price and "channel" not in snapshot.data
    assert "alpha" not in snapshot.body  # never the supplier
    assert [e.body for e in evidence if e.kind == "message"] == ["The credit did not arrive."]
    assert WorkItemLink.objects.filter(source_id=complaint.pk, target=enquiry).exists()
    assert response.json()["subject"] == f"Complaint about order {order.reference}"

    # A second click from the same order opens nothing new.
    again = client_for(fresh(order_handler)).post("/api/v1/complaints/", {"source_order": order.pk})
    assert again.status_code == 409
    assert again.json()["code"] == "complaint_exists"
    assert Complaint.objects.filter(source_order=order).count() == 1


def test_a_complaint_opened_directly_keeps_the_customers_statement(
    client_for, manager, customer, category, complaints_queue
):
    response = client_for(fresh(manager)).post(
        "/api/v1/complaints/",
        {
            "customer": customer.pk,
            "subject": "Promised callback never came",
            "description": "Nobody called me back for three days.",
            "category": category.pk,
            "severity": "critical",
        },
    )

    assert response.status_code == 201, response.content
    card = response.json()
    assert (card["category"]["id"], card["severity"], card["priority"]) == (
        category.pk,
        "critical",
        4,
    )
    (statement,) = evidence_of(card["id"])
    assert (statement.kind, statement.party, statement.body) == (
        "statement",
        "customer",
        "Nobody called me back for three days.",
    )


def test_handlers_gather_notes_files_and_more_of_the_customers_work(
    client_for, open_complaint, handler, customer, queue, manager
):
    complaint = open_complaint()
    other = tickets.ticket_create(
        actor=fresh(manager),
        queue_id=queue.pk,
        subject="Second contact",
        body="I called again.",
        customer_id=customer.pk,
    )
    client = client_for(fresh(handler))
    url = f"/api/v1/complaints/{complaint.pk}/"

    note = client.post(url + "notes/", {"body": "Called the supplier: delivered at 10:02."})
    files = client.post(
        url + "attachments/",
        {
            "attachments": [SimpleUploadedFile("proof.png", PNG, "image/png")],
            "note": "Supplier log",
        },
        format="multipart",
    )
    link = client.post(url + "links/", {"item": other.pk})
    again = client.post(url + "links/", {"item": other.pk})

    assert note.status_code == files.status_code == link.status_code == 201
    assert again.status_code == 409 and again.json()["code"] == "already_linked"
    detail = client.get(url).json()
    kinds = [e["kind"] for e in detail["evidence"]]
    assert kinds.count("note") == 1 and kinds.count("attachment") == 1
    assert "I called again." in [e["body"] for e in detail["evidence"]]
    timeline_types = [entry["type"] for entry in detail["timeline"]]
    assert timeline_types[0] == "step"  # opened, then the customer's statement and the rest
    assert {"step", "evidence"} <= set(timeline_types)
    assert [e["at"] for e in detail["timeline"]] == sorted(e["at"] for e in detail["timeline"])


def test_work_of_another_customer_in_a_queue_one_cannot_see_is_not_linked(
    client_for, open_complaint, handler, other_customer, queue, manager
):
    complaint = open_complaint()
    stranger = tickets.ticket_create(
        actor=fresh(manager),
        queue_id=queue.pk,
        subject="Unrelated",
        body="Someone else.",
        customer_id=other_customer.pk,
    )

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/links/", {"item": stranger.pk}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "source_not_found"
    assert not Evidence.objects.filter(source_item_id=stranger.pk).exists()


def test_complaints_are_seen_by_their_queue_and_managers_only(
    client_for, open_complaint, handler, manager, lead, complaints_queue
):
    complaint = open_complaint()
    outsider_handler = UserFactory(roles=["complaint_handler"])
    MembershipFactory(user=outsider_handler, role="complaint_handler")
    url = f"/api/v1/complaints/{complaint.pk}/"

    assert client_for(fresh(handler)).get(url).status_code == 200
    assert client_for(fresh(lead)).get(url).status_code == 200
    assert client_for(fresh(manager)).get(url).status_code == 200
    assert client_for(fresh(outsider_handler)).get(url).status_code == 404
    assert client_for(fresh(outsider_handler)).get("/api/v1/complaints/").json()["count"] == 0


def test_a_complaint_from_a_call_keeps_the_call_and_the_agents_notes(
    client_for, agent, queue, customer, complaints_queue, handler
):
    from django.utils import timezone

    from helpdesk.hotline.models import Call
    from helpdesk.queues.services import workitem_create

    started = timezone.now()
    item = workitem_create(
        kind="call", queue=queue, subject="Call from +8613800138001", customer=customer
    )
    Call.objects.create(
        item=item,
        source="manual",
        direction="inbound",
        from_number="+8613800138001",
        to_number="+864008001234",
        queue=queue,
        agent=agent,
        state="answered",
        initiated_at=started,
        answered_at=started,
        talk_seconds=240,
        outcome="follow_up",
        notes="Customer shouted; promised a call back from a supervisor.",
    )

    response = client_for(fresh(agent)).post("/api/v1/complaints/", {"source_item": item.pk})

    assert response.status_code == 201, response.content
    (call,) = [e for e in evidence_of(response.json()["id"]) if e.kind == "call"]
    assert "promised a call back" in call.body and "240 s" in call.body
    assert (call.party, call.author_id, call.data["talk_seconds"]) == ("staff", agent.pk, 240)
