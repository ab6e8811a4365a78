"""A call's events: new_call, answered, hangup; in order, out of order, unknown, repeated."""

import threading
import time

import pytest
from django.db import connection

from helpdesk.hotline.models import Call, CallEventReceipt, HotlineAnomaly, RingBack
from helpdesk.queues.models import Kind, Status, WorkItem
from tests.factories import CustomerFactory, QueueFactory

pytestmark = pytest.mark.django_db

T0 = time.time() - 600  # the calls happened ten minutes ago


def _call(call_id) -> Call:
    return Call.objects.select_related("item").get(pbx_call_id=call_id)


def test_new_call_makes_a_ringing_call_work_item_in_the_queue(pbx, call_id, queue):
    response = pbx.new_call(call_id, "138 0013 8000", at=T0)

    assert response.status_code == 200
    call = _call(call_id)
    assert response.json() == {
        "event": "new_call",
        "call_id": call_id,
        "call": call.pk,
        "reference": f"H-{call.pk:06d}",
        "state": "ringing",
        "ringback": None,
    }
    assert (call.state, call.direction, call.source) == ("ringing", "inbound", "pbx")
    assert (call.from_number, call.to_number) == ("+8613800138000", "+864008001234")
    assert call.initiated_at.timestamp() == pytest.approx(T0, abs=0.01)
    assert call.item.kind == Kind.CALL
    assert call.item.queue == call.queue == queue
    assert call.item.status == Status.NEW
    assert call.item.subject == "Call from +8613800138000"
    assert call.item.events.get().verb == "created"


def test_an_answered_call_is_assigned_to_the_agent_and_timed(pbx, call_id, agent_on_8001):
    pbx.new_call(call_id, at=T0, agent="8001")
    pbx.answered(call_id, at=T0 + 12.4, agent="8001")
    response = pbx.hangup(call_id, "normal_clearing", at=T0 + 192.4)

    assert response.json()["state"] == "answered"
    call = _call(call_id)
    assert call.agent == agent_on_8001
    assert (call.wait_seconds, call.talk_seconds) == (12, 180)
    assert call.ended_at.timestamp() == pytest.approx(T0 + 192.4, abs=0.01)
    assert call.hangup_cause == "normal_clearing"
    item = call.item
    assert item.assignee == agent_on_8001
    assert item.status == Status.RESOLVED
    assert item.first_response_at == call.answered_at
    verbs = list(item.events.values_list("verb", flat=True))
    assert verbs == ["created", "assigned", "replied", "status_changed"]
    assert not RingBack.objects.exists()


def test_answered_without_an_extension_goes_to_the_agent_it_rang(pbx, call_id, agent_on_8001):
    pbx.new_call(call_id, at=T0, agent="8001")
    pbx.answered(call_id, at=T0 + 5)

    call = _call(call_id)
    assert call.state == "answered"
    assert call.item.assignee == agent_on_8001
    assert call.item.status == Status.OPEN


@pytest.mark.parametrize(
    "cause,state",
    [
        ("no_answer", "missed"),
        ("USER_BUSY", "missed"),
        ("originator_cancel", "abandoned"),
        ("normal_clearing", "abandoned"),  # the caller hung up while it rang
        ("voicemail", "voicemail"),
        ("something_new", "missed"),
    ],
)
def test_a_hangup_before_any_answer_is_missed_abandoned_or_voicemail(pbx, call_id, cause, state):
    pbx.new_call(call_id, at=T0)

    response = pbx.hangup(call_id, cause, at=T0 + 31)

    assert response.status_code == 200
    assert response.json()["state"] == state
    call = _call(call_id)
    assert (call.state, call.wait_seconds, call.talk_seconds) == (state, 31, None)
    assert call.item.status == Status.CLOSED
    assert response.json()["ringback"] == call.ringback_id is not None


def test_an_unanswered_outbound_call_is_missed_and_opens_no_ringback(pbx, call_id):
    pbx.new_call(call_id, "4008001234", to="13900139000", direction="outbound", at=T0)

    response = pbx.hangup(call_id, "originator_cancel", at=T0 + 20)

    assert response.json()["state"] == "missed"
    assert _call(call_id).to_number == "+8613900139000"
    assert not RingBack.objects.exists()


