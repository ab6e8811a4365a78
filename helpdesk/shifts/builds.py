"""Roster builds: queueing a build of a draft period, running the solver, and its outcome.

A planner starts a build (one at a time per period); a Celery task runs the solver on its own
thread while the task's thread writes the progress to the build row and rings the planner who
asked for it. A build can be cancelled; one whose worker was lost is failed by ``expire_lost``
so it does not block the period. A finished build replaces the period's unpinned shifts (hand
edits are pinned and kept) and records what it could not cover and the rules still broken.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Conflict, ServiceError
from helpdesk.common.queueing import enqueue
from helpdesk.queues.models import Kind, QueueMembership
from helpdesk.realtime.groups import user_group
from helpdesk.realtime.publish import publish, publish_on_commit

from . import solver
from .models import (
    ACTIVE_BUILDS,
    BuildStatus,
    RosterBuild,
    RosterPeriod,
    RosterStatus,
    ShiftAssignment,
    ShiftType,
)
from .rosters import STAFFING_FIELDS, problem_for, require_plan, violations_of

logger = logging.getLogger(__name__)

MAX_TIME_LIMIT = 600


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
