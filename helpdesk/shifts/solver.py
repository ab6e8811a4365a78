"""The roster builder: OR-Tools CP-SAT over plain data (no database here).

The model, per person ``p``, day ``d``, shift type ``s`` and queue ``q`` the person belongs to,
has one yes/no variable "p works s on d for q". Hard rules (docs/staffing.md) are constraints;
covering demand is the first soft goal, weighted so far above the others that the solver gives
up fairness, wishes and tidiness before it leaves a half-hour short, and demand that people
cannot meet comes back as uncovered intervals instead of a failure. The independent checker
(``checker.py``) re-reads what comes out; nothing here is shared with it.

Times are wall-clock minutes from midnight of the roster's first day (the department's zone).
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ortools.sat.python import cp_model

REST_MINUTES = 11 * 60
SLOT = 30
SLOTS = 48

# Objective weights, as multiples of ``unit`` (the fair-share scale, see _fairness).
UNDER_WEIGHT = 40  # one person missing for one half-hour
WISH_WEIGHT = 1  # one wish (times its weight 1–5) not met, against one shift off fair share
OVER_WEIGHT = 1  # one person more than needed for one half-hour (absolute, not times unit)
# Share of the time limit the first phase (coverage alone) may take when it cannot prove its
# optimum sooner; it usually proves a shortfall of 0 within a second or two.
COVER_SHARE = 0.25


@dataclass(frozen=True)
class ShiftSpec:
    code: str
    start_minute: int
    minutes: int
    is_night: bool = False


@dataclass(frozen=True)
class Wish:
    want: bool
    weekday: int | None = None
    shift: str | None = None
    weight: int = 1


@dataclass(frozen=True)
class Worker:
    id: int
    queues: tuple[int, ...]
    is_supervisor: bool = False
    contracted_minutes_per_week: int = 40 * 60
    hours_tolerance_percent: int = 10
    max_consecutive_days: int = 5
    max_shifts_per_week: int = 5
    unavailable_weekdays: frozenset[int] = frozenset()
    leave_days: frozenset[date] = frozenset()
    wishes: tuple[Wish, ...] = ()


@dataclass(frozen=True)
class Placed:
    worker: int
    day: date
    shift: str
    queue: int


@dataclass
class Problem:
    first_day: date
    days: int
    shifts: list[ShiftSpec]
    workers: list[Worker]
    # People needed per (queue, day, half-hour slot 0–47); absent means 0.
    need: dict[tuple[int, date, int], int] = field(default_factory=dict)
    pinned: list[Placed] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    seconds: float
    objective: float
    bound: float
    solutions: int


@dataclass
class Result:
    status: str  # optimal, feasible, infeasible, unknown (no roster found in time), invalid
    placed: list[Placed]
    uncovered: list[tuple[int, date, int, int]]  # (queue, day, slot, people missing)
    objective: float | None
    bound: float | None
    first_solution_seconds: float | None
    seconds: float
    progress: list[Progress]
    stopped: bool = False
    problems: list[str] = field(default_factory=list)  # why the hard rules cannot all hold


def leave_credit(worker: Worker, days_on_leave: int) -> int:
    """Minutes a week's days of leave count towards the contract's lower band: an average
    contracted day (the contract over the most shifts a week) per day of leave."""
    per_day = worker.contracted_minutes_per_week / worker.max_shifts_per_week
    return math.ceil(per_day * days_on_leave)


def hours_band(worker: Worker) -> tuple[int, int]:
    c, tol = worker.contracted_minutes_per_week, worker.hours_tolerance_percent
    return math.ceil(c * (100 - tol) / 100), math.floor(c * (100 + tol) / 100)


def whole_weeks(first_day: date, days: int) -> list[list[int]]:
    """Day indexes of each Monday–Sunday week wholly inside the period."""
    weeks = []
    for i in range(days):
        day = first_day + timedelta(days=i)
        if day.weekday() == 0 and i + 6 < days:
            weeks.append(list(range(i, i + 7)))
    return weeks


def calendar_weeks(first_day: date, days: int) -> list[list[int]]:
    """Day indexes of every Monday–Sunday week the period touches (partial ones too)."""
    by_week: dict[date, list[int]] = defaultdict(list)
    for i in range(days):
        day = first_day + timedelta(days=i)
        by_week[day - timedelta(days=day.weekday())].append(i)
    return list(by_week.values())


def diagnose(problem: Problem) -> list[str]:
    """Plain reasons the hard rules cannot all hold, found without the solver (the common
    ones: too few supervisors, a contract the shifts cannot give)."""
    found = []
    longest = max((s.minutes for s in problem.shifts), default=0)
    if problem.workers and not any(w.is_supervisor for w in problem.workers):
        found.append("no_supervisor")  # nobody may work a shift without one
    for w in problem.workers:
        low, _high = hours_band(w)
        for week in whole_weeks(problem.first_day, problem.days):
            dates = [problem.first_day + timedelta(days=i) for i in week]
            on_leave = sum(1 for d in dates if d in w.leave_days)
            free = sum(
                1
                for d in dates
                if d not in w.leave_days and d.weekday() not in w.unavailable_weekdays
            )
            most = min(free, w.max_shifts_per_week) * longest
            if most + leave_credit(w, on_leave) < low:
                found.append(f"hours:{w.id}:{dates[0].isoformat()}")
    return found


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Hears of every roster either phase finds and reports its full objective (phase 1's own
    objective is the shortfall alone, and its bound says nothing of the full one: 0 there)."""

    def __init__(self, started: float, report: Callable[[Progress], None] | None, objective):
        super().__init__()
        self.started = started
        self.report = report
        self.objective = objective
        self.full_bound = False
        self.progress: list[Progress] = []
        self.first: float | None = None

    def on_solution_callback(self) -> None:
        now = time.monotonic() - self.started
        if self.first is None:
            self.first = now
        value = self.value(self.objective)
        if self.progress and value == self.progress[-1].objective:
            return  # phase 2's first roster is phase 1's last
        step = Progress(
            seconds=round(now, 3),
            objective=value,
            bound=self.best_objective_bound if self.full_bound else 0.0,
            solutions=len(self.progress) + 1,
        )
        self.progress.append(step)
        if self.report:
            self.report(step)


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    threads: int = 2,
    seed: int = 0,
    report: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Result:
    """Build the roster. ``report`` hears of every better roster found; ``should_stop`` is
    polled twice a second and ends the search early (the best roster so far is kept)."""
    started = time.monotonic()
    model = cp_model.CpModel()
    first, days = problem.first_day, problem.days
    dates = [first + timedelta(days=i) for i in range(days)]
    shifts = {s.code: s for s in problem.shifts}
    codes = list(shifts)
    x: dict[tuple[int, int, str, int], cp_model.IntVar] = {}
    works: dict[tuple[int, int, str], list] = defaultdict(list)  # (worker, day, shift) -> vars

    for w in problem.workers:
        for i, day in enumerate(dates):
            if day in w.leave_days or day.weekday() in w.unavailable_weekdays:
                continue
            for code in codes:
                for q in w.queues:
                    var = model.new_bool_var(f"x{w.id}_{i}_{code}_{q}")
                    x[w.id, i, code, q] = var
                    works[w.id, i, code].append(var)

    def on(wid: int, i: int, code: str):
        return sum(works.get((wid, i, code), []))

    def day_on(wid: int, i: int):
        return sum(v for code in codes for v in works.get((wid, i, code), []))

    problems: list[str] = []
    for p in problem.pinned:
        var = x.get((p.worker, (p.day - first).days, p.shift, p.queue))
        if var is None:
            problems.append(f"pinned:{p.worker}:{p.day.isoformat()}")
        else:
            model.add(var == 1)

    # Rest: every pair of shifts closer than 11 hours (same day is one-a-day below).
    clash = []
    for a, b in itertools.product(codes, repeat=2):
        sa, sb = shifts[a], shifts[b]
        for gap_days in (1, 2):
            rest = gap_days * 1440 + sb.start_minute - (sa.start_minute + sa.minutes)
            if rest < REST_MINUTES:
                clash.append((a, b, gap_days))

    for w in problem.workers:
        for i in range(days):
            model.add(day_on(w.id, i) <= 1)
            for a, b, gap in clash:
                if i + gap < days and works.get((w.id, i, a)) and works.get((w.id, i + gap, b)):
                    model.add(on(w.id, i, a) + on(w.id, i + gap, b) <= 1)
        n = w.max_consecutive_days
        for start in range(days - n):
            model.add(sum(day_on(w.id, i) for i in range(start, start + n + 1)) <= n)
        for week in calendar_weeks(first, days):
            model.add(sum(day_on(w.id, i) for i in week) <= w.max_shifts_per_week)
        low, high = hours_band(w)
        for week in whole_weeks(first, days):
            minutes = sum(
                shifts[code].minutes * v
                for i in week
                for code in codes
                for v in works.get((w.id, i, code), [])
            )
            credit = leave_credit(w, sum(1 for i in week if dates[i] in w.leave_days))
            model.add(minutes <= high)
            model.add(minutes >= low - credit)

    # A supervisor on every shift anyone works.
    supervisors = [w.id for w in problem.workers if w.is_supervisor]
    for i in range(days):
        for code in codes:
            lead = sum(on(s, i, code) for s in supervisors)
            for w in problem.workers:
                if not w.is_supervisor and works.get((w.id, i, code)):
                    model.add(on(w.id, i, code) <= lead)

    # Coverage per queue and half-hour: people on shift (a shift crossing midnight counts into
    # the next day's first half-hours).
    covering: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)  # (day, slot)
    for i in range(days):
        for code in codes:
            s = shifts[code]
            begin = i * 1440 + s.start_minute
            for minute in range(begin - begin % SLOT, begin + s.minutes, SLOT):
                if minute // 1440 < days:
                    covering[minute // 1440, (minute % 1440) // SLOT].append((i, code))
    queue_ids = sorted(
        {q for w in problem.workers for q in w.queues} | {k[0] for k in problem.need}
    )
    members: dict[int, list[int]] = defaultdict(list)
    for w in problem.workers:
        for q in w.queues:
            members[q].append(w.id)

    # Half-hours covered by the same shifts share one coverage variable; within such a segment,
    # the shortfall and the surplus are counted once per distinct level of need (times how
    # many half-hours have it), which keeps the model small without changing its optimum.
    segments: dict[tuple, tuple[list, dict[int, int]]] = {}
    for q in queue_ids:
        for i in range(days):
            for slot in range(SLOTS):
                terms = [
                    x[wid, d, code, q]
                    for d, code in covering.get((i, slot), [])
                    for wid in members[q]
                    if (wid, d, code, q) in x
                ]
                if not terms:
                    continue
                key = (q, *sorted(t.index for t in terms))
                levels = segments.setdefault(key, (terms, defaultdict(int)))[1]
                levels[problem.need.get((q, dates[i], slot), 0)] += 1
    under_terms, over_terms = [], []
    for key, (terms, levels) in segments.items():
        cov = model.new_int_var(0, len(terms), f"cov{key[0]}_{len(under_terms)}")
        model.add(cov == sum(terms))
        for need, count in levels.items():
            if need > 0:
                under = model.new_int_var(0, need, "under")
                model.add(cov + under >= need)
                under_terms.append(count * under)
            if need < len(terms):
                over = model.new_int_var(0, len(terms) - need, "over")
                model.add(over >= cov - need)
                over_terms.append(count * over)

    # Fairness: nights and weekend days, each person's deviation from a fair share in
    # proportion to the days they can work times their contract.
    unit, fair_terms = _fairness(model, problem, dates, shifts, works)

    wish_terms = []
    for w in problem.workers:
        for wish in w.wishes:
            for i, day in enumerate(dates):
                if wish.weekday is not None and day.weekday() != wish.weekday:
                    continue
                chosen = [
                    v
                    for code in codes
                    if wish.shift in (None, code)
                    for v in works.get((w.id, i, code), [])
                ]
                if not chosen:
                    continue
                sign = -1 if wish.want else 1
                wish_terms.append(sign * wish.weight * sum(chosen))

    objective = (
        UNDER_WEIGHT * unit * sum(under_terms)
        + sum(fair_terms)
        + WISH_WEIGHT * unit * sum(wish_terms)
        + OVER_WEIGHT * sum(over_terms)
    )
    short_total = sum(under_terms)
    watcher = _Watcher(started, report, objective)
    current: list[cp_model.CpSolver] = []

    def remaining() -> float:
        return time_limit - (time.monotonic() - started)

    def run(limit: float) -> tuple[cp_model.CpSolver, int]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, limit)
        solver.parameters.num_workers = max(1, threads)
        solver.parameters.random_seed = seed
        current[:] = [solver]
        if stopped.is_set():
            solver.stop_search()
        return solver, solver.solve(model, watcher)

    done = threading.Event()
    stopped = threading.Event()
    if should_stop:

        def poll():
            while not done.wait(0.5):
                if should_stop():
                    stopped.set()
                    for solver in current:
                        solver.stop_search()
                    return

        threading.Thread(target=poll, daemon=True, name="roster-stop").start()
    try:
        # Phase 1: cover the demand and nothing else. With the full objective, where one
        # person-half-hour short outweighs everything else by far, CP-SAT's first rosters come
        # late and leave hundreds of coverable half-hours short; alone, the shortfall's optimum
        # is found and proved in about a second.
        model.minimize(short_total)
        solver, status = run(min(remaining(), time_limit * COVER_SHARE))
        full_run = True
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if stopped.is_set() or remaining() < 0.2:
                full_run = False
            else:
                # Phase 2: the full objective, the shortfall held at phase 1's best, starting
                # from phase 1's roster (every variable hinted, so it is the first solution).
                for index in range(len(model.proto.variables)):
                    var = model.get_int_var_from_proto_index(index)
                    model.add_hint(var, solver.value(var))
                model.add(short_total <= round(solver.objective_value))
        elif status != cp_model.UNKNOWN or stopped.is_set():
            full_run = False  # infeasible or invalid: no second phase can do better
        if full_run:
            model.minimize(objective)
            watcher.full_bound = True
            second, second_status = run(remaining())
            if second_status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                solver, status = second, second_status
    finally:
        done.set()

    name = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
        cp_model.MODEL_INVALID: "invalid",
    }.get(status, "unknown")
    placed: list[Placed] = []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placed = [
            Placed(wid, dates[i], code, q)
            for (wid, i, code, q), var in x.items()
            if solver.boolean_value(var)
        ]
        placed.sort(key=lambda p: (p.day, p.worker))
    elif status == cp_model.INFEASIBLE:
        problems.extend(diagnose(problem))
    return Result(
        status=name,
        placed=placed,
        uncovered=shortfall(problem, placed) if placed else [],
        objective=solver.value(objective) if placed else None,
        bound=solver.best_objective_bound if placed and watcher.full_bound else None,
        first_solution_seconds=watcher.first,
        seconds=round(time.monotonic() - started, 3),
        progress=watcher.progress,
        stopped=stopped.is_set(),
        problems=problems,
    )


