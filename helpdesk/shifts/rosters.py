"""Roster periods: building them with the solver, editing, publishing, and who may do what.

A period staffs some queues over some days. While it is a draft, its planners (managers, and
supervisors who lead every one of its queues) build it with the solver and edit it by hand (a
hand edit is pinned: a rebuild keeps it). Once published, the people on it are held to it:
changes are overrides with a reason or approved swaps, each recorded as a ``RosterChange``.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.common.queueing import enqueue
from helpdesk.queues.models import Kind, Queue, QueueMembership
from helpdesk.queues.selectors import is_queue_lead, queue_ids_visible_to
from helpdesk.realtime.groups import user_group
from helpdesk.realtime.publish import publish, publish_on_commit

from . import checker, erlang, solver
from .models import (
    ACTIVE_BUILDS,
    SLOTS_PER_DAY,
    BuildStatus,
    Demand,
    LeaveRequest,
    LeaveStatus,
    Preference,
    RosterBuild,
    RosterPeriod,
    RosterStatus,
    ShiftAssignment,
    ShiftType,
    StaffProfile,
    Wish,
)

logger = logging.getLogger(__name__)

MAX_PERIOD_DAYS = 62
MAX_TIME_LIMIT = 600

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


# --- building ------------------------------------------------------------------------------------


@transaction.atomic
def build_start(
    *, actor, period: RosterPeriod, time_limit_seconds: int = 30, staffing: dict | None = None
) -> RosterBuild:
    """Queue a build of a draft period (one at a time per period)."""
    require_plan(actor, period)
    period = RosterPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != RosterStatus.DRAFT:
        raise Conflict(
            _("A published roster is not rebuilt; change it with overrides and swaps."),
            code="period_published",
        )
    expire_lost(period)
    if period.builds.filter(status__in=ACTIVE_BUILDS).exists():
        raise Conflict(_("This roster is already being built."), code="build_running")
    if not ShiftType.objects.filter(is_active=True).exists():
        raise ServiceError(
            _("Define at least one shift type first."), code="no_shift_types", status_code=409
        )
    for kind, values in (staffing or {}).items():
        if kind not in Kind.values or set(values) - set(STAFFING_FIELDS):
            message = _("Unknown kind of work or setting.")
            raise ServiceError(message, code="invalid", fields={"staffing": [message]})
    try:
        build = RosterBuild.objects.create(
            period=period,
            requested_by=actor,
            time_limit_seconds=time_limit_seconds,
            staffing=staffing or {},
        )
    except IntegrityError:  # pragma: no cover - the row lock above serialises builds
        raise Conflict(_("This roster is already being built."), code="build_running") from None
    transaction.on_commit(lambda: _queue_build(build.pk))
    return build


def _queue_build(build_id: int) -> None:
    """Queue the build; if the broker cannot take it, fail it at once (it would wait an hour
    before ``expire_lost`` freed the period) so the planner can start it again."""
    from .tasks import build_roster

    if enqueue(build_roster, build_id):
        return
    with transaction.atomic():
        build = RosterBuild.objects.select_for_update().get(pk=build_id)
        if build.status != BuildStatus.QUEUED:
            return
        build.status = BuildStatus.FAILED
        build.error = _(
            "The build could not be queued (the task broker is unreachable). Try again."
        )
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        _announce(build)


LOST_AFTER = timedelta(minutes=5)  # past its time limit, a running build's worker is gone
QUEUED_TOO_LONG = timedelta(hours=1)  # a queued build nobody picked up


def expire_lost(period: RosterPeriod) -> None:
    """Fail the builds whose worker died (running long past their time limit) or that no
    worker took: otherwise they would block the period for good."""
    now = timezone.now()
    for build in period.builds.select_for_update().filter(status__in=ACTIVE_BUILDS):
        if build.status == BuildStatus.RUNNING:
            lost = build.started_at + timedelta(seconds=build.time_limit_seconds) + LOST_AFTER
        else:
            lost = build.created_at + QUEUED_TOO_LONG
        if now > lost:
            build.status = BuildStatus.FAILED
            build.error = _("The build stopped without an answer (its worker was lost).")
            build.finished_at = now
            build.save(update_fields=["status", "error", "finished_at"])


@transaction.atomic
def build_cancel(*, actor, build: RosterBuild) -> RosterBuild:
    require_plan(actor, build.period)
    expire_lost(build.period)
    build = RosterBuild.objects.select_for_update().get(pk=build.pk)
    if build.status not in ACTIVE_BUILDS:
        raise Conflict(_("This build has already ended."), code="build_ended")
    build.cancel_requested = True
    if build.status == BuildStatus.QUEUED:  # the worker will skip it
        build.status = BuildStatus.CANCELLED
        build.finished_at = timezone.now()
    build.save(update_fields=["cancel_requested", "status", "finished_at"])
    _announce(build)
    return build


def build_payload(build: RosterBuild) -> dict:
    return {
        "id": build.pk,
        "period": build.period_id,
        "status": build.status,
        "time_limit_seconds": build.time_limit_seconds,
        "started_at": build.started_at.isoformat() if build.started_at else None,
        "solutions": build.solutions,
        "objective": build.objective,
        "bound": build.bound,
        "first_solution_seconds": build.first_solution_seconds,
        "elapsed_seconds": build.progress[-1]["seconds"] if build.progress else 0,
    }


def _watchers(build: RosterBuild) -> list[str]:
    """Who hears of a build's progress live: the planner who asked for it (the roster page
    also reads the build while it runs, for everyone else)."""
    return [user_group(build.requested_by_id)] if build.requested_by_id else []


def _announce(build: RosterBuild) -> None:
    publish_on_commit(_watchers(build), "roster.build", build_payload(build))


def build_run(build_id: int) -> None:
    """Run one build (the Celery task). The solver runs on its own thread; this thread writes
    its progress to the build row and rings the planners twice a second, and stops it when a
    cancel arrives. Only this thread touches the database."""
    with transaction.atomic():
        build = (
            RosterBuild.objects.select_for_update().select_related("period").filter(pk=build_id)
        ).first()
        if build is None or build.status != BuildStatus.QUEUED:
            return  # cancelled before it started, or run already (a redelivered task)
        build.status = BuildStatus.RUNNING
        build.started_at = timezone.now()
        build.save(update_fields=["status", "started_at"])
        _announce(build)
    period = build.period
    try:
        problem = problem_for(period, build.staffing)
    except Exception as exc:  # a broken setting must not leave the build running
        logger.exception("roster build %s could not start", build_id)
        _finish(build, status=BuildStatus.FAILED, error=str(exc))
        return

    found: list[solver.Progress] = []
    stop = threading.Event()
    outcome: dict = {}

    def work():
        try:
            outcome["result"] = solver.solve(
                problem,
                time_limit=build.time_limit_seconds,
                threads=settings.ROSTER_SOLVER_THREADS,
                report=found.append,
                should_stop=stop.is_set,
            )
        except Exception as exc:  # reported below, on the task's thread
            outcome["error"] = exc

    thread = threading.Thread(target=work, name=f"roster-build-{build_id}", daemon=True)
    thread.start()
    written = 0
    while thread.is_alive():
        thread.join(0.5)
        if len(found) > written:
            written = len(found)
            _record_progress(build, found[:written])
        if not stop.is_set() and (
            RosterBuild.objects.filter(pk=build_id, cancel_requested=True).exists()
        ):
            stop.set()
    if "error" in outcome:
        logger.error("roster build %s failed", build_id, exc_info=outcome["error"])
        _finish(build, status=BuildStatus.FAILED, error=str(outcome["error"]))
        return
    _save_result(build, problem, outcome["result"])


def _record_progress(build: RosterBuild, steps: list[solver.Progress]) -> None:
    last = steps[-1]
    build.progress = [
        {"seconds": s.seconds, "objective": s.objective, "bound": s.bound} for s in steps[-200:]
    ]
    build.solutions = last.solutions
    build.objective = last.objective
    build.bound = last.bound
    build.first_solution_seconds = steps[0].seconds
    RosterBuild.objects.filter(pk=build.pk).update(
        progress=build.progress,
        solutions=build.solutions,
        objective=build.objective,
        bound=build.bound,
        first_solution_seconds=build.first_solution_seconds,
    )
    publish(_watchers(build), "roster.build", build_payload(build))


def _finish(build: RosterBuild, *, status: str, error: str = "", **fields) -> None:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(build, name, value)
        build.status = status
        build.error = error
        build.finished_at = timezone.now()
        build.save()
        _announce(build)


def _explain(problem: str) -> str:
    """A solver's diagnosis (``no_supervisor``, ``hours:<person>:<monday>``) in words."""
    if problem == "no_supervisor":
        return _("Nobody on this roster is a supervisor, and every shift needs one.")
    kind, _sep, rest = problem.partition(":")
    if kind == "hours":
        user_id, _sep, monday = rest.partition(":")
        person = QueueMembership.objects.filter(user_id=user_id).select_related("user").first()
        return _("%(person)s cannot work their contracted hours in the week of %(monday)s.") % {
            "person": person.user if person else user_id,
            "monday": monday,
        }
    if kind == "pinned":
        user_id, _sep, day = rest.partition(":")
        return _("A shift set by hand on %(day)s cannot be kept.") % {"day": day}
    return problem


