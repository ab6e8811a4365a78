"""Corrective actions worked by API: a note (who and when), marked done (who and when kept), the
list's filters and its fixed cost; the assignee told live and by mail when one is raised."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.utils import timezone

from helpdesk.quality import services
from helpdesk.quality.models import CorrectiveAction, RatingSource
from helpdesk.queues.models import Kind, WorkItem
from helpdesk.realtime.consumers import InboxConsumer
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/quality/corrective-actions/"


def done_item(queue, agent, subject="Top-up failed") -> WorkItem:
    return WorkItem.objects.create(
        kind=Kind.TICKET,
        queue=queue,
        subject=subject,
        assignee=agent,
        status="resolved",
        resolved_at=timezone.now(),
    )


def low_rating(queue, agent, *, score=1, comment="Nobody called back", subject="Top-up failed"):
    item = done_item(queue, agent, subject)
    services.rating_record(item=item, score=score, comment=comment, source=RatingSource.LINK)
    return CorrectiveAction.objects.get(item=item)


def test_a_supervisor_adds_a_note_and_marks_the_action_done(client_for, supervisor, agent, queue):
    action = low_rating(queue, agent)
    client = client_for(supervisor)

    noted = client.post(f"{URL}{action.pk}/", {"note": "Called the customer back"}, format="json")
    done = client.post(f"{URL}{action.pk}/", {"note": "Coached the agent", "done": True})

    assert noted.status_code == 200
    assert noted.json()["status"] == "open"
    assert "Called the customer back" in noted.json()["note"]
    body = done.json()
    assert done.status_code == 200
    assert body["status"] == "done"
    assert body["done_by"]["id"] == supervisor.pk
    assert body["done_at"] is not None
    lines = body["note"].splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("Called the customer back") and supervisor.name in lines[0]
    assert lines[1].endswith("Coached the agent")
    action.refresh_from_db()
    assert (action.status, action.done_by_id) == ("done", supervisor.pk)


def test_marking_a_done_action_done_again_is_409_and_changes_nothing(
    client_for, supervisor, manager, agent, queue
):
    action = low_rating(queue, agent)
    client_for(supervisor).post(f"{URL}{action.pk}/", {"done": True}, format="json")

    again = client_for(manager).post(f"{URL}{action.pk}/", {"done": True}, format="json")

    assert again.status_code == 409
    assert again.json()["code"] == "already_done"
    action.refresh_from_db()
    assert action.done_by_id == supervisor.pk


def test_neither_a_note_nor_done_is_400(client_for, supervisor, agent, queue):
    action = low_rating(queue, agent)

    response = client_for(supervisor).post(f"{URL}{action.pk}/", {"note": "  "}, format="json")

    assert response.status_code == 400
    assert "note" in response.json()["fields"]


def test_agents_cannot_work_actions_and_a_missing_one_is_404(client_for, supervisor, agent, queue):
    action = low_rating(queue, agent)

    refused = client_for(agent).post(f"{URL}{action.pk}/", {"done": True}, format="json")
    missing = client_for(supervisor).post(f"{URL}999999/", {"done": True}, format="json")

    assert refused.status_code == 403
    assert missing.status_code == 404
    action.refresh_from_db()
    assert action.status == "open"


def test_the_list_filters_by_status_and_by_assignee(client_for, supervisor, manager, agent, queue):
    mine_open = low_rating(queue, agent, subject="open one")
    mine_done = low_rating(queue, agent, subject="done one")
    mine_done.status = "done"
    mine_done.save()
    other = UserFactory(username="other_sup", roles=["supervisor"])
    theirs = low_rating(queue, agent, subject="theirs")
    theirs.assignee = other
    theirs.save()
    client = client_for(supervisor)

    def ids(query):
        response = client.get(URL + query)
        assert response.status_code == 200
        return {a["id"] for a in response.json()}

    assert ids("") == {mine_open.pk, theirs.pk}
    assert ids("?status=done") == {mine_done.pk}
    assert ids("?status=all") == {mine_open.pk, mine_done.pk, theirs.pk}
    assert ids("?mine=1") == {mine_open.pk}
    assert ids("?status=all&mine=1") == {mine_open.pk, mine_done.pk}
    assert client.get(URL + "?status=nope").status_code == 400


def test_the_list_shows_the_rating_the_item_and_its_agent(client_for, supervisor, agent, queue):
    action = low_rating(queue, agent, score=2, comment="Rude")

    row = client_for(supervisor).get(URL).json()[0]

    assert row["id"] == action.pk
    assert (row["score"], row["comment"], row["kind"]) == (2, "Rude", "ticket")
    assert row["reference"] == action.item.reference
    assert row["agent"]["id"] == agent.pk
    assert row["assignee"]["id"] == supervisor.pk
    assert row["done_by"] is None


def test_the_list_costs_a_fixed_number_of_queries(
    client_for, supervisor, agent, queue, django_assert_num_queries
):
    client = client_for(supervisor)
    low_rating(queue, agent)
    # session, user, roles; the actions with their items, ratings and people
    with django_assert_num_queries(4):
        first = client.get(URL + "?status=all")
    for n in range(4):
        low_rating(queue, agent, subject=f"more {n}")
    with django_assert_num_queries(4):
        second = client.get(URL + "?status=all")
    assert (len(first.json()), len(second.json())) == (1, 5)


def test_a_raised_action_is_mailed_to_its_assignee_with_a_link(
    supervisor, agent, queue, settings, django_capture_on_commit_callbacks
):
    settings.QUALITY_ACTIONS_URL = "https://desk.example.test/quality/actions"
    with django_capture_on_commit_callbacks(execute=True):
        action = low_rating(queue, agent, comment="Never again")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [supervisor.email]
    assert action.item.reference in message.subject
    assert "Never again" in message.body
    assert f"https://desk.example.test/quality/actions?action={action.pk}" in message.body


def test_an_unassigned_action_tells_nobody(agent, queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action = low_rating(queue, agent)

    assert action.assignee_id is None
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_the_assignee_hears_the_new_action_live_and_others_do_not(queue):
    def people():
        sup = UserFactory(username="live_sup", roles=["supervisor"])
        MembershipFactory(queue=queue, user=sup, role="supervisor", accepts_routing=False)
        worker = UserFactory(username="live_agent", roles=["agent"])
        MembershipFactory(queue=queue, user=worker, role="agent")
        return sup, worker

    sup, worker = await database_sync_to_async(people)()

    async def connected(user):
        communicator = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
        communicator.scope["user"] = user
        assert (await communicator.connect(timeout=5))[0]
        assert (await communicator.receive_json_from(timeout=5))["type"] == "hello"
        return communicator

    told, untold = await connected(sup), await connected(worker)
    action = await database_sync_to_async(low_rating)(queue, worker, score=1)

    while True:
        event = await told.receive_json_from(timeout=5)
        if event["type"] == "quality.action_raised":
            break
    assert event["payload"]["action"] == action.pk
    assert event["payload"]["score"] == 1
    while not await untold.receive_nothing(timeout=0.5):
        other = await untold.receive_json_from(timeout=1)
        assert other["type"] != "quality.action_raised"
    await told.disconnect()
    await untold.disconnect()
