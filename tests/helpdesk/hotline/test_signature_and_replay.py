"""The webhook's door: a signature over timestamp and raw body, a timestamp window, repeats
answered once. Every refusal is 4xx in the shared shape, recorded, and writes no call."""

import hashlib
import hmac
import json
import re
import time
from pathlib import Path

import pytest
from django.conf import settings

from helpdesk.hotline import signing
from helpdesk.hotline.models import Call, CallEventReceipt, HotlineAnomaly
from helpdesk.queues.models import WorkItem, WorkItemEvent

from .conftest import SECRET

pytestmark = pytest.mark.django_db

EVENT = {
    "event": "new_call",
    "call_id": "1767225600.42",
    "timestamp": 1767225600,
    "from": "13800138000",
    "to": "4008001234",
}


def _written():
    return (
        Call.objects.count(),
        WorkItem.objects.count(),
        WorkItemEvent.objects.count(),
        CallEventReceipt.objects.count(),
    )


# --- the signature itself -------------------------------------------------------------------------


def test_the_signature_is_the_hmac_of_timestamp_dot_body():
    body = b'{"event":"new_call"}'
    # Computed apart from this code:
    # printf '%s' '1767225600.{"event":"new_call"}' | openssl dgst -sha256 -hmac k
    expected = hmac.new(b"k", b"1767225600." + body, hashlib.sha256).hexdigest()

    assert signing.signature("k", 1767225600, body) == f"sha256={expected}"
    assert signing.verify("k", "1767225600", body, f"sha256={expected}")
    assert signing.verify("k", "1767225600", body, f"sha256={expected.upper()}")


def test_the_example_of_the_protocol_page_holds():
    page = (Path(settings.BASE_DIR) / "docs" / "hotline-protocol.md").read_text()
    body = re.search(r"^(\{\"event\":\"new_call\".*\})$", page, re.M).group(1).encode()
    given = re.search(r"X-Hotline-Signature: (sha256=[0-9a-f]{64})", page).group(1)

    assert signing.verify("example-secret", "1767225600", body, given)


@pytest.mark.parametrize(
    "timestamp,body,given",
    [
        ("1767225601", b"{}", None),  # another timestamp
        ("1767225600", b"{ }", None),  # another body
        ("1767225600", b"{}", ""),  # empty
        ("1767225600", b"{}", "sha1=abc"),  # another scheme
        ("1767225600", b"{}", "sha256=zz"),  # not hex
        ("-1", b"{}", None),  # not a plain number
    ],
)
def test_verify_refuses_anything_else(timestamp, body, given):
    good = signing.signature("k", 1767225600, b"{}")
    assert not signing.verify("k", timestamp, body, good if given is None else given)


# --- through the webhook ----------------------------------------------------------------------------


def test_a_signed_fresh_event_is_accepted(pbx):
    response = pbx.post({**EVENT, "timestamp": time.time()})

    assert response.status_code == 200, response.content
    assert response["X-Hotline-Duplicate"] == "false"
    assert response.json()["state"] == "ringing"


@pytest.mark.parametrize(
    "header", [signing.SIGNATURE_HEADER, signing.TIMESTAMP_HEADER, signing.INTEGRATION_HEADER]
)
def test_a_missing_header_is_401_signature_missing_and_recorded(pbx, header):
    before = _written()

    response = pbx.post(EVENT, drop=(header,))

    assert response.status_code == 401
    assert response.json()["code"] == "signature_missing"
    assert set(response.json()) == {"code", "message", "fields"}
    assert _written() == before
    assert HotlineAnomaly.objects.get().reason == "signature_missing"


def test_a_wrong_secret_is_401_and_the_unverified_body_is_not_kept(pbx):
    response = pbx.post({**EVENT, "timestamp": time.time()}, secret="not-the-secret")

    assert response.status_code == 401
    assert response.json()["code"] == "signature_invalid"
    anomaly = HotlineAnomaly.objects.get()
    assert anomaly.reason == "signature_invalid"
    assert anomaly.integration is not None
    assert "13800138000" not in json.dumps(anomaly.detail)
    assert not Call.objects.exists()


def test_a_body_changed_after_signing_is_401(pbx):
    body = json.dumps({**EVENT, "timestamp": time.time()}).encode()
    headers = signing.signed_headers("test-pbx", SECRET, body)
    tampered = body.replace(b"13800138000", b"13900139000")

    response = pbx.post_raw(tampered, headers=headers)

    assert response.status_code == 401
    assert not Call.objects.exists()


