"""The chat's HTTP API: visitors by token, agents by session; what each may see and do."""

import pytest
from django.utils import translation

from chat import services
from chat.models import ChatMessage, Conversation, State
from helpdesk.queues.models import WorkItem
from tests.chat.conftest import fresh, go_online, new_id, png, start_chat, token_for
from tests.chat.test_messaging import agent_says, visitor_says
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/chat"


def visitor_get(api, chat, path="", token=None, **params):
    token = token_for(chat) if token is None else token
    return api.get(
        f"{BASE}/visitor/conversations/{chat.pk}/{path}", params, HTTP_X_VISITOR_TOKEN=token
    )


def visitor_post(api, chat, path, data=None, token=None, **kwargs):
    token = token_for(chat) if token is None else token
    return api.post(
        f"{BASE}/visitor/conversations/{chat.pk}/{path}",
        data or {},
        HTTP_X_VISITOR_TOKEN=token,
        **kwargs,
    )


# --- the widget ----------------------------------------------------------------------------------


def test_the_widget_status_says_whether_anyone_is_online(api, queue, agent, agent2):
    closed = api.get(f"{BASE}/widget/status/", {"queue": "support"}).json()
    go_online(agent)
    start_chat(queue)
    opened = api.get(f"{BASE}/widget/status/", {"queue": "support"}).json()

    assert closed == {
        "queue": "support",
        "name": "Support",
        "open": False,
        "agents_online": 0,
        "waiting": 0,
        "expected_wait_seconds": 0,
    }
    assert opened["open"] is True
    assert (opened["agents_online"], opened["waiting"]) == (1, 1)
    assert opened["expected_wait_seconds"] > 0


def test_an_unknown_queue_is_not_found(api):
    response = api.get(f"{BASE}/widget/status/", {"queue": "nope"})
    assert response.status_code == 404


