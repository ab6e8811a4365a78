"""Missed calls become ring-backs: folded per number within the window, with their own SLA, and
completed by a call back (or by the customer getting through)."""

import threading
import time

import pytest
from django.db import connection

from helpdesk.hotline.models import Call, RingBack
from helpdesk.queues.models import Kind, Status, WorkItemLink
from helpdesk.sla.models import SlaPolicy
from tests.factories import CustomerFactory, QueueFactory

pytestmark = pytest.mark.django_db

T0 = time.time() - 4 * 3600
MINUTE = 60


def _miss(pbx, call_id, caller="13800138000", at=T0, cause="no_answer", **kwargs):
    pbx.new_call(call_id, caller, at=at, **kwargs)
    response = pbx.hangup(call_id, cause, at=at + 25)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_missed_call_opens_a_ringback_in_the_calls_queue(pbx, queue):
    answer = _miss(pbx, "m1")

    ringback = RingBack.objects.select_related("item").get()
    assert answer["ringback"] == ringback.pk
    assert ringback.item.kind == Kind.CALLBACK
    assert ringback.item.reference == f"R-{ringback.pk:06d}"
    assert ringback.item.queue == ringback.queue == queue
    assert ringback.item.status == Status.NEW
    assert (ringback.number, ringback.missed_count, ringback.folding) == ("+8613800138000", 1, True)
    assert ringback.item.subject == "Ring back +8613800138000"
    assert list(ringback.calls.values_list("pbx_call_id", flat=True)) == ["m1"]


def test_missed_calls_from_one_number_within_the_window_fold_into_one(pbx, settings):
    settings.HOTLINE_RINGBACK_FOLD_MINUTES = 60
    _miss(pbx, "m1", at=T0)
    _miss(pbx, "m2", at=T0 + 20 * MINUTE, cause="originator_cancel")
    _miss(pbx, "m3", at=T0 + 75 * MINUTE, cause="voicemail")  # 55 min after the last one
    _miss(pbx, "other", "13900139000", at=T0 + 5 * MINUTE)

    ringback = RingBack.objects.get(number="+8613800138000")
    assert ringback.missed_count == 3
    assert sorted(ringback.calls.values_list("pbx_call_id", flat=True)) == ["m1", "m2", "m3"]
    assert ringback.first_missed_at.timestamp() == pytest.approx(T0, abs=0.01)
    assert ringback.last_missed_at.timestamp() == pytest.approx(T0 + 75 * MINUTE, abs=0.01)
    assert RingBack.objects.count() == 2
    assert ringback.item.events.filter(verb="updated").count() == 2


def test_a_missed_call_after_the_window_opens_a_new_ringback_linked_to_the_old(pbx, settings):
    settings.HOTLINE_RINGBACK_FOLD_MINUTES = 60
    _miss(pbx, "m1", at=T0)
    _miss(pbx, "m2", at=T0 + 61 * MINUTE)

    old, new = RingBack.objects.order_by("pk")
    assert (old.missed_count, old.folding) == (1, False)
    assert (new.missed_count, new.folding) == (1, True)
    assert old.item.status == new.item.status == Status.NEW  # the old one is still work
    assert WorkItemLink.objects.filter(source=new.item, target=old.item).exists()


def test_each_queue_has_its_own_ringback(pbx):
    QueueFactory(slug="vip")
    _miss(pbx, "m1")
    _miss(pbx, "m2", queue="vip")

    assert sorted(RingBack.objects.values_list("queue__slug", flat=True)) == ["support", "vip"]


def test_answered_and_inbound_unmissed_calls_open_none(pbx):
    pbx.new_call("a1", at=T0)
    pbx.answered("a1", at=T0 + 5)
    pbx.hangup("a1", at=T0 + 60)

    assert not RingBack.objects.exists()


def test_the_ringback_carries_the_callers_customer_file(pbx):
    customer = CustomerFactory(name="吴芳")
    customer.contacts.create(kind="phone", value="+8613800138000")

    _miss(pbx, "m1")

    ringback = RingBack.objects.get()
    assert ringback.item.customer == customer
    assert ringback.item.subject == "Ring back 吴芳 (+8613800138000)"


def test_a_ringback_runs_its_own_sla_policy(pbx, queue):
    SlaPolicy.objects.create(queue=queue, first_response_minutes=240, resolution_minutes=480)
    SlaPolicy.objects.create(
        queue=queue, kind=Kind.CALLBACK, first_response_minutes=30, resolution_minutes=120
    )

    _miss(pbx, "m1")

    ringback = RingBack.objects.get()
    item = ringback.item
    due_in = (item.first_response_due - item.created_at).total_seconds()
    assert due_in == pytest.approx(30 * 60, abs=5)
    assert set(item.sla_clocks.values_list("kind", "policy__kind")) == {
        ("first_response", "callback"),
        ("resolution", "callback"),
    }


