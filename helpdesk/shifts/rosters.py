"""Roster periods: creating them, who may plan them, what the solver is asked, and reading them.

A period staffs some queues over some days. While it is a draft, its planners (managers, and
supervisors who lead every one of its queues) build it with the solver (``builds``) and edit it
by hand (``changes``). This module holds the period itself and what both read: the people and
their rules, the people needed per half-hour (Erlang C on the demand), the problem handed to
the solver, the independent check of the grid, coverage, and the grid and shifts as shown.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.queues.models import Kind, Queue, QueueMembership
from helpdesk.queues.selectors import is_queue_lead, queue_ids_visible_to

from . import checker, erlang, solver
from .models import (
    ACTIVE_BUILDS,
    SLOTS_PER_DAY,
    Demand,
    LeaveRequest,
    LeaveStatus,
    Preference,
    RosterPeriod,
    RosterStatus,
    ShiftAssignment,
    ShiftType,
    StaffProfile,
    Wish,
)

MAX_PERIOD_DAYS = 62

# How each kind of work is staffed unless a build says otherwise (fields of erlang.Demand).
STAFFING_DEFAULTS: dict[str, dict] = {
    Kind.CALL: {"handling_seconds": 180, "target_answer_seconds": 20},
    Kind.CALLBACK: {"handling_seconds": 240, "target_answer_seconds": 900},
    Kind.CHAT: {"handling_seconds": 480, "target_answer_seconds": 30, "concurrency": 3},
    Kind.TICKET: {"handling_seconds": 600, "target_answer_seconds": 1800},
    Kind.COMPLAINT: {"handling_seconds": 1200, "target_answer_seconds": 1800},
    Kind.ORDER_ENQUIRY: {"handling_seconds": 300, "target_answer_seconds": 600},
}
STAFFING_FIELDS = (
    "handling_seconds",
    "target_answer_seconds",
    "target_service_level",
    "shrinkage",
    "max_occupancy",
    "concurrency",
)


# --- who may do what -----------------------------------------------------------------------------


def periods_visible_to(user) -> QuerySet[RosterPeriod]:
    """Planners see the periods of the queues they lead; everyone sees the published periods
    of the queues they work in."""
    qs = RosterPeriod.objects.all()
    if user.has_role(Role.MANAGER):
        return qs
    led = QueueMembership.objects.filter(user=user, role=Role.SUPERVISOR).values("queue_id")
    mine = queue_ids_visible_to(user)
    return qs.filter(
        Q(queues__in=led) | Q(status=RosterStatus.PUBLISHED, queues__in=mine)
    ).distinct()


def period_get(user, period_id: int) -> RosterPeriod:
    period = periods_visible_to(user).filter(pk=period_id).first()
    if period is None:
        raise NotFound()
    return period


def queue_ids_of(period: RosterPeriod) -> list[int]:
    return sorted(period.queues.values_list("id", flat=True))


def may_plan(user, period: RosterPeriod) -> bool:
    """Managers, and supervisors who lead every queue of the period."""
    return all(is_queue_lead(user, q) for q in queue_ids_of(period))


def require_plan(user, period: RosterPeriod) -> None:
    if not may_plan(user, period):
        raise ServiceError(
            _("Only a manager or a supervisor of every queue of this roster may do this."),
            code="not_planner",
            status_code=403,
        )


# --- periods -------------------------------------------------------------------------------------


@transaction.atomic
def period_create(*, actor, first_day: date, last_day: date, queue_ids: list[int]) -> RosterPeriod:
    if last_day < first_day:
        raise ServiceError(
            _("The last day is before the first."),
            code="invalid",
            fields={"last_day": [_("The last day is before the first.")]},
        )
    if (last_day - first_day).days + 1 > MAX_PERIOD_DAYS:
        message = _("A roster covers at most %(days)d days.") % {"days": MAX_PERIOD_DAYS}
        raise ServiceError(message, code="invalid", fields={"last_day": [message]})
    queues = list(Queue.objects.filter(pk__in=set(queue_ids)))
    if not queue_ids or len(queues) != len(set(queue_ids)):
        raise NotFound()
    for queue in queues:
        if not is_queue_lead(actor, queue.pk):
            raise NotFound()
    # One period per queue and day: lock the queues so two planners cannot both pass.
    list(Queue.objects.select_for_update().filter(pk__in=[q.pk for q in queues]))
    clash = RosterPeriod.objects.filter(
        queues__in=queues, first_day__lte=last_day, last_day__gte=first_day
    ).first()
    if clash is not None:
        raise ServiceError(
            _("Another roster (%(first)s – %(last)s) already covers some of these days.")
            % {"first": clash.first_day, "last": clash.last_day},
            code="period_overlaps",
            status_code=409,
        )
    period = RosterPeriod.objects.create(first_day=first_day, last_day=last_day, created_by=actor)
    period.queues.set(queues)
    return period


@transaction.atomic
def period_delete(*, actor, period: RosterPeriod) -> None:
    require_plan(actor, period)
    period = RosterPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != RosterStatus.DRAFT:
        raise Conflict(_("A published roster cannot be deleted."), code="period_published")
    if period.builds.filter(status__in=ACTIVE_BUILDS).exists():
        raise Conflict(
            _("The roster is being built; cancel the build first."), code="build_running"
        )
    period.delete()


# --- the problem the solver gets -------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _people_needed(contacts: float, fields: tuple) -> int:
    if contacts <= 0:
        return 0
    return erlang.staffing(erlang.Demand(contacts=contacts, **dict(fields))).scheduled_agents


def staffing_settings(overrides: dict | None = None) -> dict[str, dict]:
    merged = {kind: dict(values) for kind, values in STAFFING_DEFAULTS.items()}
    for kind, values in (overrides or {}).items():
        merged.setdefault(kind, {}).update(values)
    return merged


def need_for(period: RosterPeriod, staffing: dict | None = None) -> dict:
    """People needed per (queue, day, half-hour): Erlang C on each kind's demand, summed."""
    rules = staffing_settings(staffing)
    need: dict[tuple[int, date, int], int] = defaultdict(int)
    rows = Demand.objects.filter(
        queue__in=queue_ids_of(period),
        day__gte=period.first_day,
        day__lte=period.last_day,
        contacts__gt=0,
    ).values_list("queue_id", "day", "slot", "kind", "contacts")
    for queue_id, day, slot, kind, contacts in rows:
        fields = tuple(sorted(rules.get(kind, {}).items()))
        try:
            need[queue_id, day, slot] += _people_needed(round(contacts, 2), fields)
        except ValueError:  # beyond the calculator: as many as it staffs
            need[queue_id, day, slot] += erlang.MAX_AGENTS
    return dict(need)