def _fairness(model, problem, dates, shifts, works):
    """Terms ``|count_p · W − total · share_p|`` for nights and for weekend days, where
    ``share_p`` is person p's days available times their contract (in hours) and ``W`` the sum
    of the shares. Supervisors and everyone else are two separate pools (a supervisor on every
    shift gives supervisors their own share of nights). One shift off a fair share costs about
    ``W``, which is returned as the unit the other weights are scaled by."""
    share = {}
    for w in problem.workers:
        free = sum(
            1 for d in dates if d not in w.leave_days and d.weekday() not in w.unavailable_weekdays
        )
        share[w.id] = max(0, round(free / len(dates) * w.contracted_minutes_per_week / 60))
    common = math.gcd(*share.values()) or 1
    share = {k: v // common for k, v in share.items()}
    pools = [
        [w for w in problem.workers if w.is_supervisor],
        [w for w in problem.workers if not w.is_supervisor],
    ]
    unit = max(sum(share[w.id] for w in pool) for pool in pools) or 1
    night_codes = [c for c, s in shifts.items() if s.is_night]
    weekend = [i for i, d in enumerate(dates) if d.weekday() >= 5]
    groups = [
        ([(i, c) for i in range(len(dates)) for c in night_codes], _avoids_nights),
        ([(i, c) for i in weekend for c in shifts], _avoids_weekends),
    ]
    terms = []
    for whole in pools:
        for cells, avoids in groups:
            # Whoever wishes to avoid the whole group is left to their wish: a fair share would
            # pull them back towards the pool's count and outweigh it.
            pool = [w for w in whole if not avoids(w, night_codes)]
            pool_share = sum(share[w.id] for w in pool)
            if len(pool) < 2 or not pool_share or not cells:
                continue
            scale = unit / pool_share  # so that one shift off costs about ``unit`` in every pool
            counts = {
                w.id: sum(v for i, c in cells for v in works.get((w.id, i, c), [])) for w in pool
            }
            total = model.new_int_var(0, len(cells) * len(pool), "fair_total")
            model.add(total == sum(counts.values()))
            bound = len(cells) * pool_share * 2
            for w in pool:
                dev = model.new_int_var(0, bound, f"dev{w.id}")
                model.add(dev >= counts[w.id] * pool_share - total * share[w.id])
                model.add(dev >= total * share[w.id] - counts[w.id] * pool_share)
                # Beyond one shift off the fair share, each further shift costs three times as
                # much: the search trims the outliers first (the fairness spread).
                excess = model.new_int_var(0, bound, f"excess{w.id}")
                model.add(excess >= dev - pool_share)
                weight = max(1, round(scale))
                terms.extend([weight * dev, 2 * weight * excess])
    return unit, terms


def _avoids_nights(w: Worker, night_codes: list[str]) -> bool:
    return any(
        not wish.want and wish.weekday is None and wish.shift in night_codes for wish in w.wishes
    )


def _avoids_weekends(w: Worker, night_codes: list[str]) -> bool:
    days = {wish.weekday for wish in w.wishes if not wish.want and wish.shift is None}
    return {5, 6} <= days


def shortfall(problem: Problem, placed: list[Placed]) -> list[tuple[int, date, int, int]]:
    """``(queue, day, slot, missing)`` for every half-hour with fewer people than needed."""
    shifts = {s.code: s for s in problem.shifts}
    on: dict[tuple[int, date, int], int] = defaultdict(int)
    for p in placed:
        s = shifts[p.shift]
        begin = (p.day - problem.first_day).days * 1440 + s.start_minute
        for minute in range(begin - begin % SLOT, begin + s.minutes, SLOT):
            day = problem.first_day + timedelta(days=minute // 1440)
            on[p.queue, day, (minute % 1440) // SLOT] += 1
    return sorted(
        (q, day, slot, need - on[q, day, slot])
        for (q, day, slot), need in problem.need.items()
        if on[q, day, slot] < need
    )
