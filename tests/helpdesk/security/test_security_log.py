"""The security log: sign-ins (also the admin's form), failures, sign-outs, permission changes."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from helpdesk.accounts import services as accounts
from helpdesk.accounts.models import SecurityEvent
from helpdesk.queues import configuration
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _kinds(**filters):
    return list(
        SecurityEvent.objects.filter(**filters).order_by("id").values_list("kind", flat=True)
    )


def test_api_sign_in_failure_and_sign_out_are_recorded_with_the_address(agent):
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    client.post("/api/v1/auth/login/", {"username": "agent", "password": "nope"}, format="json")
    client.post("/api/v1/auth/login/", {"username": "agent", "password": PASSWORD}, format="json")
    client.post("/api/v1/auth/logout/")

    events = list(SecurityEvent.objects.order_by("id"))
    assert [e.kind for e in events] == ["login_failed", "login_succeeded", "logout"]
    assert {e.user_id for e in events} == {agent.pk}
    assert {e.ip_address for e in events} == {"203.0.113.5"}


def test_a_failure_for_an_unknown_username_keeps_what_was_typed():
    APIClient().post("/api/v1/auth/login/", {"username": "ghost", "password": "x"}, format="json")

    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.username) == ("login_failed", None, "ghost")


def test_the_admin_login_form_is_recorded_too():
    UserFactory(username="boss", is_staff=True, roles=["manager"])

    Client().post("/admin/login/", {"username": "boss", "password": PASSWORD})

    assert _kinds(username="boss") == ["login_succeeded"]


def test_a_lock_out_is_recorded(agent, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        APIClient().post(
            "/api/v1/auth/login/", {"username": "agent", "password": "x"}, format="json"
        )

    assert "login_locked" in _kinds(user=agent)


def test_role_grants_and_revocations_name_who_made_them(agent, manager):
    accounts.user_set_roles(user=agent, roles=["supervisor", "complaint_handler"], actor=manager)

    events = SecurityEvent.objects.filter(user=agent).order_by("id")
    assert [(e.kind, e.detail["role"], e.actor_id) for e in events] == [
        ("role_granted", "complaint_handler", manager.pk),
        ("role_granted", "supervisor", manager.pk),
        ("role_revoked", "agent", manager.pk),
    ]


def test_queue_memberships_added_changed_and_removed_are_recorded(queue, manager):
    person = UserFactory(roles=["agent", "supervisor"])

    configuration.membership_set(queue=queue, user=person, role="agent", actor=manager)
    configuration.membership_set(queue=queue, user=person, role="agent", actor=manager, capacity=3)
    configuration.membership_set(queue=queue, user=person, role="supervisor", actor=manager)
    configuration.membership_remove(queue=queue, user_id=person.pk, actor=manager)

    events = SecurityEvent.objects.filter(user=person).order_by("id")
    assert [(e.kind, e.detail["role"], e.detail["queue"]) for e in events] == [
        ("queue_member_added", "agent", queue.pk),
        ("queue_member_changed", "supervisor", queue.pk),
        ("queue_member_removed", "supervisor", queue.pk),
    ]
    assert {e.actor_id for e in events} == {manager.pk}


def test_the_admin_form_records_roles_and_privilege_flags(agent):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True, roles=["manager"])
    client = Client()
    client.force_login(boss)
    role = agent.roles.get()
    form = {
        "username": "agent",
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "language": "",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "1",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-id": str(role.pk),
        "roles-0-user": str(agent.pk),
        "roles-0-role": "agent",
        "roles-1-user": str(agent.pk),
        "roles-1-role": "supervisor",
    }

    response = client.post(f"/admin/accounts/user/{agent.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:3000]
    events = SecurityEvent.objects.filter(user=agent).order_by("id")
    assert [(e.kind, e.detail, e.actor_id) for e in events] == [
        ("account_changed", {"is_staff": True}, boss.pk),
        ("role_granted", {"role": "supervisor"}, boss.pk),
    ]


def test_managers_read_the_log_newest_first_filtered_by_kind(
    client_for, manager, agent, django_assert_num_queries
):
    for _ in range(3):
        APIClient().post(
            "/api/v1/auth/login/", {"username": "agent", "password": "x"}, format="json"
        )
    accounts.user_set_roles(user=agent, roles=["agent", "supervisor"], actor=manager)
    client = client_for(manager)

    with django_assert_num_queries(5):  # session, user, roles, count, the page (joined)
        response = client.get("/api/v1/security/events/?kind=login_failed")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 3
    assert [row["kind"] for row in body["results"]] == ["login_failed"] * 3
    assert body["results"][0]["user"] == {"id": agent.pk, "name": agent.name}
    granted = client.get(f"/api/v1/security/events/?user={agent.pk}&kind=role_granted").json()
    assert granted["results"][0]["actor"]["id"] == manager.pk


def test_the_log_is_the_managers_alone(client_for, supervisor):
    response = client_for(supervisor).get("/api/v1/security/events/")

    assert response.status_code == 403
