"""What the API fuzzer found, pinned as plain tests (each failed before its fix)."""

import json

import pytest

from orders.models import CallbackAnomaly

pytestmark = pytest.mark.django_db


def test_a_callback_body_that_postgresql_cannot_store_is_refused_and_recorded(api):
    # NUL and an unpaired surrogate: jsonb refuses both (this was a 500).
    body = json.dumps({"status\u0000": "x\ud800y", "sign": ["\u0000"]})

    response = api.post(
        "/api/v1/orders/callbacks/999999/", data=body, content_type="application/json"
    )

    assert response.status_code == 401
    assert response.json() == {"code": "bad_signature"}
    anomaly = CallbackAnomaly.objects.get()
    assert anomaly.body == {"status\ufffd": "x\ufffdy", "sign": ["\ufffd"]}


def test_dates_before_1980_or_after_9998_are_refused(client_for, manager):
    # Year 156 in Asia/Shanghai has a local-mean-time offset in seconds (+08:05:43): echoed
    # back, it was not a valid RFC 3339 date-time.
    client = client_for(manager)

    response = client.get("/api/v1/hotline/figures/", {"until": "0156-01-28T12:00:00Z"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"until": ["Enter a date between 1980 and 9998."]}
    assert (
        client.get("/api/v1/hotline/figures/", {"until": "2026-01-28T12:00:00Z"}).status_code == 200
    )


def test_an_unknown_calendar_feed_answers_its_error_as_json(api):
    response = api.get("/api/v1/shifts/calendar/no-such-token.ics")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