def test_a_visitor_starts_a_chat_and_gets_a_token_for_it(api, queue, agent_online):
    response = api.post(
        f"{BASE}/visitor/conversations/",
        {"queue": "support", "name": "Li Lei", "contact": "13800138000", "topic": "Top-up"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    chat = Conversation.objects.get(pk=body["conversation"])
    assert body == {
        "conversation": chat.pk,
        "token": body["token"],
        "visitor": {"id": str(chat.visitor_id), "name": "Li Lei"},
        "state": "waiting",
    }
    detail = api.get(
        f"{BASE}/visitor/conversations/{chat.pk}/", HTTP_X_VISITOR_TOKEN=body["token"]
    ).json()
    assert (detail["state"], detail["queue_position"], detail["agent"]) == ("waiting", 1, None)


def test_when_nobody_is_online_the_visitor_is_sent_to_the_offline_form(api, queue, agent):
    response = api.post(
        f"{BASE}/visitor/conversations/",
        {"queue": "support", "name": "Li Lei", "contact": "13800138000"},
    )
    offline = api.post(
        f"{BASE}/visitor/offline-messages/",
        {"queue": "support", "name": "Li Lei", "contact": "13800138000", "message": "Call me"},
    )

    assert response.status_code == 409 and response.json()["code"] == "chat_closed"
    assert not Conversation.objects.exists()
    assert offline.status_code == 201
    assert offline.json()["ticket"] == WorkItem.objects.get(kind="ticket").reference


def test_visitor_errors_are_translated(api, queue, agent):
    response = api.post(
        f"{BASE}/visitor/conversations/",
        {"queue": "support", "name": "Li Lei", "contact": "13800138000"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    with translation.override("zh-hans"):
        expected = translation.gettext(
            "Nobody can chat right now. Please leave us a message instead."
        )
    assert response.json()["message"] == expected
    assert expected != "Nobody can chat right now. Please leave us a message instead."


def test_starting_chats_is_throttled_per_address(api, queue, agent_online, settings):
    settings.CHAT_VISITOR_RATE = "2/min"
    data = {"queue": "support", "name": "Li Lei", "contact": "13800138000"}

    statuses = [
        api.post(f"{BASE}/visitor/conversations/", data, REMOTE_ADDR="10.9.8.7").status_code
        for _ in range(3)
    ]

    assert statuses == [201, 201, 429]
    assert Conversation.objects.count() == 2


# --- the visitor's token -------------------------------------------------------------------------


def test_no_token_or_a_forged_one_is_refused(api, waiting_chat):
    missing = visitor_get(api, waiting_chat, token="")
    forged = visitor_get(api, waiting_chat, token=token_for(waiting_chat)[:-2] + "xx")

    assert (missing.status_code, missing.json()["code"]) == (401, "invalid_token")
    assert (forged.status_code, forged.json()["code"]) == (401, "invalid_token")


def test_a_token_never_opens_another_conversation(api, queue, agent_online):
    mine, theirs = start_chat(queue), start_chat(queue, name="Han Meimei")
    visitor_says(theirs, "Private")

    response = api.get(
        f"{BASE}/visitor/conversations/{theirs.pk}/messages/",
        HTTP_X_VISITOR_TOKEN=token_for(mine),
    )
    ending = api.post(
        f"{BASE}/visitor/conversations/{theirs.pk}/end/", HTTP_X_VISITOR_TOKEN=token_for(mine)
    )

    assert response.status_code == 404 and ending.status_code == 404
    assert fresh(theirs).state == State.WAITING


def test_the_visitor_reads_messages_after_a_number_without_internal_notes(
    api, active_chat, agent, django_assert_num_queries
):
    visitor_says(active_chat, "one")
    agent_says(active_chat, agent, "a note", internal=True)
    agent_says(active_chat, agent, "two")
    visitor_says(active_chat, "three")

    with django_assert_num_queries(2):  # the conversation, its messages (authors joined)
        response = visitor_get(api, active_chat, "messages/", after=1)

    body = response.json()
    assert [(m["seq"], m["body"]) for m in body["results"]] == [(3, "two"), (4, "three")]
    assert body["last_seq"] == 4
    assert body["results"][0]["author"] == {"id": agent.pk, "name": agent.name}


def test_the_visitor_ends_and_then_rates_the_chat_once(api, active_chat):
    early = visitor_post(api, active_chat, "rating/", {"score": 5})
    ended = visitor_post(api, active_chat, "end/")
    rated = visitor_post(api, active_chat, "rating/", {"score": 5, "comment": "Thanks"})
    twice = visitor_post(api, active_chat, "rating/", {"score": 1})
    out_of_range = visitor_post(api, active_chat, "rating/", {"score": 6})

    assert early.status_code == 409 and early.json()["code"] == "conversation_not_ended"
    assert ended.status_code == 200 and ended.json()["state"] == "ended"
    assert rated.status_code == 200
    assert rated.json()["rating"]["score"] == 5
    assert twice.status_code == 409 and twice.json()["code"] == "already_rated"
    assert out_of_range.status_code == 400
    assert fresh(active_chat).rating_score == 5


def test_the_visitor_sends_a_checked_file_that_both_sides_can_download(
    api, active_chat, agent, client_for, outsider
):
    response = visitor_post(api, active_chat, "attachments/", {"file": png()}, format="multipart")

    assert response.status_code == 201, response.content
    message = response.json()
    assert message["sender"] == "visitor" and message["seq"] == 1
    url = message["attachment"]["url"]
    assert message["attachment"]["content_type"] == "image/png"
    assert api.get(url).status_code == 401
    assert api.get(url, {"token": token_for(active_chat)}).status_code == 200
    assert client_for(agent).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404


def test_a_file_whose_content_does_not_match_its_name_is_refused(api, active_chat, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "photo.png", b"MZ\x90\x00\x03" + b"\x00" * 20, content_type="image/png"
    )

    response = visitor_post(api, active_chat, "attachments/", {"file": fake}, format="multipart")

    assert response.status_code == 415
    assert response.json()["code"] == "attachment_type_forbidden"
    assert "file" in response.json()["fields"]
    assert not ChatMessage.objects.exists()
    assert not list((tmp_path / "media").rglob("*.png"))


# --- agents --------------------------------------------------------------------------------------


def test_agents_list_the_chats_of_their_queues_only(
    client_for, agent, outsider, queue, agent_online
):
    chat = start_chat(queue)

    mine = client_for(agent).get(f"{BASE}/conversations/", {"state": "waiting"}).json()
    theirs = client_for(outsider).get(f"{BASE}/conversations/").json()

    assert [c["id"] for c in mine["results"]] == [chat.pk]
    assert mine["results"][0]["visitor"]["name"] == "Li Lei"
    assert theirs["results"] == []


def test_an_outsider_gets_404_for_a_chat_of_another_queue(client_for, outsider, waiting_chat):
    client = client_for(outsider)

    assert client.get(f"{BASE}/conversations/{waiting_chat.pk}/").status_code == 404
    assert client.get(f"{BASE}/conversations/{waiting_chat.pk}/messages/").status_code == 404
    response = client.post(f"{BASE}/conversations/{waiting_chat.pk}/accept/")
    assert response.status_code == 404
    assert fresh(waiting_chat).item.assignee is None


def test_anonymous_callers_cannot_use_the_agent_endpoints(api, waiting_chat):
    assert api.get(f"{BASE}/conversations/").status_code == 401
    assert api.post(f"{BASE}/conversations/{waiting_chat.pk}/accept/").status_code == 401


def test_a_complaint_handler_may_read_chats_but_not_answer_them(client_for, queue, waiting_chat):
    from tests.factories import MembershipFactory

    handler = UserFactory(roles=["complaint_handler"])
    MembershipFactory(queue=queue, user=handler, role="complaint_handler")
    client = client_for(handler)

    assert client.get(f"{BASE}/conversations/{waiting_chat.pk}/").status_code == 200
    assert client.post(f"{BASE}/conversations/{waiting_chat.pk}/accept/").status_code == 403


def test_an_agent_accepts_and_answers_over_http_then_ends(client_for, agent, waiting_chat):
    client = client_for(agent)

    accepted = client.post(f"{BASE}/conversations/{waiting_chat.pk}/accept/")
    ended = client.post(f"{BASE}/conversations/{waiting_chat.pk}/end/")

    assert accepted.status_code == 200
    assert accepted.json()["state"] == "active"
    assert accepted.json()["agent"]["id"] == agent.pk
    assert ended.json()["state"] == "ended"


def test_a_transfer_without_a_target_or_note_is_refused(
    client_for, agent, active_chat, other_queue
):
    client = client_for(agent)

    neither = client.post(f"{BASE}/conversations/{active_chat.pk}/transfer/", {"note": "x"})
    no_note = client.post(
        f"{BASE}/conversations/{active_chat.pk}/transfer/", {"to_queue": other_queue.pk}
    )
    unknown = client.post(
        f"{BASE}/conversations/{active_chat.pk}/transfer/", {"to_queue": 987654, "note": "x"}
    )

    assert neither.status_code == 400
    assert no_note.json()["code"] == "note_required"
    assert unknown.json()["code"] == "queue_not_found"
    assert fresh(active_chat).item.queue_id != other_queue.pk


def test_transferring_to_a_queue_the_agent_does_not_work_in_answers_briefly(
    client_for, agent, active_chat, other_queue
):
    response = client_for(agent).post(
        f"{BASE}/conversations/{active_chat.pk}/transfer/",
        {"to_queue": other_queue.pk, "note": "Billing"},
    )

    assert response.status_code == 200
    assert response.json() == {"id": active_chat.pk, "state": "waiting"}


def test_convert_answers_the_new_tickets_id(client_for, agent, active_chat):
    response = client_for(agent).post(f"{BASE}/conversations/{active_chat.pk}/convert/")

    assert response.status_code == 201
    assert WorkItem.objects.get(pk=response.json()["ticket"]).kind == "ticket"


def test_a_supervisor_joins_and_takes_over_over_http(client_for, supervisor, active_chat):
    client = client_for(supervisor)

    joined = client.post(f"{BASE}/conversations/{active_chat.pk}/join/")
    taken = client.post(f"{BASE}/conversations/{active_chat.pk}/takeover/")

    assert [w["id"] for w in joined.json()["watchers"]] == [supervisor.pk]
    assert taken.json()["agent"]["id"] == supervisor.pk


def test_agents_see_internal_notes_in_the_history(client_for, agent, active_chat):
    agent_says(active_chat, agent, "a note", internal=True)

    body = client_for(agent).get(f"{BASE}/conversations/{active_chat.pk}/messages/").json()

    assert [(m["body"], m["internal"]) for m in body["results"]] == [("a note", True)]


def test_presence_is_set_and_read_back_with_capacity_and_load(client_for, agent, active_chat):
    client = client_for(agent)

    away = client.post(f"{BASE}/presence/", {"status": "away"}).json()
    bad = client.post(f"{BASE}/presence/", {"status": "asleep"})

    assert away["status"] == "away" and away["online"] is False
    assert (away["chat_capacity"], away["active_chats"]) == (3, 1)
    assert bad.status_code == 400
    assert client.get(f"{BASE}/presence/").json()["status"] == "away"


def test_the_agent_sends_a_file_over_http(client_for, agent, active_chat):
    response = client_for(agent).post(
        f"{BASE}/conversations/{active_chat.pk}/attachments/",
        {"file": png(), "client_id": new_id()},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    assert response.json()["sender"] == "agent"


# --- query counts --------------------------------------------------------------------------------


def _many_chats(queue, agent, n):
    go_online(agent, capacity=n)
    chats = [start_chat(queue, name=f"Visitor {i}") for i in range(n)]
    for chat in chats[: n // 2]:
        services.conversation_accept(conversation_id=chat.pk, user=agent)
    return chats


@pytest.mark.parametrize("n", [2, 12])
def test_the_chat_list_costs_the_same_queries_whatever_its_length(
    client_for, agent, queue, agent_online, n, django_assert_num_queries
):
    _many_chats(queue, agent, n)
    client = client_for(agent)

    # session, user, roles, visible queues, count, page
    with django_assert_num_queries(6):
        response = client.get(f"{BASE}/conversations/")

    assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", [2, 12])
def test_the_agents_history_costs_the_same_queries_whatever_its_length(
    client_for, agent, active_chat, n, django_assert_num_queries
):
    for i in range(n):
        agent_says(active_chat, agent, f"m{i}")
    client = client_for(agent)

    # session, user, roles, visible queues, the conversation, its messages
    with django_assert_num_queries(6):
        response = client.get(f"{BASE}/conversations/{active_chat.pk}/messages/")

    assert len(response.json()["results"]) == n
