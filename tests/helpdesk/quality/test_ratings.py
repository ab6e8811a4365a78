"""Satisfaction ratings: one per item, by a signed single-use link or the chat widget; a low
score raises a corrective action for a supervisor of the item's queue."""

import datetime as dt

import pytest
import time_machine
from django.core import mail, signing

from chat import services as chat
from helpdesk.quality.models import CorrectiveAction, Rating, RatingLink
from helpdesk.quality.services import SALT
from tests.chat.conftest import go_online, start_chat, token_for

pytestmark = pytest.mark.django_db


def rate(api, token, **body):
    return api.post(f"/api/v1/quality/rate/{token}/", body, format="json")


def test_resolving_a_ticket_issues_one_link_and_mails_it_to_the_requester(
    agent, queue, resolve_ticket
):
    item = resolve_ticket(agent, queue, email="li@example.test")

    link = RatingLink.objects.get(item=item)
    assert link.sent_to == "li@example.test"
    assert [m.to for m in mail.outbox] == [["li@example.test"]]
    assert link.token in mail.outbox[0].body


def test_a_ticket_without_an_address_still_gets_a_link_but_no_mail(agent, queue, resolve_ticket):
    item = resolve_ticket(agent, queue, email="")

    assert RatingLink.objects.filter(item=item, sent_to="").exists()
    assert mail.outbox == []


def test_the_link_shows_what_is_rated_without_signing_in(api, agent, queue, resolve_ticket):
    item = resolve_ticket(agent, queue, subject="Card not charged")

    response = api.get(f"/api/v1/quality/rate/{item.rating_link.token}/")

    assert response.status_code == 200, response.content
    assert response.json()["reference"] == item.reference
    assert response.json()["subject"] == "Card not charged"


def test_a_rating_is_taken_once_and_the_link_then_refuses(api, agent, queue, resolve_ticket):
    item = resolve_ticket(agent, queue)
    token = item.rating_link.token

    first = rate(api, token, score=5, comment="Quick and kind")
    again = rate(api, token, score=1, comment="changed my mind")
    looked = api.get(f"/api/v1/quality/rate/{token}/")

    assert first.status_code == 201, first.content
    assert again.status_code == 410 and again.json()["code"] == "link_used"
    assert looked.status_code == 410
    rating = Rating.objects.get(item=item)
    assert (rating.score, rating.comment, rating.source) == (5, "Quick and kind", "link")


def test_an_expired_link_is_refused_and_nothing_is_recorded(api, agent, queue, resolve_ticket):
    item = resolve_ticket(agent, queue)

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15)):
        response = rate(api, item.rating_link.token, score=4)

    assert response.status_code == 410 and response.json()["code"] == "link_expired"
    assert not Rating.objects.exists()


def test_a_forged_link_is_refused(api, agent, queue, resolve_ticket):
    item = resolve_ticket(agent, queue)
    forged = signing.dumps({"i": item.pk}, salt="another-salt")

    response = rate(api, forged, score=5)
    damaged = rate(api, item.rating_link.token[:-2] + "xx", score=5)

    assert response.status_code == 400 and response.json()["code"] == "invalid_link"
    assert damaged.status_code == 400
    assert not Rating.objects.exists()


def test_a_validly_signed_token_for_an_unissued_link_is_not_found(api, agent, queue):
    response = rate(api, signing.dumps({"i": 999999}, salt=SALT), score=5)

    assert response.status_code == 404


def test_a_score_outside_one_to_five_is_refused(api, agent, queue, resolve_ticket):
    item = resolve_ticket(agent, queue)

    response = rate(api, item.rating_link.token, score=6)

    assert response.status_code == 400
    assert not Rating.objects.exists()
    assert RatingLink.objects.get(item=item).used_at is None


def test_a_low_rating_raises_a_corrective_action_for_the_queue_supervisor(
    api, agent, supervisor, queue, resolve_ticket
):
    item = resolve_ticket(agent, queue)

    response = rate(api, item.rating_link.token, score=2, comment="Nobody called back")

    assert response.status_code == 201
    action = CorrectiveAction.objects.get()
    assert (action.item_id, action.assignee_id, action.status) == (item.pk, supervisor.pk, "open")
    assert action.rating.comment == "Nobody called back"


def test_a_rating_at_the_target_raises_no_corrective_action(
    api, agent, supervisor, queue, resolve_ticket
):
    item = resolve_ticket(agent, queue)

    rate(api, item.rating_link.token, score=3)

    assert not CorrectiveAction.objects.exists()


def test_supervisors_list_the_open_corrective_actions(
    api, client_for, agent, supervisor, queue, resolve_ticket
):
    item = resolve_ticket(agent, queue)
    rate(api, item.rating_link.token, score=1, comment="Rude")

    listed = client_for(supervisor).get("/api/v1/quality/corrective-actions/")
    refused = client_for(agent).get("/api/v1/quality/corrective-actions/")

    assert listed.status_code == 200
    assert [(a["item"], a["score"]) for a in listed.json()] == [(item.pk, 1)]
    assert refused.status_code == 403


# --- chats ---------------------------------------------------------------------------------------


@pytest.fixture
def ended_chat(agent, queue, django_capture_on_commit_callbacks):
    go_online(agent)
    conversation = start_chat(queue)
    chat.conversation_accept(conversation_id=conversation.pk, user=agent)
    with django_capture_on_commit_callbacks(execute=True):
        chat.conversation_end(conversation_id=conversation.pk, actor=agent)
    return conversation


def test_an_ended_chat_gets_a_link_and_the_widget_rating_is_the_items_one_rating(api, ended_chat):
    link = RatingLink.objects.get(item_id=ended_chat.item_id)

    widget = api.post(
        f"/api/v1/chat/visitor/conversations/{ended_chat.pk}/rating/",
        {"score": 5, "comment": "Great"},
        format="json",
        HTTP_X_VISITOR_TOKEN=token_for(ended_chat),
    )
    by_link = rate(api, link.token, score=1)

    assert widget.status_code == 200, widget.content
    assert by_link.status_code == 410 and by_link.json()["code"] == "link_used"
    rating = Rating.objects.get(item_id=ended_chat.item_id)
    assert (rating.score, rating.source) == (5, "widget")


def test_a_chat_rated_by_link_refuses_the_widget_with_already_rated(api, ended_chat):
    link = RatingLink.objects.get(item_id=ended_chat.item_id)

    by_link = rate(api, link.token, score=4, comment="Fine")
    widget = api.post(
        f"/api/v1/chat/visitor/conversations/{ended_chat.pk}/rating/",
        {"score": 1},
        format="json",
        HTTP_X_VISITOR_TOKEN=token_for(ended_chat),
    )

    assert by_link.status_code == 201
    assert widget.status_code == 409 and widget.json()["code"] == "already_rated"
    assert Rating.objects.get(item_id=ended_chat.item_id).score == 4
    ended_chat.refresh_from_db()
    assert ended_chat.rating_score is None  # the refused widget rating left nothing behind


def test_a_second_rating_of_the_same_item_is_409_and_changes_nothing(agent, resolve_ticket, queue):
    from helpdesk.common.errors import ServiceError
    from helpdesk.quality.services import rating_record

    item = resolve_ticket(agent, queue)
    rating_record(item=item, score=4, comment="ok", source="widget")

    with pytest.raises(ServiceError) as refused:
        rating_record(item=item, score=1, comment="bad", source="widget")

    assert (refused.value.status_code, refused.value.code) == (409, "already_rated")
    assert list(Rating.objects.values_list("score", "comment")) == [(4, "ok")]
    assert not CorrectiveAction.objects.exists()
