"""Who is on duty: published rosters only, across midnight and a daylight-saving change, less
approved leave."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from helpdesk.shifts import duty
from helpdesk.shifts.models import LeaveRequest, RosterPeriod, ShiftAssignment, ShiftType

pytestmark = pytest.mark.django_db

URL = "/api/v1/shifts/on-duty/"


@pytest.fixture
def night(db):
    return ShiftType.objects.create(
        name="Night", code="N", start=time(22), minutes=600, is_night=True
    )


@pytest.fixture
def day_shift(db):
    return ShiftType.objects.create(name="Day", code="D", start=time(8), minutes=480)


def publish(first, last, *rows, status="published"):
    period = RosterPeriod.objects.create(first_day=first, last_day=last, status=status)
    for user, day, shift, queue in rows:
        ShiftAssignment.objects.create(
            period=period, user=user, day=day, shift_type=shift, queue=queue
        )
    return period


def local(zone, *args):
    return datetime(*args, tzinfo=ZoneInfo(zone))


def test_a_night_shift_is_on_duty_after_midnight_and_off_at_eight(settings, queue, agent, night):
    settings.TIME_ZONE = "Asia/Shanghai"
    publish(date(2026, 12, 1), date(2026, 12, 7), (agent, date(2026, 12, 1), night, queue))

    assert [a.user for a in duty.on_duty(queue.pk, local("Asia/Shanghai", 2026, 12, 1, 23, 0))] == [
        agent
    ]
    assert [a.user for a in duty.on_duty(queue.pk, local("Asia/Shanghai", 2026, 12, 2, 7, 59))] == [
        agent
    ]
    assert duty.on_duty(queue.pk, local("Asia/Shanghai", 2026, 12, 2, 8, 0)) == []
    assert duty.on_duty(queue.pk, local("Asia/Shanghai", 2026, 12, 1, 21, 59)) == []


def test_across_the_spring_change_a_night_shift_lasts_its_ten_hours(settings, queue, agent, night):
    # Europe/Berlin moves from 02:00 to 03:00 on 29 March 2026: the night from the 28th,
    # 22:00 CET, lasts 10 real hours and so ends at 09:00 CEST on the clock.
    settings.TIME_ZONE = "Europe/Berlin"
    publish(date(2026, 3, 23), date(2026, 3, 29), (agent, date(2026, 3, 28), night, queue))

    assert duty.on_duty(queue.pk, local("Europe/Berlin", 2026, 3, 29, 8, 30)) != []
    assert duty.on_duty(queue.pk, local("Europe/Berlin", 2026, 3, 29, 9, 0)) == []
    start, end = duty.shift_bounds(date(2026, 3, 28), night)
    assert (start, end) == (
        datetime(2026, 3, 28, 21, tzinfo=UTC),
        datetime(2026, 3, 29, 7, tzinfo=UTC),
    )


def test_drafts_and_people_on_leave_are_not_on_duty(settings, queue, agent, agent2, day_shift):
    settings.TIME_ZONE = "Asia/Shanghai"
    publish(date(2026, 12, 1), date(2026, 12, 7), (agent, date(2026, 12, 2), day_shift, queue))
    publish(
        date(2026, 12, 1),
        date(2026, 12, 7),
        (agent2, date(2026, 12, 2), day_shift, queue),
        status="draft",
    )
    at = local("Asia/Shanghai", 2026, 12, 2, 10, 0)
    assert [a.user for a in duty.on_duty(queue.pk, at)] == [agent]

    LeaveRequest.objects.create(
        user=agent,
        first_day=date(2026, 12, 2),
        last_day=date(2026, 12, 2),
        kind="sick",
        status="approved",
    )

    assert duty.on_duty(queue.pk, at) == []


def test_the_supervisor_on_duty_and_the_api(
    settings, client_for, queue, other_queue, agent, supervisor, outsider, day_shift
):
    settings.TIME_ZONE = "Asia/Shanghai"
    publish(
        date(2026, 12, 1),
        date(2026, 12, 7),
        (agent, date(2026, 12, 2), day_shift, queue),
        (supervisor, date(2026, 12, 2), day_shift, queue),
    )
    at = "2026-12-02T10:00:00+08:00"

    assert duty.supervisors_on_duty(queue.pk, local("Asia/Shanghai", 2026, 12, 2, 10, 0)) == [
        supervisor
    ]
    response = client_for(agent).get(URL, {"queue": queue.pk, "at": at})
    assert response.status_code == 200
    assert sorted(r["user"]["username"] for r in response.json()) == ["agent", "supervisor"]
    first = response.json()[0]
    assert (first["starts_at"], first["ends_at"]) == (
        "2026-12-02T08:00:00+08:00",
        "2026-12-02T16:00:00+08:00",
    )
    only = client_for(agent).get(URL, {"queue": queue.pk, "at": at, "role": "supervisor"}).json()
    assert [r["user"]["username"] for r in only] == ["supervisor"]
    # A queue the caller does not work in is not theirs to see.
    assert client_for(outsider).get(URL, {"queue": queue.pk, "at": at}).status_code == 404
    assert client_for(agent).get(URL, {"queue": queue.pk, "at": "tomorrow"}).status_code == 400


def test_a_supervisor_rostered_on_one_queue_is_on_duty_for_each_queue_they_lead(
    settings, queue, other_queue, supervisor, agent, day_shift
):
    from tests.factories import MembershipFactory

    settings.TIME_ZONE = "Asia/Shanghai"
    MembershipFactory(queue=other_queue, user=supervisor, role="supervisor")
    publish(
        date(2026, 12, 1),
        date(2026, 12, 7),
        (supervisor, date(2026, 12, 2), day_shift, queue),
        (agent, date(2026, 12, 2), day_shift, queue),
    )
    at = local("Asia/Shanghai", 2026, 12, 2, 10, 0)

    assert duty.supervisors_on_duty(other_queue.pk, at) == [supervisor]
    assert duty.supervisors_on_duty(queue.pk, at) == [supervisor]
    # Agents count only for the queue they are rostered on.
    assert duty.on_duty(other_queue.pk, at) == []
