"""Merging a ticket into another: ``POST /api/v1/tickets/<id>/merge/``."""

import pytest

from helpdesk.queues.models import EventVerb, WorkItem, WorkItemEvent, WorkItemLink
from helpdesk.tickets import services
from helpdesk.tickets.models import Attachment, Ticket, TicketMessage

from .conftest import fresh, pdf, png, set_status


def url(item):
    return f"/api/v1/tickets/{item.pk}/merge/"


@pytest.mark.django_db
def test_merging_moves_the_thread_links_the_tickets_and_closes_the_source(
    as_user, agent, make_ticket
):
    target = make_ticket(subject="Card charged twice", body="First report")
    source = make_ticket(subject="Double charge", body="Second report", attachments=[png()])
    services.ticket_reply(
        ticket_id=source.pk, actor=fresh(agent), body="Looking", attachments=[pdf()]
    )

    response = as_user(agent).post(url(source), {"into": target.pk, "reason": "Same charge"})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == target.pk
    bodies = [m["body"] for m in body["messages"]]
    assert bodies[:3] == ["First report", "Second report", "Looking"]
    assert bodies[3].startswith(f"T-{source.pk:06d} (Double charge) was merged into this ticket.")
    assert "Same charge" in bodies[3]
    assert sorted(a["filename"] for a in body["attachments"]) == ["invoice.pdf", "screenshot.png"]
    assert [(link["kind"], link["item"]["id"]) for link in body["links_in"]] == [
        ("duplicates", source.pk)
    ]

    source.refresh_from_db()
    assert source.status == "closed"
    assert Ticket.objects.get(pk=source.pk).merged_into_id == target.pk
    assert WorkItemLink.objects.filter(source=source, target=target, kind="duplicates").exists()
    assert not Attachment.objects.filter(ticket_id=source.pk).exists()
    assert [m.body for m in TicketMessage.objects.filter(ticket_id=source.pk)] == [
        f"This ticket was merged into T-{target.pk:06d}.\nReason: Same charge"
    ]
    [on_source] = WorkItemEvent.objects.filter(item=source, verb=EventVerb.MERGED)
    [on_target] = WorkItemEvent.objects.filter(item=target, verb=EventVerb.MERGED)
    assert on_source.data == {"into": target.pk, "messages": 2, "attachments": 2}
    assert on_target.data == {"from": source.pk, "messages": 2, "attachments": 2}
    assert on_source.reason == "Same charge"
    closed = WorkItemEvent.objects.filter(item=source, verb=EventVerb.STATUS_CHANGED).last()
    assert (closed.data["to"], closed.data["merged_into"]) == ("closed", target.pk)


@pytest.mark.django_db
def test_the_merged_ticket_shows_where_it_went(as_user, agent, make_ticket):
    target, source = make_ticket(), make_ticket()
    client = as_user(agent)
    client.post(url(source), {"into": target.pk})

    body = client.get(f"/api/v1/tickets/{source.pk}/").json()

    assert body["merged_into"] == target.pk
    assert body["status"] == "closed"
    assert [(link["kind"], link["item"]["id"]) for link in body["links_out"]] == [
        ("duplicates", target.pk)
    ]


@pytest.mark.django_db
def test_an_existing_link_between_the_two_becomes_a_duplicate_link(as_user, agent, make_ticket):
    target, source = make_ticket(), make_ticket()
    WorkItemLink.objects.create(source=source, target=target, kind="relates")

    response = as_user(agent).post(url(source), {"into": target.pk})

    assert response.status_code == 200
    assert list(WorkItemLink.objects.values_list("kind", flat=True)) == ["duplicates"]


@pytest.mark.django_db
def test_a_ticket_cannot_be_merged_into_itself(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(url(item), {"into": item.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "merge_self"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_ticket_cannot_be_merged_into_a_closed_one(as_user, agent, make_ticket, snapshot):
    target = set_status(make_ticket(), "closed")
    source = make_ticket()
    before = snapshot()

    response = as_user(agent).post(url(source), {"into": target.pk})

    assert response.status_code == 409
    assert response.json()["code"] == "merge_target_closed"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_ticket_cannot_be_merged_into_a_merged_one(as_user, agent, make_ticket, snapshot):
    first, second, third = make_ticket(), make_ticket(), make_ticket()
    client = as_user(agent)
    client.post(url(second), {"into": first.pk})
    before = snapshot()

    response = client.post(url(third), {"into": second.pk})

    assert response.status_code == 409
    assert response.json()["code"] == "merge_target_closed"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_merged_ticket_cannot_be_merged_again(as_user, agent, make_ticket, snapshot):
    first, second, third = make_ticket(), make_ticket(), make_ticket()
    client = as_user(agent)
    client.post(url(second), {"into": first.pk})
    before = snapshot()

    response = client.post(url(second), {"into": third.pk})

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_merged"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_closed_ticket_cannot_be_merged(as_user, agent, make_ticket, snapshot):
    target, source = make_ticket(), set_status(make_ticket(), "closed")
    before = snapshot()

    response = as_user(agent).post(url(source), {"into": target.pk})

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_closed"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_target_the_agent_cannot_see_is_not_found(
    as_user, agent, make_ticket, other_queue, snapshot
):
    source, hidden = make_ticket(), make_ticket(queue=other_queue)
    before = snapshot()

    response = as_user(agent).post(url(source), {"into": hidden.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "merge_target_not_found"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_ticket_may_be_merged_into_a_resolved_one_which_stays_resolved(
    as_user, agent, make_ticket
):
    target, source = set_status(make_ticket(), "resolved"), make_ticket()

    response = as_user(agent).post(url(source), {"into": target.pk})

    assert response.status_code == 200
    assert response.json()["status"] == "resolved"


@pytest.mark.django_db
def test_a_manager_merges_across_queues(as_user, manager, make_ticket, other_queue):
    source, target = make_ticket(), make_ticket(queue=other_queue)

    response = as_user(manager).post(url(source), {"into": target.pk})

    assert response.status_code == 200
    assert WorkItem.objects.get(pk=source.pk).status == "closed"


@pytest.mark.django_db
def test_a_merge_without_a_target_is_a_field_error(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(url(item), {"reason": "dup"})

    assert response.status_code == 400
    assert "into" in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_complaint_handler_may_not_merge_tickets(as_user, queue, make_ticket, snapshot):
    from tests.factories import MembershipFactory, UserFactory

    handler = UserFactory(roles=["complaint_handler"])
    MembershipFactory(queue=queue, user=handler, role="complaint_handler")
    target, source = make_ticket(), make_ticket()
    before = snapshot()

    response = as_user(handler).post(url(source), {"into": target.pk})

    assert response.status_code == 403
    assert snapshot() == before
