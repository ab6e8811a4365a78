"""Shared fixtures: people in roles, a queue with members, and API clients signed in as them."""

import uuid

import pytest
from rest_framework.test import APIClient

from tests.factories import MembershipFactory, QueueFactory, UserFactory


@pytest.fixture(autouse=True)
def _own_rate_limits(monkeypatch):
    """Each test counts its own requests (helpdesk/common/ratelimit.py), as on a fresh server.

    Set on Django's settings directly (restored after the test), not through pytest-django's
    ``settings`` fixture: that one swaps in an override holder for every test (which, among
    other things, has no SETTINGS_MODULE) and clashes with modules defining their own
    ``settings`` fixture."""
    from django.conf import settings

    monkeypatch.setattr(
        settings, "RATE_LIMIT_PREFIX", f"{settings.RATE_LIMIT_PREFIX}:{uuid.uuid4().hex[:12]}"
    )


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def client_for():
    """``client_for(user)``: an API client signed in (by session) as ``user``.

    Each request loads the user afresh, as in production (no state cached between requests).
    """

    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def queue(db):
    return QueueFactory(name="Support", slug="support")


@pytest.fixture
def other_queue(db):
    return QueueFactory(name="Billing", slug="billing")


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", roles=["manager"])


@pytest.fixture
def supervisor(queue):
    user = UserFactory(username="supervisor", roles=["supervisor"])
    MembershipFactory(queue=queue, user=user, role="supervisor", accepts_routing=False)
    return user


@pytest.fixture
def agent(queue):
    user = UserFactory(username="agent", roles=["agent"])
    MembershipFactory(queue=queue, user=user, role="agent")
    return user


@pytest.fixture
def agent2(queue):
    user = UserFactory(username="agent2", roles=["agent"])
    MembershipFactory(queue=queue, user=user, role="agent")
    return user


@pytest.fixture
def outsider(other_queue):
    """An agent of another queue: must never see the first queue's items."""
    user = UserFactory(username="outsider", roles=["agent"])
    MembershipFactory(queue=other_queue, user=user, role="agent")
    return user


def pytest_collection_modifyitems(session, config, items):
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread
    for the rest of the session, which async tests and async_to_sync cannot share."""
    items.sort(key=lambda item: "e2e" in item.path.parts)
