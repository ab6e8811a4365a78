"""Roster periods end to end over the API: build with the solver, edit, publish, override,
swap, and the iCal feed."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk.shifts import duty
from helpdesk.shifts.models import (
    RosterBuild,
    RosterChange,
    RosterPeriod,
    ShiftAssignment,
    ShiftSwap,
    ShiftType,
)
from helpdesk.shifts.tasks import build_roster
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROSTERS = "/api/v1/shifts/rosters/"
SWAPS = "/api/v1/shifts/swaps/"


def next_monday(weeks=1):
    today = timezone.localdate()
    return today + timedelta(days=7 * weeks - today.weekday())


@pytest.fixture
def shifts(db):
    return {
        "E": ShiftType.objects.create(name="Early", code="E", start=time(7), minutes=480),
        "L": ShiftType.objects.create(name="Late", code="L", start=time(15), minutes=480),
    }


@pytest.fixture
def team(queue, supervisor, agent, agent2):
    return [supervisor, agent, agent2]


def create(client, first, last, queues):
    return client.post(
        ROSTERS,
        {"first_day": first.isoformat(), "last_day": last.isoformat(), "queues": queues},
        format="json",
    )


def built_week(client, queue, capture, time_limit=3):
    monday = next_monday()
    period = create(client, monday, monday + timedelta(days=6), [queue.pk]).json()
    with capture(execute=True):
        build = client.post(
            f"{ROSTERS}{period['id']}/builds/", {"time_limit_seconds": time_limit}, format="json"
        )
    assert build.status_code == 202
    return period, build.json()


def grid(client, period_id):
    response = client.get(f"{ROSTERS}{period_id}/")
    assert response.status_code == 200
    return response.json()


def cells(grid_body):
    codes = {t["id"]: t["code"] for t in grid_body["shift_types"]}
    return {(a["user"], a["day"]): codes[a["shift_type"]] for a in grid_body["assignments"]}


def test_a_supervisor_builds_a_week_that_keeps_every_rule(
    client_for, supervisor, queue, team, shifts, django_capture_on_commit_callbacks
):
    client = client_for(supervisor)
    monday = next_monday()
    demand = [0] * 14 + [6] * 16 + [2] * 16 + [0] * 2  # calls from 07:00 to 23:00
    for i in range(7):
        day = (monday + timedelta(days=i)).isoformat()
        client.put(
            "/api/v1/staffing/demand/",
            {"queue": queue.pk, "kind": "call", "day": day, "contacts": demand},
            format="json",
        )

    period, started = built_week(client, queue, django_capture_on_commit_callbacks)

    build = client.get(f"/api/v1/shifts/builds/{started['id']}/").json()
    assert build["status"] == "done" and build["violations"] == 0
    assert build["solutions"] >= 1 and build["progress"] and build["first_solution_seconds"] >= 0
    body = grid(client, period["id"])
    assert body["violations"] == [] and body["may_plan"] is True
    placed = cells(body)
    # 40 h ± 10 % of 8-hour shifts: five shifts each; a supervisor on every shift worked.
    for person in team:
        assert sum(1 for (user, _day) in placed if user == person.pk) == 5
    for (user, day), code in placed.items():
        assert placed.get((supervisor.pk, day)) == code, (user, day)
    # The heat map: people needed (Erlang C on the demand) against people on shift.
    coverage = client.get(f"{ROSTERS}{period['id']}/coverage/").json()
    assert len(coverage) == 7
    first = coverage[0]
    assert first["need"][14] >= 1 and first["need"][0] == 0
    assert len(first["on_shift"]) == 48


def test_demand_the_team_cannot_meet_is_listed_half_hour_by_half_hour(
    client_for, supervisor, queue, team, shifts, django_capture_on_commit_callbacks
):
    client = client_for(supervisor)
    monday = next_monday()
    client.put(
        "/api/v1/staffing/demand/",
        {"queue": queue.pk, "kind": "call", "day": monday.isoformat(), "contacts": [300] * 48},
        format="json",
    )
    _period, started = built_week(client, queue, django_capture_on_commit_callbacks)

    build = client.get(f"/api/v1/shifts/builds/{started['id']}/").json()
    assert build["status"] == "done" and build["violations"] == 0
    assert build["uncovered_count"] == 48
    assert {u["slot"] for u in build["uncovered"]} == set(range(48))
    assert all(u["day"] == monday.isoformat() and u["missing"] > 0 for u in build["uncovered"])


def test_a_queued_build_can_be_cancelled_and_only_one_runs_at_a_time(
    client_for, supervisor, queue, team, shifts
):
    client = client_for(supervisor)
    monday = next_monday()
    period = create(client, monday, monday + timedelta(days=6), [queue.pk]).json()
    url = f"{ROSTERS}{period['id']}/builds/"
    first = client.post(url, {}, format="json").json()  # on_commit never runs: stays queued
    assert first["status"] == "queued"

    again = client.post(url, {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "build_running"

    cancelled = client.post(f"/api/v1/shifts/builds/{first['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    build_roster(first["id"])  # the task arrives late: it does nothing
    assert RosterBuild.objects.get(pk=first["id"]).status == "cancelled"
    assert not ShiftAssignment.objects.filter(period_id=period["id"]).exists()
    assert client.post(f"/api/v1/shifts/builds/{first['id']}/cancel/").status_code == 409


def test_who_may_plan(client_for, supervisor, agent, outsider, queue, other_queue, shifts):
    monday = next_monday()
    period = create(client_for(supervisor), monday, monday + timedelta(days=6), [queue.pk])
    assert period.status_code == 201
    period_id = period.json()["id"]
    # Another queue's supervisor: not theirs to see.
    stranger = UserFactory(roles=["supervisor"])
    MembershipFactory(queue=other_queue, user=stranger, role="supervisor")
    assert client_for(stranger).get(f"{ROSTERS}{period_id}/").status_code == 404
    assert create(client_for(stranger), monday, monday, [queue.pk]).status_code == 404
    # An agent sees no draft, and may not build or edit.
    assert client_for(agent).get(f"{ROSTERS}{period_id}/").status_code == 404
    assert (
        client_for(agent).post(f"{ROSTERS}{period_id}/builds/", {}, format="json").status_code
        == 403
    )
    edit = {"cells": [{"user": agent.pk, "day": monday.isoformat(), "shift_type": shifts["E"].pk}]}
    assert (
        client_for(agent).put(f"{ROSTERS}{period_id}/cells/", edit, format="json").status_code
        == 403
    )
    # Overlapping periods of one queue are refused.
    clash = create(
        client_for(supervisor), monday + timedelta(days=3), monday + timedelta(days=9), [queue.pk]
    )
    assert clash.status_code == 409 and clash.json()["code"] == "period_overlaps"


def draft(first, *rows, status="draft", queue=None):
    period = RosterPeriod.objects.create(
        first_day=first, last_day=first + timedelta(days=6), status=status
    )
    period.queues.add(queue)
    for user, offset, shift in rows:
        ShiftAssignment.objects.create(
            period=period,
            user=user,
            day=first + timedelta(days=offset),
            shift_type=shift,
            queue=queue,
        )
    return period


def five(user, shift, days=range(5)):
    return [(user, d, shift) for d in days]


def test_hand_edits_on_a_draft_show_the_rules_they_break_and_are_kept_by_a_rebuild(
    client_for, supervisor, agent, agent2, queue, shifts
):
    monday = next_monday()
    period = draft(
        monday,
        *five(supervisor, shifts["L"]),
        *five(agent, shifts["L"]),
        *five(agent2, shifts["L"]),
        queue=queue,
    )
    client = client_for(supervisor)
    # Move the agent's Tuesday to an early shift: 8 h after Monday's late one.
    tuesday = (monday + timedelta(days=1)).isoformat()
    body = client.put(
        f"{ROSTERS}{period.pk}/cells/",
        {"cells": [{"user": agent.pk, "day": tuesday, "shift_type": shifts["E"].pk}]},
        format="json",
    ).json()

    rules = {(v["rule"], v["person"], v["day"]) for v in body["violations"]}
    assert ("rest", agent.pk, tuesday) in rules
    assert ("supervisor_on_shift", None, tuesday) in rules
    assert cells(body)[agent.pk, tuesday] == "E"
    assert ShiftAssignment.objects.get(user=agent, day=tuesday).pinned is True

    refused = client.post(f"{ROSTERS}{period.pk}/publish/")
    assert refused.status_code == 409 and refused.json()["code"] == "rule_broken"
    assert set(refused.json()["fields"]["rules"]) == {"rest", "supervisor_on_shift"}

    # A drag-and-drop: the agent's Tuesday back to late, as one change of two cells.
    fixed = client.put(
        f"{ROSTERS}{period.pk}/cells/",
        {
            "cells": [
                {"user": agent.pk, "day": tuesday, "shift_type": shifts["L"].pk},
                {"user": agent2.pk, "day": tuesday, "shift_type": shifts["L"].pk},
            ]
        },
        format="json",
    ).json()
    assert fixed["violations"] == []


def test_publishing_tells_everyone_and_then_changes_need_a_reason(
    client_for, supervisor, agent, agent2, queue, shifts, django_capture_on_commit_callbacks
):
    monday = next_monday()
    period = draft(
        monday,
        *five(supervisor, shifts["E"]),
        *five(agent, shifts["E"]),
        *five(agent2, shifts["E"]),
        queue=queue,
    )
    client = client_for(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"{ROSTERS}{period.pk}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (supervisor, agent, agent2)
    )
    assert f"{monday.isoformat()} E 07:00 (8 h)" in mail.outbox[0].body
    assert client.post(f"{ROSTERS}{period.pk}/publish/").status_code == 409
    assert client.post(f"{ROSTERS}{period.pk}/builds/", {}, format="json").status_code == 409

    # The agent is ill on Wednesday: agent2 is on early that day anyway; the supervisor
    # takes the agent off, which is an override with a reason.
    wednesday = monday + timedelta(days=2)
    change = {"cells": [{"user": agent.pk, "day": wednesday.isoformat(), "shift_type": None}]}
    refused = client.put(f"{ROSTERS}{period.pk}/cells/", change, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "reason_required"
    assert ShiftAssignment.objects.filter(user=agent, day=wednesday).exists()
    assert (
        client_for(agent)
        .put(f"{ROSTERS}{period.pk}/cells/", {**change, "reason": "ill"}, format="json")
        .status_code
        == 403
    )

    ok = client.put(f"{ROSTERS}{period.pk}/cells/", {**change, "reason": "ill"}, format="json")
    assert ok.status_code == 200
    recorded = RosterChange.objects.get()
    assert (recorded.kind, recorded.user, recorded.before, recorded.after, recorded.reason) == (
        "override",
        agent,
        f"{wednesday.isoformat()} E",
        "",
        "ill",
    )
    at = timezone.make_aware(timezone.datetime.combine(wednesday, time(9)))
    assert {a.user for a in duty.on_duty(queue.pk, at)} == {supervisor, agent2}
    listed = client_for(agent).get(f"{ROSTERS}{period.pk}/changes/").json()
    assert [c["reason"] for c in listed["results"]] == ["ill"]


def test_a_swap_goes_colleague_then_supervisor_and_on_duty_follows(
    client_for, supervisor, agent, agent2, queue, shifts
):
    monday = next_monday()
    # Agent: early Mon–Fri; agent2: early Mon–Thu and Saturday (with the supervisor).
    period = draft(
        monday,
        *five(supervisor, shifts["E"], days=[0, 1, 2, 3, 4, 5]),
        *five(agent, shifts["E"]),
        *five(agent2, shifts["E"], days=[0, 1, 2, 3, 5]),
        status="published",
        queue=queue,
    )
    friday = monday + timedelta(days=4)
    saturday = monday + timedelta(days=5)
    give = ShiftAssignment.objects.get(user=agent, day=friday)
    take = ShiftAssignment.objects.get(user=agent2, day=saturday)

    asked = client_for(agent).post(
        SWAPS,
        {"give": give.pk, "colleague": agent2.pk, "take": take.pk, "reason": "wedding"},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    swap = asked.json()
    assert swap["status"] == "requested"
    # Only the colleague answers; the supervisor cannot decide before that.
    assert (
        client_for(agent)
        .post(f"{SWAPS}{swap['id']}/answer/", {"accept": True}, format="json")
        .status_code
        == 404
    )
    early = client_for(supervisor).post(
        f"{SWAPS}{swap['id']}/decide/", {"approve": True}, format="json"
    )
    assert early.status_code == 409
    accepted = client_for(agent2).post(
        f"{SWAPS}{swap['id']}/answer/", {"accept": True}, format="json"
    )
    assert accepted.json()["status"] == "accepted"
    assert (
        client_for(agent2)
        .post(f"{SWAPS}{swap['id']}/decide/", {"approve": True}, format="json")
        .status_code
        == 403
    )

    approved = client_for(supervisor).post(
        f"{SWAPS}{swap['id']}/decide/", {"approve": True}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert (
        ShiftAssignment.objects.get(period=period, day=friday, user=agent2).shift_type.code == "E"
    )
    assert (
        ShiftAssignment.objects.get(period=period, day=saturday, user=agent).shift_type.code == "E"
    )
    assert not ShiftAssignment.objects.filter(period=period, day=friday, user=agent).exists()
    at = timezone.make_aware(timezone.datetime.combine(saturday, time(10)))
    assert {a.user for a in duty.on_duty(queue.pk, at)} == {supervisor, agent}
    assert RosterChange.objects.filter(kind="swap").count() == 4


def test_a_swap_that_breaks_a_rule_is_refused_naming_it(
    client_for, supervisor, agent, agent2, queue, shifts
):
    monday = next_monday()
    # agent2 already works Mon–Fri: taking the agent's Saturday would be a sixth shift.
    period = draft(
        monday,
        *five(supervisor, shifts["E"], days=[0, 1, 2, 3, 4, 5]),
        *five(agent, shifts["E"], days=[1, 2, 3, 4, 5]),
        *five(agent2, shifts["E"]),
        status="published",
        queue=queue,
    )
    give = ShiftAssignment.objects.get(period=period, user=agent, day=monday + timedelta(days=5))
    refused = client_for(agent).post(
        SWAPS, {"give": give.pk, "colleague": agent2.pk}, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "swap_breaks_rule"
    assert "shifts_per_week" in refused.json()["fields"]["rules"]
    assert not period.swaps.exists()
    # Someone else's shift is not one's to give.
    theirs = ShiftAssignment.objects.get(period=period, user=agent2, day=monday)
    assert (
        client_for(agent)
        .post(SWAPS, {"give": theirs.pk, "colleague": agent2.pk}, format="json")
        .status_code
        == 404
    )


def test_the_ical_feed_lists_published_shifts_behind_a_secret(
    client_for, api, agent, supervisor, queue, shifts
):
    monday = next_monday()
    draft(monday, *five(agent, shifts["E"]), status="published", queue=queue)
    draft(next_monday(2), *five(agent, shifts["L"]), queue=queue)  # a draft: not in the feed
    url = client_for(agent).get("/api/v1/shifts/calendar/").json()["url"]
    path = url.split("testserver", 1)[1]

    response = api.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 5
    assert "SUMMARY:Early (Support)" in text

    assert api.get(path.replace(".ics", "x.ics")).status_code == 404
    new = client_for(agent).post("/api/v1/shifts/calendar/").json()["url"]
    assert new != url and api.get(path).status_code == 404


def test_lists_cost_the_same_few_queries(client_for, supervisor, agent, agent2, queue, shifts):
    for weeks in (1, 2, 3):
        draft(next_monday(weeks), *five(agent, shifts["E"]), status="published", queue=queue)
    client = client_for(supervisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ROSTERS)
    assert response.status_code == 200 and response.json()["count"] == 3
    # session, user, roles, led queues, count, page, queues prefetched
    assert len(queries) == 7

    mine = client_for(agent)
    with CaptureQueriesContext(connection) as queries:
        response = mine.get("/api/v1/shifts/mine/", {"last": (next_monday(4)).isoformat()})
    assert response.status_code == 200 and len(response.json()) == 15
    assert len(queries) == 4  # session, user, roles, shifts (shift types joined)

    colleague = agent2
    for n, give in enumerate(ShiftAssignment.objects.filter(user=agent)[:3]):
        ShiftSwap.objects.create(
            period=give.period,
            requester=agent,
            colleague=colleague,
            give=give,
            give_label=f"#{n}",
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SWAPS)
    assert response.status_code == 200 and response.json()["count"] == 3
    # session, user, roles, led queues (in the filter), count, page (people joined)
    assert len(queries) == 5


def test_a_build_the_rules_make_impossible_fails_and_says_why(
    client_for, manager, agent, agent2, queue, shifts, django_capture_on_commit_callbacks
):
    # Nobody in the queue is a supervisor: no shift may be worked, yet contracts need shifts.
    client = client_for(manager)
    period, started = built_week(client, queue, django_capture_on_commit_callbacks)
    build = client.get(f"/api/v1/shifts/builds/{started['id']}/").json()
    assert build["status"] == "failed" and build["solver_status"] == "infeasible"
    assert build["problems"] == ["no_supervisor"]
    assert "every shift needs one" in build["error"]
    assert grid(client, period["id"])["assignments"] == []


def test_a_build_whose_worker_died_does_not_block_the_roster(
    client_for, supervisor, queue, team, shifts
):
    client = client_for(supervisor)
    monday = next_monday()
    period = create(client, monday, monday + timedelta(days=6), [queue.pk]).json()
    lost = RosterBuild.objects.create(
        period_id=period["id"],
        requested_by=supervisor,
        time_limit_seconds=30,
        status="running",
        started_at=timezone.now() - timedelta(minutes=10),
    )
    again = client.post(f"{ROSTERS}{period['id']}/builds/", {}, format="json")
    assert again.status_code == 202
    lost.refresh_from_db()
    assert lost.status == "failed" and "worker was lost" in lost.error


def test_the_grid_costs_the_same_few_queries_however_many_people(
    client_for, supervisor, agent, agent2, queue, shifts
):
    monday = next_monday()
    period = draft(monday, *five(supervisor, shifts["E"]), *five(agent, shifts["E"]), queue=queue)
    client = client_for(supervisor)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{ROSTERS}{period.pk}/").status_code == 200
        return len(queries)

    before = count()
    for _n in range(5):
        member = UserFactory(roles=["agent"])
        MembershipFactory(queue=queue, user=member, role="agent")
        for day in range(5):
            ShiftAssignment.objects.create(
                period=period,
                user=member,
                day=monday + timedelta(days=day),
                shift_type=shifts["L"],
                queue=queue,
            )
    # session, user, roles, led queues, period, its queues (twice), people with roles, rules,
    # leave, shifts, shift types (twice), may plan, latest build, queues (serialised)
    assert count() == before == 17
