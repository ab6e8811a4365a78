"""The ticket lifecycle through ``POST /api/v1/tickets/<id>/status/``."""

import pytest

from helpdesk.queues.models import EventVerb, WorkItem, WorkItemEvent

from .conftest import set_status

STATUSES = ["new", "open", "pending", "on_hold", "resolved", "closed"]

# What an agent may do, written out by hand (the documentation's table).
ALLOWED = {
    "new": ["open", "pending", "on_hold", "resolved", "closed"],
    "open": ["pending", "on_hold", "resolved", "closed"],
    "pending": ["open", "on_hold", "resolved", "closed"],
    "on_hold": ["open", "pending", "resolved", "closed"],
    "resolved": ["open", "closed"],
    "closed": [],
}
ALLOWED_PAIRS = [(f, t) for f in STATUSES for t in ALLOWED[f]]
FORBIDDEN_PAIRS = [(f, t) for f in STATUSES for t in STATUSES if t not in ALLOWED[f]]


def url(item):
    return f"/api/v1/tickets/{item.pk}/status/"


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), ALLOWED_PAIRS)
def test_an_agent_moves_a_ticket_along_an_allowed_transition(
    as_user, agent, make_ticket, current, target
):
    item = set_status(make_ticket(), current)

    response = as_user(agent).post(url(item), {"status": target, "reason": "checked"})

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == target
    item.refresh_from_db()
    assert item.status == target
    event = WorkItemEvent.objects.filter(item=item, verb=EventVerb.STATUS_CHANGED).last()
    assert event.data["from"] == current
    assert event.data["to"] == target
    assert event.reason == "checked"


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), FORBIDDEN_PAIRS)
def test_a_forbidden_transition_is_refused_with_the_allowed_next_statuses(
    as_user, agent, make_ticket, snapshot, current, target
):
    item = set_status(make_ticket(), current)
    before = snapshot()

    response = as_user(agent).post(url(item), {"status": target})

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert body["fields"]["allowed"] == ALLOWED[current]
    assert snapshot() == before


@pytest.mark.django_db
def test_resolving_and_closing_record_their_times_and_reopening_clears_them(
    as_user, agent, make_ticket
):
    item = make_ticket()
    client = as_user(agent)

    client.post(url(item), {"status": "resolved"})
    item.refresh_from_db()
    assert item.resolved_at is not None
    assert item.closed_at is None

    client.post(url(item), {"status": "open"})
    item.refresh_from_db()
    assert item.resolved_at is None

    client.post(url(item), {"status": "closed"})
    item.refresh_from_db()
    assert item.closed_at is not None
    assert item.resolved_at is not None


@pytest.mark.django_db
def test_a_manager_reopens_a_closed_ticket_with_a_reason(as_user, manager, make_ticket):
    item = set_status(make_ticket(), "closed")

    response = as_user(manager).post(url(item), {"status": "open", "reason": "Customer called"})

    assert response.status_code == 200
    assert WorkItem.objects.get(pk=item.pk).status == "open"


@pytest.mark.django_db
def test_a_manager_must_say_why_a_closed_ticket_is_reopened(
    as_user, manager, make_ticket, snapshot
):
    item = set_status(make_ticket(), "closed")
    before = snapshot()

    response = as_user(manager).post(url(item), {"status": "open", "reason": "  "})

    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_manager_still_cannot_move_a_closed_ticket_anywhere_but_open(
    as_user, manager, make_ticket
):
    item = set_status(make_ticket(), "closed")

    response = as_user(manager).post(url(item), {"status": "resolved", "reason": "x"})

    assert response.status_code == 409
    assert response.json()["fields"]["allowed"] == ["open"]


@pytest.mark.django_db
def test_a_supervisor_cannot_reopen_a_closed_ticket(as_user, supervisor, make_ticket):
    item = set_status(make_ticket(), "closed")

    response = as_user(supervisor).post(url(item), {"status": "open", "reason": "please"})

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert WorkItem.objects.get(pk=item.pk).status == "closed"


@pytest.mark.django_db
def test_an_unknown_status_is_a_field_error(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(url(item), {"status": "archived"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "status" in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_an_unknown_field_is_refused(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(url(item), {"status": "open", "assignee": 3})

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_merged_ticket_cannot_change_status(as_user, manager, agent, make_ticket, snapshot):
    source, target = make_ticket(subject="dup"), make_ticket(subject="original")
    as_user(agent).post(f"/api/v1/tickets/{source.pk}/merge/", {"into": target.pk})
    before = snapshot()

    response = as_user(manager).post(url(source), {"status": "open", "reason": "undo"})

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_merged"
    assert snapshot() == before