@dataclass
class PeriodPeople:
    users: dict[int, object]
    queues: dict[int, list[int]]  # user -> queues of the period they work in
    profiles: dict[int, StaffProfile]
    leave: dict[int, set[date]]


def people_of(period: RosterPeriod) -> PeriodPeople:
    """Everyone who works a queue of the period (not as its manager), with their rules and
    their approved leave inside the period."""
    memberships = (
        QueueMembership.objects.filter(queue__in=queue_ids_of(period), user__is_active=True)
        .exclude(role=Role.MANAGER)
        .select_related("user")
        .prefetch_related("user__roles")
        .order_by("user_id", "queue_id")
    )
    users, queues = {}, defaultdict(list)
    for m in memberships:
        users[m.user_id] = m.user
        queues[m.user_id].append(m.queue_id)
    profiles = {p.user_id: p for p in StaffProfile.objects.filter(user_id__in=users)}
    for user_id, user in users.items():
        profiles.setdefault(user_id, StaffProfile(user=user))
    leave: dict[int, set[date]] = defaultdict(set)
    for request in LeaveRequest.objects.filter(
        user_id__in=users,
        status=LeaveStatus.APPROVED,
        first_day__lte=period.last_day,
        last_day__gte=period.first_day,
    ):
        day = max(request.first_day, period.first_day)
        while day <= min(request.last_day, period.last_day):
            leave[request.user_id].add(day)
            day += timedelta(days=1)
    return PeriodPeople(users, dict(queues), profiles, leave)


def _is_supervisor(user) -> bool:
    return user.has_role(Role.SUPERVISOR)


def problem_for(period: RosterPeriod, staffing: dict | None = None) -> solver.Problem:
    shift_types = list(ShiftType.objects.filter(is_active=True))
    people = people_of(period)
    wishes: dict[int, list[solver.Wish]] = defaultdict(list)
    codes = {t.pk: t.code for t in shift_types}
    for pref in Preference.objects.filter(user_id__in=people.users):
        if pref.shift_type_id is not None and pref.shift_type_id not in codes:
            continue  # a wish about a shift type no longer used
        wishes[pref.user_id].append(
            solver.Wish(
                want=pref.wish == Wish.WANT,
                weekday=pref.weekday,
                shift=codes.get(pref.shift_type_id),
                weight=pref.weight,
            )
        )
    workers = []
    for user_id, user in people.users.items():
        profile = people.profiles[user_id]
        workers.append(
            solver.Worker(
                id=user_id,
                queues=tuple(people.queues[user_id]),
                is_supervisor=_is_supervisor(user),
                contracted_minutes_per_week=profile.contracted_minutes_per_week,
                hours_tolerance_percent=profile.hours_tolerance_percent,
                max_consecutive_days=profile.max_consecutive_days,
                max_shifts_per_week=profile.max_shifts_per_week,
                unavailable_weekdays=frozenset(profile.unavailable_weekdays or []),
                leave_days=frozenset(people.leave.get(user_id, ())),
                wishes=tuple(wishes.get(user_id, ())),
            )
        )
    pinned = [
        solver.Placed(a.user_id, a.day, codes[a.shift_type_id], a.queue_id)
        for a in period.assignments.filter(pinned=True)
        if a.shift_type_id in codes
    ]
    return solver.Problem(
        first_day=period.first_day,
        days=(period.last_day - period.first_day).days + 1,
        shifts=[
            solver.ShiftSpec(t.code, t.start.hour * 60 + t.start.minute, t.minutes, t.is_night)
            for t in shift_types
        ],
        workers=workers,
        need=need_for(period, staffing),
        pinned=pinned,
    )