@pytest.mark.parametrize("event", ["answered", "hangup"])
def test_an_event_for_an_unknown_call_is_404_recorded_and_can_be_retried(pbx, call_id, event):
    early = getattr(pbx, event)(call_id, at=T0 + 10)

    assert early.status_code == 404
    assert early.json()["code"] == "unknown_call"
    anomaly = HotlineAnomaly.objects.get()
    assert (anomaly.reason, anomaly.event, anomaly.pbx_call_id) == ("unknown_call", event, call_id)
    assert not CallEventReceipt.objects.exists()

    pbx.new_call(call_id, at=T0)
    retried = getattr(pbx, event)(call_id, at=T0 + 10)

    assert retried.status_code == 200
    assert retried["X-Hotline-Duplicate"] == "false"


def test_a_late_answered_turns_a_missed_call_back_into_an_answered_one(pbx, call_id, agent_on_8001):
    pbx.new_call(call_id, at=T0, agent="8001")
    hung_up = pbx.hangup(call_id, "normal_clearing", at=T0 + 100)  # delivered first
    assert hung_up.json()["state"] == "abandoned"
    ringback = RingBack.objects.get()

    late = pbx.answered(call_id, at=T0 + 10, agent="8001")

    assert late.status_code == 200
    assert late.json()["state"] == "answered"
    call = _call(call_id)
    assert (call.wait_seconds, call.talk_seconds) == (10, 90)
    assert call.ringback is None
    assert call.item.status == Status.RESOLVED
    assert call.item.assignee == agent_on_8001
    ringback.refresh_from_db()
    assert (ringback.missed_count, ringback.folding) == (0, False)
    assert ringback.item.status == Status.CLOSED
    assert HotlineAnomaly.objects.filter(reason="out_of_order").count() == 1


def test_an_answer_timed_after_the_end_is_409_and_changes_nothing(pbx, call_id):
    pbx.new_call(call_id, at=T0)
    pbx.hangup(call_id, "no_answer", at=T0 + 30)

    response = pbx.answered(call_id, at=T0 + 40)

    assert response.status_code == 409
    assert response.json()["code"] == "call_ended"
    assert _call(call_id).state == "missed"
    assert HotlineAnomaly.objects.get().reason == "call_ended"


def test_a_repeated_hangup_answers_the_same_and_writes_nothing(pbx, call_id):
    pbx.new_call(call_id, at=T0)
    first = pbx.hangup(call_id, "no_answer", at=T0 + 30)
    events = WorkItem.objects.get(pk=first.json()["call"]).events.count()

    again = pbx.hangup(call_id, "no_answer", at=T0 + 30)

    assert again.json() == first.json()
    assert again["X-Hotline-Duplicate"] == "true"
    assert WorkItem.objects.get(pk=first.json()["call"]).events.count() == events
    assert RingBack.objects.get().missed_count == 1


@pytest.mark.parametrize("number", ["12345", "+86 138", "phone", "0000000000000000"])
def test_a_malformed_number_is_400_and_writes_no_call(pbx, call_id, number):
    response = pbx.new_call(call_id, number, at=T0)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_number"
    assert "from" in response.json()["fields"]
    assert not Call.objects.exists()
    assert not WorkItem.objects.exists()
    assert HotlineAnomaly.objects.get().reason == "invalid_number"


@pytest.mark.parametrize("withheld", ["", "anonymous", "Unknown"])
def test_a_withheld_caller_is_a_call_with_no_number_and_no_ringback(pbx, call_id, withheld):
    pbx.new_call(call_id, withheld, at=T0)
    response = pbx.hangup(call_id, "no_answer", at=T0 + 20)

    assert response.json()["state"] == "missed"
    call = _call(call_id)
    assert call.from_number == ""
    assert call.item.subject == "Call from a withheld number"
    assert not RingBack.objects.exists()


def test_an_outbound_call_needs_the_number_it_rang(pbx, call_id):
    response = pbx.new_call(call_id, "4008001234", to="", direction="outbound", at=T0)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_number"
    assert "to" in response.json()["fields"]


def test_a_named_queue_is_used_and_an_unknown_one_falls_back_recorded(pbx, queue):
    other = QueueFactory(slug="vip")
    pbx.new_call("named", at=T0, queue="vip")
    pbx.new_call("unnamed", at=T0, queue="nowhere")

    assert _call("named").queue == other
    assert _call("unnamed").queue == queue
    anomaly = HotlineAnomaly.objects.get()
    assert (anomaly.reason, anomaly.detail) == ("unknown_queue", {"queue": "nowhere"})
    assert anomaly.call == _call("unnamed")


def test_no_known_queue_and_no_default_is_400(pbx, integration):
    integration.default_queue = None
    integration.save()

    response = pbx.new_call("lost", at=T0, queue="nowhere")

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_queue"
    assert not Call.objects.exists()


