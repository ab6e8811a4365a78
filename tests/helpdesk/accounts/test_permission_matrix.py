"""Each role × each API endpoint: refused (403) exactly when the role lacks the permission."""

import re

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from helpdesk.accounts.matrix import api_endpoints, render_markdown, undeclared
from helpdesk.accounts.roles import Role
from tests.factories import UserFactory

ENDPOINTS = api_endpoints()
PUBLIC = {
    "/api/v1/auth/csrf/",
    "/api/v1/auth/login/",
    # The chat's visitor side: no session; the conversation's token is checked in the view.
    "/api/v1/chat/widget/status/",
    "/api/v1/chat/visitor/conversations/",
    "/api/v1/chat/visitor/offline-messages/",
    "/api/v1/chat/visitor/conversations/<int:conversation_id>/",
    "/api/v1/chat/visitor/conversations/<int:conversation_id>/messages/",
    "/api/v1/chat/visitor/conversations/<int:conversation_id>/attachments/",
    "/api/v1/chat/visitor/conversations/<int:conversation_id>/end/",
    "/api/v1/chat/visitor/conversations/<int:conversation_id>/rating/",
    # A chat file: the session of an agent who sees the chat, or the visitor's token.
    "/api/v1/chat/attachments/<int:message_id>/",
    # A person's iCal feed: the secret in the address is the key (calendar apps sign in to
    # nothing).
    "/api/v1/shifts/calendar/<str:token>.ics",
    # Suppliers' callbacks: no session; the signature is checked before anything is read.
    "/api/v1/orders/callbacks/<int:channel_id>/",
    # The telephone system's call events: no session; signed like the suppliers' callbacks.
    "/api/v1/hotline/events/",
    # A customer's satisfaction rating link: the signed, single-use token is the key.
    "/api/v1/quality/rate/<str:token>/",
    # A customer's survey link: the signed, single-use token is the key.
    "/api/v1/quality/survey/<str:token>/",
}


def _concrete(path: str) -> str:
    # Ids that do not exist: an allowed role reaches the view and gets 404/400, never 403.
    return re.sub(r"<int:\w+>", "987654", path)


def test_every_endpoint_declares_a_permission_for_every_method():
    assert undeclared(ENDPOINTS) == []
    assert {e.path for e in ENDPOINTS if e.perm is None} == PUBLIC


def test_the_documented_matrix_is_current():
    documented = (settings.BASE_DIR / "docs" / "permissions.md").read_text()
    assert documented == render_markdown(), "run: manage.py permission_matrix"


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e.perm is not None], ids=lambda e: f"{e.method} {e.path}"
)
def test_a_role_is_refused_exactly_where_the_matrix_says(role, endpoint):
    client = APIClient()
    client.force_login(UserFactory(roles=[role]))

    response = getattr(client, endpoint.method.lower())(_concrete(endpoint.path), {})

    if role in endpoint.roles:
        assert response.status_code != 403, response.content
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e.perm is not None], ids=lambda e: f"{e.method} {e.path}"
)
def test_anonymous_callers_get_401(endpoint):
    response = getattr(APIClient(), endpoint.method.lower())(_concrete(endpoint.path), {})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


# The rules a department states, written out by hand so a change to the code must change them.
SPEC = {
    ("POST", "/api/v1/items/<int:item_id>/assign/"): {"manager", "supervisor"},
    ("POST", "/api/v1/queues/"): {"manager", "supervisor"},
    ("GET", "/api/v1/users/"): {"manager", "supervisor"},
    ("POST", "/api/v1/staffing/erlang-c/"): {"manager", "supervisor"},
    ("GET", "/api/v1/inbox/"): set(Role.values),
    ("POST", "/api/v1/items/<int:item_id>/take/"): set(Role.values),
    ("POST", "/api/v1/canned-responses/"): {"manager", "supervisor"},
    ("POST", "/api/v1/chat/conversations/<int:conversation_id>/takeover/"): {
        "manager",
        "supervisor",
    },
    ("POST", "/api/v1/chat/conversations/<int:conversation_id>/accept/"): {
        "manager",
        "supervisor",
        "agent",
    },
    ("GET", "/api/v1/hotline/calls/"): {"manager", "supervisor", "agent"},
    ("POST", "/api/v1/hotline/calls/"): {"manager", "supervisor", "agent"},
    ("GET", "/api/v1/hotline/anomalies/"): {"manager", "supervisor"},
    # Complaints: the manager approves every resolution (and alone sends one back); anyone who
    # meets a customer may open one; the handlers, their supervisors and managers work them.
    ("POST", "/api/v1/complaints/<int:complaint_id>/approve/"): {"manager"},
    ("POST", "/api/v1/complaints/<int:complaint_id>/send-back/"): {"manager"},
    ("POST", "/api/v1/complaints/"): set(Role.values),
    ("GET", "/api/v1/complaints/board/"): {"manager", "supervisor", "complaint_handler"},
    ("POST", "/api/v1/complaints/<int:complaint_id>/propose/"): {
        "manager",
        "supervisor",
        "complaint_handler",
    },
}


@pytest.mark.parametrize(("key", "roles"), list(SPEC.items()), ids=lambda v: str(v))
def test_the_stated_rules_hold(key, roles):
    method, path = key
    endpoint = next(e for e in ENDPOINTS if (e.method, e.path) == (method, path))
    assert set(endpoint.roles) == roles