# --- the independent check of what is on the grid --------------------------------------------------


def checked_roster(period: RosterPeriod, assignments=None, people: PeriodPeople | None = None):
    """The period as the independent checker reads it (``assignments``: ShiftAssignment-like
    objects with ``user_id``, ``day``, ``shift_type``; the period's own by default)."""
    people = people or people_of(period)
    if assignments is None:
        assignments = list(period.assignments.select_related("shift_type"))
    types = {a.shift_type.code: a.shift_type for a in assignments}
    for t in ShiftType.objects.filter(is_active=True):
        types.setdefault(t.code, t)
    persons = {}
    for user_id, user in people.users.items():
        profile = people.profiles[user_id]
        persons[user_id] = checker.Person(
            id=user_id,
            contracted_minutes_per_week=profile.contracted_minutes_per_week,
            hours_tolerance_percent=profile.hours_tolerance_percent,
            max_consecutive_days=profile.max_consecutive_days,
            max_shifts_per_week=profile.max_shifts_per_week,
            unavailable_weekdays=frozenset(profile.unavailable_weekdays or []),
            leave_days=frozenset(people.leave.get(user_id, ())),
            is_supervisor=_is_supervisor(user),
        )
    return checker.Roster(
        first_day=period.first_day,
        days=(period.last_day - period.first_day).days + 1,
        shifts={
            code: checker.Shift(code, t.start.hour * 60 + t.start.minute, t.minutes, t.is_night)
            for code, t in types.items()
        },
        people=persons,
        assignments=[checker.Assignment(a.user_id, a.day, a.shift_type.code) for a in assignments],
    )


def violations_of(period: RosterPeriod, **kwargs) -> list[checker.Violation]:
    return checker.violations(checked_roster(period, **kwargs))


def coverage_of(period: RosterPeriod, staffing: dict | None = None) -> list[dict]:
    """Per queue and day: people needed and people on shift in each half-hour."""
    need = need_for(period, staffing)
    days = (period.last_day - period.first_day).days + 1
    on: dict[tuple[int, date, int], int] = defaultdict(int)
    for a in period.assignments.select_related("shift_type"):
        t = a.shift_type
        begin = (a.day - period.first_day).days * 1440 + t.start.hour * 60 + t.start.minute
        for minute in range(begin - begin % 30, begin + t.minutes, 30):
            if minute // 1440 < days:
                day = period.first_day + timedelta(days=minute // 1440)
                on[a.queue_id, day, (minute % 1440) // 30] += 1
    rows = []
    for queue_id in queue_ids_of(period):
        for i in range(days):
            day = period.first_day + timedelta(days=i)
            rows.append(
                {
                    "queue": queue_id,
                    "day": day,
                    "need": [need.get((queue_id, day, s), 0) for s in range(SLOTS_PER_DAY)],
                    "on_shift": [on.get((queue_id, day, s), 0) for s in range(SLOTS_PER_DAY)],
                }
            )
    return rows


# --- reading -------------------------------------------------------------------------------------


def grid_for(user, period: RosterPeriod) -> dict:
    """The roster as the grid shows it: people (rows), their shifts, the rules broken, and the
    latest build."""
    people = people_of(period)
    assignments = list(period.assignments.select_related("shift_type").order_by("day", "user_id"))
    found = checker.violations(checked_roster(period, assignments=assignments, people=people))
    rows = []
    for user_id, person in sorted(people.users.items(), key=lambda kv: (str(kv[1]), kv[0])):
        profile = people.profiles[user_id]
        rows.append(
            {
                "id": user_id,
                "username": person.username,
                "name": person.name,
                "is_supervisor": _is_supervisor(person),
                "queues": people.queues[user_id],
                "leave_days": sorted(people.leave.get(user_id, ())),
                "unavailable_weekdays": sorted(profile.unavailable_weekdays or []),
                "contracted_minutes_per_week": profile.contracted_minutes_per_week,
            }
        )
    return {
        "period": period,
        "may_plan": may_plan(user, period),
        "shift_types": list(ShiftType.objects.filter(is_active=True)),
        "people": rows,
        "assignments": assignments,
        "violations": found,
        "latest_build": period.builds.select_related("requested_by").first(),
    }


def shifts_of(viewer, *, user_id: int | None, first: date, last: date):
    """Published shifts of ``viewer`` (or of a colleague who shares a queue with them)."""
    target = viewer.pk
    if user_id is not None and user_id != viewer.pk:
        shared = QueueMembership.objects.filter(
            user_id=user_id, queue_id__in=queue_ids_visible_to(viewer)
        ).exists()
        if not shared:
            raise NotFound()
        target = user_id
    return (
        ShiftAssignment.objects.filter(
            user_id=target,
            period__status=RosterStatus.PUBLISHED,
            day__gte=first,
            day__lte=last,
        )
        .select_related("shift_type")
        .order_by("day")
    )
