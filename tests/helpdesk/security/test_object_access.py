"""Object-level access for every endpoint with an id in its path, derived from the URL resolver
(a new endpoint is covered without editing this file).

* An id that is not there: 404 for reads (never 200 with data, never 500), for a user who holds
  every role; writes answer 4xx without writing.
* An outsider's id: for every kind of id an agent can name (``outsider_objects.py``; the shared
  ones are listed there), an agent of another queue gets exactly the answer an id that does not
  exist gets (404 for reads) on every endpoint naming them, while the queue's own agent reaches
  the same object.
"""

import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from helpdesk.accounts.matrix import api_endpoints
from helpdesk.accounts.roles import Role
from tests.factories import UserFactory
from tests.helpdesk.security.outsider_objects import (
    BUILDERS,
    SHARED_BY_DESIGN,
    WRITE_BODIES,
    request_options,
)

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


# Objects an outsider (an agent of another queue) must never reach, by the name of the id in the
# path: each builder makes one in ``queue`` (or of ``agent``, a member of it) and returns its id.
# What is left out is in SHARED_BY_DESIGN, with the reason.
OUTSIDER_OBJECTS = BUILDERS


def _path_ids(path: str) -> list[str]:
    return re.findall(r"<\w+:(\w+)>", path)


@pytest.fixture
def outsider_ids(request, queue, agent, settings, tmp_path):
    """The ids the parametrized endpoint's path names, each built for ``queue`` / ``agent``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    names = set(_path_ids(request.node.callspec.params["endpoint"].path))
    ids: dict[str, str] = {}
    for name, build in OUTSIDER_OBJECTS.items():  # in order: a contact needs its customer
        if name in names:
            ids[name] = str(build(queue, agent, ids))
    return ids


def _no_body(user, users_queue):
    """A request without a body (reads, and writes that need none)."""
    return {}


SCOPED = [
    e for e in ENDPOINTS if set(_path_ids(e.path)) <= set(OUTSIDER_OBJECTS) and "agent" in e.roles
]


def test_every_id_an_agent_can_name_has_a_builder_or_is_shared_by_design():
    named = {name for e in ENDPOINTS if "agent" in e.roles for name in _path_ids(e.path)}

    assert named - set(OUTSIDER_OBJECTS) - set(SHARED_BY_DESIGN) == set()
    assert not set(OUTSIDER_OBJECTS) & set(SHARED_BY_DESIGN)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", SCOPED, ids=lambda e: f"{e.method} {e.path}")
def test_an_outsiders_request_for_another_queues_object_is_a_404(
    endpoint, outsider, other_queue, outsider_ids
):
    client = APIClient()
    client.force_login(outsider)
    body = WRITE_BODIES.get(endpoint.path, _no_body)

    def call(path):
        data = body(outsider, other_queue)
        return getattr(client, endpoint.method.lower())(path, data, **request_options(data))

    response = call(_concrete(endpoint.path, outsider_ids))
    missing = call(_concrete(endpoint.path))

    # Exactly what an id that does not exist gets: no data, and nothing telling that it exists.
    # Reads are 404; a write whose body its validation refuses first (400) is the same for both
    # (WRITE_BODIES gets the others past validation). A visitor's endpoints (public: the
    # visitor's token is the key) refuse a request without the token first (401), also the same.
    assert (response.status_code, response.json()) == (missing.status_code, missing.json())
    allowed = (404,) if endpoint.method == "GET" else (400, 404)
    assert response.status_code in (allowed if endpoint.perm else (*allowed, 401))


# For the outsider, a request naming an object is answered as for a missing id; for the queue's
# own agent, as something else (a read is 200): the builders make real objects that the queue's
# people reach, so the outsider's 404 is not that of a broken builder.
QUERIES = {
    "/api/v1/quality/ledger/<int:agent_id>/": lambda: {
        "month": timezone.localdate().strftime("%Y-%m")
    }
}
# Writes the agent may not make either, by design (the object is still theirs to see).
NOT_THE_AGENTS_TO_MAKE = {
    # the agent asked for the swap; only the colleague asked answers it (404 for anyone else)
    "/api/v1/shifts/swaps/<int:swap_id>/answer/",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint",
    [e for e in SCOPED if e.perm and e.path not in NOT_THE_AGENTS_TO_MAKE],
    ids=lambda e: f"{e.method} {e.path}",
)
def test_the_same_request_by_the_queues_own_agent_finds_the_object(
    endpoint, agent, queue, outsider_ids
):
    client = APIClient()
    client.force_login(agent)
    body = WRITE_BODIES.get(endpoint.path, _no_body)

    def call(path):
        if endpoint.method == "GET":
            return client.get(path, QUERIES.get(endpoint.path, dict)())
        data = body(agent, queue)
        return getattr(client, endpoint.method.lower())(path, data, **request_options(data))

    missing = call(_concrete(endpoint.path))
    response = call(_concrete(endpoint.path, outsider_ids))

    assert response.status_code < 500, response.content[:500]
    if endpoint.method == "GET":
        assert response.status_code == 200, response.content[:500]
    else:
        assert response.status_code != missing.status_code, response.content[:500]