def test_a_call_back_that_reaches_the_customer_completes_the_ringback(
    pbx, client_for, agent, queue
):
    SlaPolicy.objects.create(
        queue=queue, kind=Kind.CALLBACK, first_response_minutes=30, resolution_minutes=120
    )
    _miss(pbx, "m1")
    ringback = RingBack.objects.get()

    response = client_for(agent).post(
        "/api/v1/hotline/calls/",
        {"direction": "outbound", "to": "13800138000", "state": "answered", "item": ringback.pk},
    )

    assert response.status_code == 201, response.content
    ringback.refresh_from_db()
    call_back = Call.objects.get(pk=response.json()["id"])
    assert ringback.item.status == Status.RESOLVED
    assert ringback.completed_by_call == call_back
    assert ringback.folding is False
    assert ringback.item.first_response_at is not None
    clocks = dict(ringback.item.sla_clocks.values_list("kind", "state"))
    assert clocks == {"first_response": "met", "resolution": "met"}
    assert call_back.regarding_id == ringback.pk
    links = response.json()["links"]
    assert [(link["kind"], link["item"]["id"]) for link in links] == [("relates", ringback.pk)]

    _miss(pbx, "m2", at=time.time() - 60)  # the number calls again and is missed: a new one
    assert RingBack.objects.count() == 2


def test_a_call_back_nobody_answers_counts_an_attempt_and_keeps_it_open(pbx, client_for, agent):
    _miss(pbx, "m1")
    ringback = RingBack.objects.get()

    response = client_for(agent).post(
        "/api/v1/hotline/calls/",
        {"direction": "outbound", "to": "13800138000", "state": "missed", "item": ringback.pk},
    )

    assert response.status_code == 201
    ringback.refresh_from_db()
    assert ringback.attempts == 1
    assert ringback.item.status == Status.NEW
    assert ringback.item.first_response_at is not None  # we tried: that is the response


def test_an_outbound_pbx_call_to_the_number_completes_its_ringback(pbx):
    _miss(pbx, "m1")
    pbx.new_call("out", "4008001234", to="13800138000", direction="outbound", at=T0 + 600)
    assert RingBack.objects.get().item.status == Status.NEW  # ringing: nobody reached yet

    pbx.answered("out", at=T0 + 610)

    ringback = RingBack.objects.get()
    assert ringback.item.status == Status.RESOLVED
    assert ringback.completed_by_call.pbx_call_id == "out"


def test_the_customer_getting_through_completes_their_ringback(pbx):
    _miss(pbx, "m1")

    pbx.new_call("again", at=T0 + 600)
    pbx.answered("again", at=T0 + 605)

    ringback = RingBack.objects.get()
    assert ringback.item.status == Status.RESOLVED
    assert ringback.completed_by_call.pbx_call_id == "again"


def test_a_ringback_can_be_closed_with_a_reason(pbx, client_for, agent):
    _miss(pbx, "m1")
    ringback = RingBack.objects.get()
    url = f"/api/v1/hotline/ringbacks/{ringback.pk}/close/"

    refused = client_for(agent).post(url, {"reason": ""})
    closed = client_for(agent).post(url, {"reason": "Nuisance caller"})
    again = client_for(agent).post(url, {"reason": "Nuisance caller"})

    assert refused.status_code == 400
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert again.status_code == 409
    ringback.refresh_from_db()
    assert ringback.folding is False


@pytest.mark.django_db(transaction=True)
def test_missed_calls_processed_at_once_fold_into_one_ringback(integration, queue):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: nothing runs at once")
    from django.db import close_old_connections
    from rest_framework.test import APIClient

    from .conftest import Pbx

    for n in range(6):
        Pbx(APIClient(), integration).new_call(f"c{n}", at=T0 + n)
    barrier = threading.Barrier(6)
    codes = []

    def hang_up(n):
        client = Pbx(APIClient(), integration)
        barrier.wait()
        try:
            codes.append(client.hangup(f"c{n}", "no_answer", at=T0 + 30 + n).status_code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=hang_up, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert codes == [200] * 6
    ringback = RingBack.objects.get()
    assert ringback.missed_count == 6
    assert ringback.calls.count() == 6
