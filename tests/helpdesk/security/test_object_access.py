"""Object-level access for every endpoint with an id in its path, derived from the URL resolver
(a new endpoint is covered without editing this file).

* An id that is not there: 404 for reads (never 200 with data, never 500), for a user who holds
  every role; writes answer 4xx without writing.
* An outsider's id: for the queue-scoped objects, an agent of another queue gets exactly the
  answer an id that does not exist gets (404 for reads) on every endpoint naming them.
"""

import re

import pytest
from rest_framework.test import APIClient

from helpdesk.accounts.matrix import api_endpoints
from helpdesk.accounts.roles import Role
from tests.factories import UserFactory

ENDPOINTS = [e for e in api_endpoints() if "<" in e.path]
MISSING_ID = "987654"
# Answers in the shape a partner's protocol fixes (docs/supplier-protocol.md), not ours.
OWN_PROTOCOL = {"/api/v1/orders/callbacks/<int:channel_id>/"}


def _concrete(path: str, values: dict[str, str] | None = None) -> str:
    values = values or {}

    def fill(match):
        converter, name = match.group(1), match.group(2)
        if name in values:
            return values[name]
        return MISSING_ID if converter == "int" else "not-a-real-token"

    return re.sub(r"<(\w+):(\w+)>", fill, path)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path}")
def test_an_id_that_is_not_there_is_a_404_never_data_nor_a_crash(endpoint):
    client = APIClient()
    client.force_login(UserFactory(roles=list(Role.values)))

    response = getattr(client, endpoint.method.lower())(_concrete(endpoint.path), {})

    assert response.status_code < 500, response.content[:500]
    assert not 200 <= response.status_code < 300, response.content[:500]
    if endpoint.method == "GET":
        # Public endpoints (a visitor's or a link's token is the key) refuse the missing key first.
        allowed = (404, 400, 410) if endpoint.perm is not None else (404, 400, 401, 410)
        assert response.status_code in allowed, response.content[:500]
    if endpoint.path not in OWN_PROTOCOL:
        assert set(response.json()) == {"code", "message", "fields"}


# Queue-scoped objects an outsider (an agent of another queue) must never reach, by the name of
# the id in the path. Each builder makes one in ``queue`` and returns its id.
def _item(queue, agent):
    from tests.factories import WorkItemFactory

    return WorkItemFactory(queue=queue).pk


OUTSIDER_OBJECTS = {"item_id": _item}


@pytest.fixture
def outsider_ids(queue, agent):
    return {name: str(build(queue, agent)) for name, build in OUTSIDER_OBJECTS.items()}


SCOPED = [
    e
    for e in ENDPOINTS
    if set(re.findall(r"<\w+:(\w+)>", e.path)) <= set(OUTSIDER_OBJECTS) and "agent" in e.roles
]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", SCOPED, ids=lambda e: f"{e.method} {e.path}")
def test_an_outsiders_request_for_another_queues_object_is_a_404(endpoint, outsider, outsider_ids):
    client = APIClient()
    client.force_login(outsider)

    call = getattr(client, endpoint.method.lower())

    response = call(_concrete(endpoint.path, outsider_ids), {})
    missing = call(_concrete(endpoint.path), {})

    # Exactly what an id that does not exist gets: no data, and nothing telling that it exists.
    # Reads are 404; a write with an empty body may be refused by its validation first (400),
    # which is the same for both.
    assert (response.status_code, response.json()) == (missing.status_code, missing.json())
    assert response.status_code in ((404,) if endpoint.method == "GET" else (400, 404))
