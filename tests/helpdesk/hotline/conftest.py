"""The hotline's fixtures: an integration, agents on extensions, and a signed-event client that
posts to the webhook exactly as a telephone system would (raw JSON body, three headers)."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from helpdesk.hotline.models import TelephonyIntegration
from helpdesk.hotline.signing import signed_headers

EVENTS_URL = "/api/v1/hotline/events/"
HOTLINE_NUMBER = "4008001234"
SECRET = "test-secret-0123456789"


def _meta(headers: dict[str, str]) -> dict[str, str]:
    return {
        "HTTP_" + name.upper().replace("-", "_"): value
        for name, value in headers.items()
        if name != "Content-Type"
    }


class Pbx:
    """Signed events to the webhook through Django's test client."""

    def __init__(self, api, integration: TelephonyIntegration):
        self.api = api
        self.integration = integration

    def post_raw(
        self,
        body: bytes,
        *,
        secret: str | None = None,
        sent_at: float | None = None,
        headers: dict[str, str] | None = None,
        drop: tuple[str, ...] = (),
    ):
        signed = signed_headers(
            self.integration.name, secret or self.integration.secret, body, now=sent_at
        )
        signed.update(headers or {})
        for name in drop:
            signed.pop(name, None)
        return self.api.generic(
            "POST", EVENTS_URL, body, content_type="application/json", **_meta(signed)
        )

    def post(self, event: dict, **kwargs):
        return self.post_raw(json.dumps(event).encode(), **kwargs)

    def new_call(
        self,
        call_id: str,
        caller: str = "13800138000",
        *,
        at: float | None = None,
        agent: str = "",
        queue: str = "",
        direction: str = "inbound",
        to: str = HOTLINE_NUMBER,
        **kwargs,
    ):
        event = {
            "event": "new_call",
            "call_id": call_id,
            "timestamp": time.time() if at is None else at,
            "direction": direction,
            "from": caller,
            "to": to,
            "agent": agent,
        }
        if queue:
            event["queue"] = queue
        return self.post(event, **kwargs)

    def answered(self, call_id: str, *, at: float | None = None, agent: str = "", **kwargs):
        event = {
            "event": "answered",
            "call_id": call_id,
            "timestamp": time.time() if at is None else at,
        }
        if agent:
            event["agent"] = agent
        return self.post(event, **kwargs)

    def hangup(
        self, call_id: str, cause: str = "normal_clearing", *, at: float | None = None, **kwargs
    ):
        event = {
            "event": "hangup",
            "call_id": call_id,
            "timestamp": time.time() if at is None else at,
            "cause": cause,
        }
        return self.post(event, **kwargs)


@pytest.fixture
def integration(queue):
    return TelephonyIntegration.objects.create(name="test-pbx", secret=SECRET, default_queue=queue)


@pytest.fixture
def pbx(api, integration):
    return Pbx(api, integration)


@pytest.fixture
def call_id():
    return f"c-{uuid.uuid4().hex[:12]}"


def on_extension(user, extension: str):
    user.extension = extension
    user.save(update_fields=["extension"])
    return user


@pytest.fixture
def agent_on_8001(agent):
    return on_extension(agent, "8001")


@pytest.fixture
def agent2_on_8002(agent2):
    return on_extension(agent2, "8002")