def _save_result(build: RosterBuild, problem: solver.Problem, result: solver.Result) -> None:
    stats = {
        "solver_status": result.status,
        "solutions": len(result.progress),
        "first_solution_seconds": result.first_solution_seconds,
        "objective": result.objective,
        "bound": result.bound,
        "problems": result.problems,
        "progress": [
            {"seconds": s.seconds, "objective": s.objective, "bound": s.bound}
            for s in result.progress[-200:]
        ],
    }
    if not result.placed:
        if result.status == "infeasible":
            error = " ".join(
                [_("The rules cannot all be met by the people of this roster.")]
                + [_explain(problem) for problem in result.problems]
            )
        else:
            error = _("No roster was found within the time limit; allow more time.")
        status = BuildStatus.CANCELLED if result.stopped else BuildStatus.FAILED
        _finish(build, status=status, error=error, **stats)
        return
    with transaction.atomic():
        period = RosterPeriod.objects.select_for_update().get(pk=build.period_id)
        if period.status != RosterStatus.DRAFT:
            _finish(
                build,
                status=BuildStatus.FAILED,
                error=_("The roster was published while it was being built."),
                **stats,
            )
            return
        types = {t.code: t for t in ShiftType.objects.filter(is_active=True)}
        kept = set(period.assignments.filter(pinned=True).values_list("user_id", "day"))
        period.assignments.filter(pinned=False).delete()
        ShiftAssignment.objects.bulk_create(
            [
                ShiftAssignment(
                    period=period,
                    user_id=p.worker,
                    day=p.day,
                    shift_type=types[p.shift],
                    queue_id=p.queue,
                )
                for p in result.placed
                if (p.worker, p.day) not in kept
            ]
        )
        found = violations_of(period)
        _finish(
            build,
            status=BuildStatus.CANCELLED if result.stopped else BuildStatus.DONE,
            uncovered=[
                {"queue": q, "day": day.isoformat(), "slot": slot, "missing": missing}
                for q, day, slot, missing in result.uncovered
            ],
            violations=len(found),
            **stats,
        )


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
