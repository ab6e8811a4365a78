"""The roster bench's instance and how a roster is measured against it (no solver, no printing).

- The instance: 50 people, 28 days from a Monday, shifts Early 06-14, Late 14-22, Night 22-06,
  8 supervisors, two queues (calls, chats), leave, weekdays off, wishes, and the need per queue
  and half-hour from a daily curve (``build_problem``, seeded), with the half-hours each shift
  covers and the people each shift must hold.
- Measuring a roster (``measure``): hard-rule violations by ``helpdesk.shifts.checker``, uncovered
  half-hours per queue (apart from those no shift can reach), over-staffing, the spreads of nights
  and weekend shifts within comparable pools, and wishes not met.

Used by bench/roster_bench.py and bench/roster_peer.py.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from datetime import date, timedelta

from helpdesk.shifts import checker, solver

FIRST_DAY = date(2027, 2, 1)  # a Monday
DAYS = 28
PEOPLE = 50
SUPERVISORS = 8
PART_TIMERS = 8  # 32 h a week, at most 4 shifts
CALLS, CHATS = 1, 2
QUEUE_NAMES = {CALLS: "calls", CHATS: "chats"}
SHIFTS = [
    solver.ShiftSpec("E", 6 * 60, 480),
    solver.ShiftSpec("L", 14 * 60, 480),
    solver.ShiftSpec("N", 22 * 60, 480, is_night=True),
]
SPEC = {s.code: s for s in SHIFTS}
LONGEST = max(s.minutes for s in SHIFTS)
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

# People needed on a Tuesday-to-Thursday, per queue and hour 00-23 (both half-hours).
CURVE = {
    CALLS: [1] * 6 + [3, 5, 6, 8, 8, 8, 7, 7, 6, 6, 6, 7, 7, 7, 4, 4, 2, 2],
    CHATS: [1] * 6 + [2, 2, 3, 3, 5, 5, 5, 4, 4, 4, 4, 6, 6, 6, 6, 3, 1, 1],
}
# Monday is busier, Friday a little lighter, weekends about two thirds.
DAY_FACTOR = [1.1, 1.0, 1.0, 1.0, 0.95, 0.65, 0.65]
NOISE = 0.1  # chance that a daytime half-hour (08:00-21:00) needs one person more


# --- the instance -------------------------------------------------------------------------------


def build_problem(seed: int) -> tuple[solver.Problem, dict]:
    """The seeded instance, and a description of what went into it."""
    rng = random.Random(seed)
    ids = list(range(1, PEOPLE + 1))
    supervisors = set(ids[:SUPERVISORS])
    others = ids[SUPERVISORS:]
    shuffled = others[:]
    rng.shuffle(shuffled)
    part_timers = set(shuffled[:PART_TIMERS])
    # Queues: supervisors lead both; of the rest 18 take calls only, 12 chats only, 12 both.
    rng.shuffle(shuffled)
    queues = {i: (CALLS, CHATS) for i in supervisors}
    queues.update({i: (CALLS,) for i in shuffled[:18]})
    queues.update({i: (CHATS,) for i in shuffled[18:30]})
    queues.update({i: (CALLS, CHATS) for i in shuffled[30:]})

    # Who is special: distinct people, so that comparable pools are left for the spreads.
    special = ids[:]
    rng.shuffle(special)
    leave: dict[int, frozenset[date]] = {}
    for wid in special[:6]:  # approved leave, 2-5 days in a row
        length = rng.randint(2, 5)
        start = rng.randint(0, DAYS - length)
        leave[wid] = frozenset(FIRST_DAY + timedelta(days=start + k) for k in range(length))
    off_sets = [{2}, {6}, {5, 6}, {0}, {4}]  # weekdays never worked
    not_sup = [i for i in special[6:] if i not in supervisors]
    unavailable = {wid: frozenset(off) for wid, off in zip(not_sup, off_sets, strict=False)}
    rest = [i for i in special[6:] if i not in unavailable]
    avoid_nights = rest[:3]
    weekends_off = rest[3:6]
    wishes: dict[int, tuple[solver.Wish, ...]] = {}
    for wid in avoid_nights:
        wishes[wid] = (solver.Wish(want=False, shift="N", weight=3),)
    for wid in weekends_off:
        wishes[wid] = (
            solver.Wish(want=False, weekday=5, weight=2),
            solver.Wish(want=False, weekday=6, weight=2),
        )

    workers = []
    for wid in ids:
        part = wid in part_timers
        workers.append(
            solver.Worker(
                id=wid,
                queues=queues[wid],
                is_supervisor=wid in supervisors,
                contracted_minutes_per_week=(32 if part else 40) * 60,
                hours_tolerance_percent=10,
                max_consecutive_days=5,
                max_shifts_per_week=4 if part else 5,
                unavailable_weekdays=unavailable.get(wid, frozenset()),
                leave_days=leave.get(wid, frozenset()),
                wishes=wishes.get(wid, ()),
            )
        )

    need: dict[tuple[int, date, int], int] = {}
    for i in range(DAYS):
        day = FIRST_DAY + timedelta(days=i)
        factor = DAY_FACTOR[day.weekday()]
        for q, curve in CURVE.items():
            for slot in range(solver.SLOTS):
                people = max(1, math.ceil(curve[slot // 2] * factor - 1e-9))
                if 16 <= slot < 42 and rng.random() < NOISE:
                    people += 1
                need[q, day, slot] = people

    problem = solver.Problem(
        first_day=FIRST_DAY, days=DAYS, shifts=list(SHIFTS), workers=workers, need=need
    )
    about = {
        "supervisors": supervisors,
        "part_timers": part_timers,
        "leave": leave,
        "unavailable": unavailable,
        "avoid_nights": avoid_nights,
        "weekends_off": weekends_off,
    }
    return problem, about


def shift_slots(day_index: int, code: str) -> list[tuple[int, int]]:
    """``(day index, slot)`` of every half-hour the shift worked on ``day_index`` covers (inside
    the roster; a night shift reaches into the next morning)."""
    s = SPEC[code]
    begin = day_index * 1440 + s.start_minute
    return [
        (m // 1440, (m % 1440) // solver.SLOT)
        for m in range(begin, begin + s.minutes, solver.SLOT)
        if m // 1440 < DAYS
    ]


def inherent_slots() -> set[tuple[int, int]]:
    """Half-hours no shift of this roster can reach (the first night's 00:00-06:00)."""
    reached = {ds for i in range(DAYS) for code in SPEC for ds in shift_slots(i, code)}
    return {(i, s) for i in range(DAYS) for s in range(solver.SLOTS)} - reached


def implied_people(problem: solver.Problem) -> dict[str, list[int]]:
    """People each shift of each day must hold so that every queue's half-hours are covered:
    per queue the most the need asks in any of the shift's half-hours, summed over queues."""
    dates = [problem.first_day + timedelta(days=i) for i in range(DAYS)]
    queues = sorted({q for q, _d, _s in problem.need})
    return {
        code: [
            sum(
                max(
                    (problem.need.get((q, dates[d], s), 0) for d, s in shift_slots(i, code)),
                    default=0,
                )
                for q in queues
            )
            for i in range(DAYS)
        ]
        for code in SPEC
    }


# --- measuring a roster -------------------------------------------------------------------------


def checker_roster(problem: solver.Problem, placed: list[solver.Placed]) -> checker.Roster:
    """The checker's own data classes, filled from plain values (as the solver tests do)."""
    return checker.Roster(
        first_day=problem.first_day,
        days=problem.days,
        shifts={
            s.code: checker.Shift(s.code, s.start_minute, s.minutes, s.is_night)
            for s in problem.shifts
        },
        people={
            w.id: checker.Person(
                id=w.id,
                contracted_minutes_per_week=w.contracted_minutes_per_week,
                hours_tolerance_percent=w.hours_tolerance_percent,
                max_consecutive_days=w.max_consecutive_days,
                max_shifts_per_week=w.max_shifts_per_week,
                unavailable_weekdays=w.unavailable_weekdays,
                leave_days=w.leave_days,
                is_supervisor=w.is_supervisor,
            )
            for w in problem.workers
        },
        assignments=[checker.Assignment(p.worker, p.day, p.shift) for p in placed],
    )


def comparable_pools(problem: solver.Problem) -> list[tuple[str, list[int]]]:
    """People whose fair shares of nights and weekends are equal: the same role (supervisors
    and the rest apart), the same contract, no leave, no weekday off, no wish."""
    pools: dict[tuple[bool, int], list[int]] = defaultdict(list)
    for w in problem.workers:
        if w.leave_days or w.unavailable_weekdays or w.wishes:
            continue
        pools[w.is_supervisor, w.contracted_minutes_per_week].append(w.id)
    named = []
    for (sup, minutes), ids in sorted(pools.items(), reverse=True):
        if len(ids) >= 2:
            named.append((f"{'supervisors' if sup else 'agents'} {minutes // 60} h", ids))
    return named


def measure(problem: solver.Problem, placed: list[solver.Placed]) -> dict:
    roster = checker_roster(problem, placed)
    found = checker.violations(roster)
    inherent = inherent_slots()
    dates = {problem.first_day + timedelta(days=i): i for i in range(DAYS)}
    short, short_inherent = [], []
    for q in sorted({q for q, _d, _s in problem.need}):
        mine = checker.Roster(
            roster.first_day,
            roster.days,
            roster.shifts,
            roster.people,
            [checker.Assignment(p.worker, p.day, p.shift) for p in placed if p.queue == q],
        )
        need = {(d, s): n for (qq, d, s), n in problem.need.items() if qq == q}
        for day, slot, missing in checker.uncovered(mine, need):
            (short_inherent if (dates[day], slot) in inherent else short).append(
                (q, day, slot, missing)
            )
    on: Counter = Counter()
    for p in placed:
        for d, s in shift_slots(dates[p.day], p.shift):
            on[p.queue, d, s] += 1
    over = sum(
        max(0, n - problem.need.get((q, problem.first_day + timedelta(days=d), s), 0))
        for (q, d, s), n in on.items()
    )
    nights = Counter(p.worker for p in placed if SPEC[p.shift].is_night)
    weekends = Counter(p.worker for p in placed if p.day.weekday() >= 5)
    spreads = []
    for name, ids in comparable_pools(problem):
        n = [nights[i] for i in ids]
        w = [weekends[i] for i in ids]
        spreads.append((name, len(ids), min(n), max(n), min(w), max(w)))
    wishes_broken = Counter()
    for w in problem.workers:
        for wish in w.wishes:
            for p in placed:
                if p.worker != w.id or wish.want:
                    continue
                if wish.weekday is not None and p.day.weekday() != wish.weekday:
                    continue
                if wish.shift is not None and p.shift != wish.shift:
                    continue
                wishes_broken["nights" if wish.shift == "N" else "weekends"] += 1
    return {
        "violations": found,
        "by_rule": Counter(v.rule for v in found),
        "short": short,
        "short_inherent": short_inherent,
        "over": over,
        "spreads": spreads,
        "night_spread": max((b - a for _n, _c, a, b, _x, _y in spreads), default=0),
        "weekend_spread": max((y - x for _n, _c, _a, _b, x, y in spreads), default=0),
        "wishes_broken": wishes_broken,
        "shifts": len(placed),
    }