def test_an_unknown_or_inactive_integration_is_401(pbx, integration):
    response = pbx.post(EVENT, headers={signing.INTEGRATION_HEADER: "someone-else"})
    assert (response.status_code, response.json()["code"]) == (401, "signature_invalid")

    integration.is_active = False
    integration.save()
    response = pbx.post({**EVENT, "timestamp": time.time()})
    assert (response.status_code, response.json()["code"]) == (401, "signature_invalid")


@pytest.mark.parametrize("offset", [-301, +301, -3600])
def test_a_timestamp_outside_the_window_is_401_stale_even_when_signed(pbx, offset):
    response = pbx.post({**EVENT, "timestamp": time.time()}, sent_at=time.time() + offset)

    assert response.status_code == 401
    assert response.json()["code"] == "stale_timestamp"
    assert HotlineAnomaly.objects.get().reason == "stale_timestamp"
    assert not Call.objects.exists()


def test_a_captured_request_replayed_after_the_window_is_refused(pbx, settings):
    settings.HOTLINE_SIGNATURE_WINDOW_SECONDS = 300
    body = json.dumps({**EVENT, "call_id": "replayed", "timestamp": time.time() - 400}).encode()
    captured = signing.signed_headers("test-pbx", SECRET, body, now=time.time() - 400)
    # The attacker cannot re-sign; a fresh timestamp header breaks the signature.
    fresh = {**captured, signing.TIMESTAMP_HEADER: str(int(time.time()))}

    assert pbx.post_raw(body, headers=captured).json()["code"] == "stale_timestamp"
    assert pbx.post_raw(body, headers=fresh).json()["code"] == "signature_invalid"
    assert not Call.objects.exists()


def test_a_repeat_within_the_window_gets_the_same_answer_and_writes_nothing(pbx):
    body = json.dumps({**EVENT, "timestamp": time.time()}).encode()
    headers = signing.signed_headers("test-pbx", SECRET, body)
    first = pbx.post_raw(body, headers=headers)
    written = _written()

    again = pbx.post_raw(body, headers=headers)  # the very same request, replayed
    resigned = pbx.post_raw(body)  # the telephone system retrying, signed afresh

    assert first.status_code == again.status_code == resigned.status_code == 200
    assert again.json() == resigned.json() == first.json()
    assert again["X-Hotline-Duplicate"] == resigned["X-Hotline-Duplicate"] == "true"
    assert _written() == written
    assert not HotlineAnomaly.objects.exists()


def test_a_repeat_with_another_body_keeps_the_first_answer_and_is_recorded(pbx):
    first = pbx.post({**EVENT, "timestamp": time.time()})
    call = Call.objects.get()

    again = pbx.post({**EVENT, "from": "13900139000", "timestamp": time.time()})

    assert again.status_code == 200
    assert again.json() == first.json()
    call.refresh_from_db()
    assert call.from_number == "+8613800138000"
    assert HotlineAnomaly.objects.get().reason == "duplicate_differs"


def test_a_body_over_the_limit_is_413(pbx, settings):
    settings.HOTLINE_EVENT_MAX_BYTES = 200
    response = pbx.post({**EVENT, "timestamp": time.time(), "extra": {"pad": "x" * 300}})

    assert response.status_code == 413
    assert response.json()["code"] == "event_too_large"


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_400_malformed(pbx, body):
    response = pbx.post_raw(body)

    assert response.status_code == 400
    assert response.json()["code"] == "malformed"
    assert HotlineAnomaly.objects.get().reason == "malformed"


@pytest.mark.parametrize(
    "change,field",
    [
        ({"event": "transfer"}, "event"),
        ({"call_id": "has spaces"}, "call_id"),
        ({"timestamp": "2026-01-01T09:00:00"}, "timestamp"),  # no offset
        ({"timestamp": time.time() + 3600}, "timestamp"),  # in the future
        ({"colour": "blue"}, "colour"),
        ({"event": "hangup"}, "cause"),
    ],
)
def test_malformed_fields_are_400_with_the_field_named(pbx, change, field):
    response = pbx.post({**EVENT, "timestamp": time.time(), **change})

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert HotlineAnomaly.objects.get().reason == "malformed"
    assert not Call.objects.exists()


def test_the_webhook_needs_no_session_nor_csrf(pbx, client_for, agent):
    pbx.api = client_for(agent)  # even a signed-in browser session changes nothing
    pbx.api.enforce_csrf_checks = True

    assert pbx.post({**EVENT, "timestamp": time.time()}).status_code == 200
