"""Opening tickets: ``POST /api/v1/tickets/``."""

import pytest

from helpdesk.customers.models import AuditAction, CustomerAuditEntry
from helpdesk.queues.models import Category, EventVerb, WorkItem, WorkItemEvent
from helpdesk.tickets.models import Ticket
from tests.factories import CustomerFactory, QueueFactory, WorkItemFactory

from .conftest import files_on_disk, png, upload

URL = "/api/v1/tickets/"


def payload(queue, **extra):
    return {"queue": queue.pk, "subject": "Card not charged", "body": "I paid twice.", **extra}


@pytest.mark.django_db
def test_an_agent_opens_a_ticket_in_their_queue(as_user, agent, queue):
    response = as_user(agent).post(
        URL,
        payload(
            queue,
            priority=3,
            tags=["billing", "vip"],
            channel="email",
            requester_name="Li Lei",
            requester_email="li@example.test",
        ),
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == f"T-{body['id']:06d}"
    assert body["kind"] == "ticket"
    assert body["status"] == "new"
    assert body["priority"] == 3
    assert body["tags"] == ["billing", "vip"]
    assert body["channel"] == "email"
    assert body["requester_email"] == "li@example.test"
    assert body["created_by"]["id"] == agent.pk
    assert [(m["kind"], m["body"], m["author"]) for m in body["messages"]] == [
        ("customer", "I paid twice.", None)
    ]
    ticket = Ticket.objects.select_related("item").get(pk=body["id"])
    assert ticket.item.queue == queue
    assert WorkItemEvent.objects.filter(item=ticket.item, verb=EventVerb.CREATED).count() == 1


@pytest.mark.django_db
def test_a_manager_may_open_a_ticket_in_any_queue(as_user, manager, other_queue):
    response = as_user(manager).post(URL, payload(other_queue))

    assert response.status_code == 201
    assert response.json()["queue"]["id"] == other_queue.pk


@pytest.mark.django_db
@pytest.mark.parametrize("queue_id", ["other", 999999])
def test_a_queue_the_agent_does_not_work_in_is_not_found(
    as_user, agent, other_queue, snapshot, queue_id
):
    before = snapshot()
    queue_pk = other_queue.pk if queue_id == "other" else queue_id

    response = as_user(agent).post(
        URL, {"queue": queue_pk, "subject": "Hello", "body": "Anyone there?"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "queue_not_found"
    assert "queue" in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_closed_queue_takes_no_new_tickets(as_user, agent, queue, snapshot):
    queue.is_active = False
    queue.save()
    before = snapshot()

    response = as_user(agent).post(URL, payload(queue))

    assert response.status_code == 400
    assert response.json()["code"] == "queue_inactive"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subject": ""}, "subject"),
        ({"subject": "x" * 256}, "subject"),
        ({"priority": 9}, "priority"),
        ({"channel": "pigeon"}, "channel"),
        ({"requester_email": "not-an-email"}, "requester_email"),
        ({"tags": ["x" * 51]}, "tags.0"),
        ({"queue": "support"}, "queue"),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(
    as_user, agent, queue, snapshot, change, field
):
    before = snapshot()

    response = as_user(agent).post(URL, {**payload(queue), **change})

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_ticket_needs_a_description_or_a_file(as_user, agent, queue, snapshot):
    before = snapshot()

    response = as_user(agent).post(URL, payload(queue, body="   "))

    assert response.status_code == 400
    assert response.json()["code"] == "body_required"
    assert snapshot() == before


@pytest.mark.django_db
def test_an_unknown_field_is_refused(as_user, agent, queue, snapshot):
    before = snapshot()

    response = as_user(agent).post(URL, payload(queue, status="open"))

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_category_of_another_queue_is_refused(as_user, agent, queue, other_queue, snapshot):
    category = Category.objects.create(name="Refunds", queue=other_queue)
    before = snapshot()

    response = as_user(agent).post(URL, payload(queue, category=category.pk))

    assert response.status_code == 400
    assert response.json()["code"] == "category_not_in_queue"
    assert snapshot() == before


@pytest.mark.django_db
def test_an_unknown_category_is_refused(as_user, agent, queue, snapshot):
    before = snapshot()

    response = as_user(agent).post(URL, payload(queue, category=424242))

    assert response.status_code == 400
    assert response.json()["code"] == "category_not_found"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_ticket_is_filed_under_a_customer_the_agent_may_open(as_user, agent, queue):
    customer = CustomerFactory(name="Han Meimei")
    WorkItemFactory(queue=queue, customer=customer)  # the customer already has work in the queue

    response = as_user(agent).post(URL, payload(queue, customer=customer.pk))

    assert response.status_code == 201
    assert response.json()["customer"] == {"id": customer.pk, "name": "Han Meimei"}


@pytest.mark.django_db
def test_a_customer_the_agent_may_not_open_is_not_found(as_user, agent, queue, snapshot):
    stranger = CustomerFactory()
    WorkItemFactory(queue=QueueFactory(), customer=stranger)
    before = snapshot()

    response = as_user(agent).post(URL, payload(queue, customer=stranger.pk))

    assert response.status_code == 400
    assert response.json()["code"] == "customer_not_found"
    assert snapshot() == before
    # The refused look-up of a confidential file is still on the audit trail.
    assert CustomerAuditEntry.objects.filter(
        actor=agent, customer=stranger, action=AuditAction.DENIED
    ).exists()


@pytest.mark.django_db
def test_a_ticket_may_arrive_with_files_as_multipart(as_user, agent, queue, media_root):
    response = as_user(agent).post(
        URL,
        {**payload(queue), "tags": ["a", "b"], "attachments": [png(), upload("notes.txt", b"hi")]},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["tags"] == ["a", "b"]
    message = body["messages"][0]
    assert [a["filename"] for a in message["attachments"]] == ["screenshot.png", "notes.txt"]
    assert len(files_on_disk(media_root)) == 2


@pytest.mark.django_db
def test_a_refused_file_opens_no_ticket(as_user, agent, queue, snapshot):
    before = snapshot()

    response = as_user(agent).post(
        URL,
        {**payload(queue), "attachments": [png(), upload("run.exe", b"MZ\x90\x00")]},
        format="multipart",
    )

    assert response.status_code == 415
    assert response.json()["code"] == "attachment_type_forbidden"
    assert snapshot() == before
    assert not WorkItem.objects.exists()
