"""Who may reach which ticket endpoint: anonymous callers get 401, outsiders 404, always."""

import pytest

from helpdesk.tickets.models import Attachment

from .conftest import png

# (method, path template, body, multipart)
ENDPOINTS = [
    ("get", "/api/v1/tickets/{id}/", None, False),
    ("post", "/api/v1/tickets/{id}/status/", {"status": "open"}, False),
    ("post", "/api/v1/tickets/{id}/replies/", {"body": "hello"}, False),
    ("post", "/api/v1/tickets/{id}/notes/", {"body": "hello"}, False),
    ("post", "/api/v1/tickets/{id}/customer-messages/", {"body": "hello"}, False),
    ("post", "/api/v1/tickets/{id}/attachments/", "files", True),
    ("post", "/api/v1/tickets/{id}/merge/", "merge", False),
    ("get", "/api/v1/attachments/{attachment}/", None, False),
]


def call(client, method, template, body, multipart, item, other):
    attachment = Attachment.objects.filter(ticket_id=item.pk).first()
    path = template.format(id=item.pk, attachment=attachment.pk if attachment else 0)
    if body == "files":
        body = {"attachments": [png()]}
    elif body == "merge":
        body = {"into": other.pk}
    if method == "get":
        return client.get(path)
    return client.post(path, body, format="multipart" if multipart else "json")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template", "body", "multipart"), ENDPOINTS)
def test_an_agent_outside_the_queue_gets_404_and_nothing_changes(
    as_user, outsider, make_ticket, snapshot, method, template, body, multipart
):
    item, other = make_ticket(attachments=[png()]), make_ticket()
    before = snapshot()

    response = call(as_user(outsider), method, template, body, multipart, item, other)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template", "body", "multipart"), ENDPOINTS)
def test_an_anonymous_caller_gets_401(
    api, make_ticket, snapshot, method, template, body, multipart
):
    item, other = make_ticket(attachments=[png()]), make_ticket()
    before = snapshot()

    response = call(api, method, template, body, multipart, item, other)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert snapshot() == before


@pytest.mark.django_db
def test_an_anonymous_caller_cannot_list_or_open_tickets(api, queue):
    assert api.get("/api/v1/tickets/").status_code == 401
    assert api.post("/api/v1/tickets/", {"queue": queue.pk}).status_code == 401


@pytest.mark.django_db
def test_the_outsider_does_not_see_the_ticket_in_the_list(as_user, outsider, make_ticket):
    make_ticket()

    assert as_user(outsider).get("/api/v1/tickets/").json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "template", "body", "multipart"), ENDPOINTS)
def test_a_member_of_the_queue_reaches_every_endpoint(
    as_user, agent, make_ticket, method, template, body, multipart
):
    item, other = make_ticket(attachments=[png()]), make_ticket()

    response = call(as_user(agent), method, template, body, multipart, item, other)

    assert response.status_code in (200, 201), getattr(response, "data", response)