def test_an_unknown_extension_is_recorded_and_the_call_kept(pbx, call_id):
    response = pbx.new_call(call_id, at=T0, agent="9999")

    assert response.status_code == 200
    assert _call(call_id).agent is None
    assert HotlineAnomaly.objects.get().reason == "unknown_extension"


def test_an_agent_outside_the_calls_queue_is_not_given_it(pbx, call_id, outsider):
    outsider.extension = "8009"
    outsider.save()

    pbx.new_call(call_id, at=T0, agent="8009")
    pbx.answered(call_id, at=T0 + 5, agent="8009")

    call = _call(call_id)
    assert call.item.assignee is None  # not a member of the queue: the item stays unassigned
    assert call.state == "answered"
    assert HotlineAnomaly.objects.filter(reason="agent_not_in_queue").count() == 2


def test_live_calls_are_never_routed_by_the_help_desk(pbx, call_id, queue, agent_on_8001):
    queue.routing_mode = "round_robin"
    queue.save()

    pbx.new_call(call_id, at=T0)
    from helpdesk.queues.services import route_waiting

    route_waiting()

    assert _call(call_id).item.assignee is None


def test_a_customer_file_holding_the_number_becomes_the_calls_customer(pbx, call_id):
    customer = CustomerFactory(name="周杰")
    customer.contacts.create(kind="phone", value="+8613800138001")

    pbx.new_call(call_id, "13800138001", at=T0)

    call = _call(call_id)
    assert call.item.customer == customer
    assert call.item.subject == "Call from 周杰"


@pytest.mark.django_db(transaction=True)
def test_new_call_delivered_twice_at_once_makes_one_call(integration, queue, api):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: nothing runs at once")
    from django.db import close_old_connections

    from .conftest import Pbx

    barrier = threading.Barrier(4)
    answers = []

    def deliver():
        from rest_framework.test import APIClient

        client = Pbx(APIClient(), integration)
        barrier.wait()
        try:
            answers.append(client.new_call("twice", at=T0))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [a.status_code for a in answers] == [200] * 4
    assert len({a.json()["call"] for a in answers}) == 1
    assert Call.objects.count() == 1
    assert WorkItem.objects.filter(kind="call").count() == 1
    assert sorted(a["X-Hotline-Duplicate"] for a in answers) == ["false"] + ["true"] * 3


def test_a_new_call_in_a_routed_queue_stays_with_the_telephone_system(
    pbx, call_id, queue, agent, django_capture_on_commit_callbacks
):
    queue.routing_mode = "round_robin"
    queue.save()

    with django_capture_on_commit_callbacks(execute=True):
        pbx.new_call(call_id, at=T0)

    assert _call(call_id).item.assignee is None


def test_calls_whose_hangup_never_came_are_ended_by_the_sweep(pbx, settings):
    from helpdesk.hotline.services import calls_end_stale

    settings.HOTLINE_STALE_RINGING_MINUTES = 30
    settings.HOTLINE_STALE_ANSWERED_MINUTES = 480
    now = time.time()
    pbx.new_call("lost-ringing", at=now - 31 * 60)
    pbx.new_call("still-ringing", at=now - 60)
    pbx.new_call("lost-answered", "13900139000", at=now - 9 * 3600)
    pbx.answered("lost-answered", at=now - 9 * 3600 + 10)

    assert calls_end_stale() == 2

    lost = _call("lost-ringing")
    assert (lost.state, lost.hangup_cause, lost.wait_seconds) == ("missed", "no_hangup_event", None)
    assert lost.ringback is not None  # better a call back too many than a customer lost
    talked = _call("lost-answered")
    assert (talked.state, talked.talk_seconds, talked.wait_seconds) == ("answered", None, 10)
    assert talked.item.status == Status.RESOLVED
    assert _call("still-ringing").state == "ringing"
    assert HotlineAnomaly.objects.filter(reason="stale_call").count() == 2
    assert calls_end_stale() == 0


def test_new_call_for_a_call_made_without_one_answers_with_that_call(pbx, integration, queue):
    from datetime import datetime, timedelta

    from django.utils import timezone

    from helpdesk.hotline import services

    made = services.call_ring(  # as seed_demo makes its calls: no webhook, no receipt
        integration=integration,
        pbx_call_id="seeded",
        direction="inbound",
        from_number="+8613800138000",
        to_number="",
        queue=queue,
        at=timezone.now() - timedelta(minutes=5),
    )
    assert isinstance(made.initiated_at, datetime)

    response = pbx.new_call("seeded", at=T0)

    assert response.status_code == 200
    assert response["X-Hotline-Duplicate"] == "true"
    assert response.json()["call"] == made.pk
    assert Call.objects.count() == 1
