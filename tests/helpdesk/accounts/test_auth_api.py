"""Signing in and out, CSRF, API tokens, the current user, and the brute-force lock-out."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password=PASSWORD):
    return client.post(
        "/api/v1/auth/login/", {"username": username, "password": password}, format="json"
    )


def test_a_user_signs_in_and_sees_their_roles_queues_and_permissions(agent, queue):
    client = APIClient()

    response = _login(client, "agent")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "agent"
    assert body["roles"] == ["agent"]
    assert body["queues"] == [{"queue": queue.pk, "queue_name": "Support", "role": "agent"}]
    assert "inbox.read" in body["permissions"]
    assert "workitem.assign" not in body["permissions"]
    assert client.get("/api/v1/me/").json()["id"] == agent.pk


def test_a_wrong_password_is_a_400_in_the_error_shape(agent):
    response = _login(APIClient(), "agent", "wrong")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "The username or password is not correct.",
        "fields": {},
    }


def test_repeated_failures_lock_the_account_even_for_the_right_password(agent):
    client = APIClient()
    for _ in range(5):
        _login(client, "agent", "wrong")

    response = _login(client, "agent")

    assert response.status_code == 429
    assert response.json()["code"] == "login_locked"
    assert APIClient().get("/api/v1/me/").status_code == 401


def test_the_lock_out_ends_after_the_cool_off(agent, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    client = APIClient()
    for _ in range(5):
        _login(client, "agent", "wrong")
    assert _login(client, "agent").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert _login(client, "agent").status_code == 200


def test_one_locked_user_does_not_lock_another(agent, agent2):
    client = APIClient()
    for _ in range(5):
        _login(client, "agent", "wrong")

    assert _login(client, "agent2").status_code == 200


def test_unknown_login_fields_are_refused():
    response = APIClient().post(
        "/api/v1/auth/login/", {"username": "a", "password": "b", "admin": True}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"
    assert response.json()["fields"] == {"admin": ["Unknown field."]}


def test_session_writes_need_the_csrf_token(agent):
    client = APIClient(enforce_csrf_checks=True)
    csrf = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
    assert (
        client.post(
            "/api/v1/auth/login/",
            {"username": "agent", "password": PASSWORD},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        ).status_code
        == 200
    )

    without = client.post("/api/v1/auth/logout/")
    assert without.status_code == 403
    assert without.json()["code"] == "permission_denied"

    token = client.cookies["csrftoken"].value
    assert client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_an_integration_uses_a_token_and_rotating_it_revokes_the_old_one(agent):
    client = APIClient()
    client.force_authenticate(agent)
    first = client.post("/api/v1/auth/token/").json()["token"]
    second = client.post("/api/v1/auth/token/").json()["token"]

    integration = APIClient()
    integration.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert integration.get("/api/v1/me/").status_code == 401
    integration.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert integration.get("/api/v1/me/").json()["username"] == "agent"


def test_anonymous_requests_get_401_in_the_error_shape():
    response = APIClient().get("/api/v1/inbox/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_an_inactive_user_cannot_sign_in():
    UserFactory(username="gone", roles=["agent"], is_active=False)

    assert _login(APIClient(), "gone").status_code == 400


def test_a_user_with_no_role_is_refused_everywhere_but_their_profile():
    user = UserFactory(username="norole")
    client = APIClient()
    client.force_authenticate(user)

    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/inbox/").status_code == 403


def test_language_and_time_zone_are_remembered_and_translate_errors(agent):
    client = APIClient()
    client.force_authenticate(agent)

    response = client.patch("/api/v1/me/", {"language": "zh-hans", "time_zone": "Asia/Shanghai"})
    assert response.status_code == 200
    assert (response.json()["language"], response.json()["time_zone"]) == (
        "zh-hans",
        "Asia/Shanghai",
    )

    bad = client.patch("/api/v1/me/", {"time_zone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert bad.json()["fields"] == {"time_zone": ["Unknown time zone."]}


def test_error_messages_follow_the_browser_language():
    response = APIClient().post(
        "/api/v1/auth/login/",
        {"username": "nobody", "password": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-Hans",
    )

    assert response.json()["message"] == "用户名或密码不正确。"
