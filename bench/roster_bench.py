"""The roster builder on a month for 50 people: our CP-SAT model beside pyworkforce's, same run.

    .venv/bin/python bench/roster_bench.py [--seconds 30] [--seed 0] [--skip-peer]

Pure Python, no database. Builds one seeded, realistic instance (50 people, 28 days from a
Monday, Early 06-14, Late 14-22, Night 22-06, 8 supervisors, two queues, leave, weekdays off,
wishes, demand per queue and half-hour with a daily curve), solves it with
``helpdesk.shifts.solver.solve`` (every improving roster recorded), and holds the roster to
``helpdesk.shifts.checker`` (hard rules, coverage). Then, unless ``--skip-peer`` or pyworkforce
is missing (``.venv/bin/pip install -e ".[bench]"``), the same instance goes to pyworkforce's
``MinHoursRoster`` with the same time limit, and its roster is measured the same way. See
bench/README.md ("Roster builder") for the translation and the figures.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpdesk.shifts import checker, solver  # noqa: E402

TARGET_FIRST_SECONDS = 2.0
TARGET_SPREAD = 2
CHECKPOINTS = (2.0, 10.0, 30.0)

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


# --- our solver ---------------------------------------------------------------------------------


def run_ours(problem: solver.Problem, args) -> tuple[solver.Result, dict | None]:
    cpu = time.process_time()
    result = solver.solve(
        problem, time_limit=args.seconds, threads=args.threads, seed=args.solver_seed
    )
    args.cpu_seconds = time.process_time() - cpu
    return result, measure(problem, result.placed) if result.placed else None


def objective_at(result: solver.Result, seconds: float) -> float | None:
    best = None
    for step in result.progress:
        if step.seconds <= seconds:
            best = step.objective
    return best


# --- the peer: pyworkforce's MinHoursRoster -----------------------------------------------------


def rest_pairs() -> list[tuple[str, str]]:
    """Pairs of shifts on consecutive days with less than 11 hours between them (derived from
    the shift times, so it stays right if they change)."""
    pairs = []
    for a in SHIFTS:
        for b in SHIFTS:
            if 1440 + b.start_minute - (a.start_minute + a.minutes) < solver.REST_MINUTES:
                pairs.append((a.code, b.code))
    return pairs


def minimum_shifts(w: solver.Worker) -> int:
    """Shifts the contract's lower band asks of a person over the whole weeks (leave counted)."""
    low, _high = solver.hours_band(w)
    total = 0
    for week in solver.whole_weeks(FIRST_DAY, DAYS):
        days = [FIRST_DAY + timedelta(days=i) for i in week]
        credit = solver.leave_credit(w, sum(1 for d in days if d in w.leave_days))
        total += math.ceil(max(0, low - credit) / LONGEST)
    return total


def peer_inputs(problem: solver.Problem, pairs: list[tuple[str, str]], seconds: float) -> dict:
    dates = [problem.first_day + timedelta(days=i) for i in range(DAYS)]
    banned = [
        {"resource": str(w.id), "shift": code, "day": i}
        for w in problem.workers
        for i, d in enumerate(dates)
        if d in w.leave_days or d.weekday() in w.unavailable_weekdays
        for code in SPEC
    ]
    fewest = min(minimum_shifts(w) for w in problem.workers)
    return {
        "num_days": DAYS,
        "resources": [str(w.id) for w in problem.workers],
        "shifts": list(SPEC),
        "shifts_hours": [SPEC[c].minutes // 60 for c in SPEC],
        "min_working_hours": fewest * LONGEST // 60,
        "banned_shifts": banned,
        "max_resting": DAYS - fewest,
        "required_resources": implied_people(problem),
        "non_sequential_shifts": [{"origin": a, "destination": b} for a, b in pairs],
        "max_search_time": seconds,
        "num_search_workers": 2,
    }


def assign_queues(problem: solver.Problem, worked: list[tuple[int, int, str]]) -> list:
    """pyworkforce places people on shifts, not on queues: a one-queue person works their queue;
    on each shift, people in both queues go one by one to the queue where one more person
    covers the most missing people-half-hours (greedy, which is optimal here: a queue's gain
    from one more person never grows)."""
    dates = [problem.first_day + timedelta(days=i) for i in range(DAYS)]
    queues = {w.id: w.queues for w in problem.workers}
    crews: dict[tuple[int, str], list[int]] = defaultdict(list)
    for wid, i, code in worked:
        crews[i, code].append(wid)
    placed = []
    for (i, code), crew in sorted(crews.items()):
        slots = shift_slots(i, code)
        count: Counter = Counter()
        for wid in sorted(crew, key=lambda w: (len(queues[w]), w)):
            options = queues[wid]

            def gain(q, count=count, slots=slots):
                return sum(1 for d, s in slots if problem.need.get((q, dates[d], s), 0) > count[q])

            q = max(options, key=lambda q: (gain(q), -count[q], -q))
            count[q] += 1
            placed.append(solver.Placed(wid, dates[i], code, q))
    return placed


def run_peer(problem: solver.Problem, pairs: list[tuple[str, str]], seconds: float) -> dict:
    from pyworkforce.rostering.binary_programming import MinHoursRoster

    started = time.monotonic()
    roster = MinHoursRoster(**peer_inputs(problem, pairs, seconds))
    answer = roster.solve()
    took = time.monotonic() - started
    run = {"status": answer["status"], "seconds": took, "pairs": pairs}
    if answer["status"] in ("OPTIMAL", "FEASIBLE"):
        worked = [(int(a["resource"]), a["day"], a["shift"]) for a in answer["resource_shifts"]]
        run.update(measure(problem, assign_queues(problem, worked)))
    return run


def describe_peer(problem: solver.Problem) -> None:
    given = peer_inputs(problem, [], 0)
    fewest = min(problem.workers, key=minimum_shifts)
    print(
        f"   inputs: required_resources per shift and day as the need implies (above);"
        f" min_working_hours {given['min_working_hours']} and max_resting {given['max_resting']}"
        f" for everyone (one figure: the fewest any band asks, #{fewest.id}'s);"
        f" {len(given['banned_shifts'])} banned (person, day, shift) for leave and weekdays off"
    )


def peer_variants() -> list[tuple[str, list[tuple[str, str]]]]:
    """The rest rule as pyworkforce is told it. Its constraint, per origin shift s,
    ``sum_j(x[d][s]·banned[s][j] + x[d+1][j]) <= 1``, forbids an origin with two banned
    successors outright and gives a whole day off after any origin; so the faithful pairs leave
    it no roster, and it is run again with less until it has one (our checker then counts the
    rest breaks)."""
    pairs = rest_pairs()
    one_each = [(a, b) for a, b in pairs if b == min(bb for aa, bb in pairs if aa == a)]
    return [
        ("faithful: every pair under 11 h", pairs),
        ("one banned successor per shift", one_each),
        ("no rest pairs", []),
    ]


# --- printing -----------------------------------------------------------------------------------


def fmt(value, digits=0) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def describe(problem: solver.Problem, about: dict) -> None:
    members = Counter(q for w in problem.workers for q in w.queues)
    print(
        f"instance (seed {about['seed']}): {PEOPLE} people ({SUPERVISORS} supervisors,"
        f" {PART_TIMERS} part-time 32 h / at most 4 shifts a week, the rest 40 h / 5; band"
        f" +-10 %, at most 5 days in a row), {DAYS} days from"
        f" {WEEKDAYS[FIRST_DAY.weekday()]} {FIRST_DAY}, shifts E 06-14, L 14-22, N 22-06 (night)"
    )
    print(
        "  queues: "
        + ", ".join(f"{QUEUE_NAMES[q]} {members[q]} members" for q in sorted(members))
        + f" ({sum(len(w.queues) == 2 for w in problem.workers)} in both, the supervisors too)"
    )
    leave = ", ".join(
        f"#{wid} {len(days)} d from {min(days):%a %d %b}"
        for wid, days in sorted(about["leave"].items())
    )
    print(f"  leave: {leave}")
    off = ", ".join(
        f"#{wid} never {'+'.join(WEEKDAYS[d] for d in sorted(days))}"
        for wid, days in sorted(about["unavailable"].items())
    )
    print(f"  weekdays off: {off}")
    print(
        f"  wishes: avoid nights (weight 3) #{', #'.join(map(str, sorted(about['avoid_nights'])))};"
        f" weekends off (weight 2) #{', #'.join(map(str, sorted(about['weekends_off'])))}"
    )
    implied = implied_people(problem)
    weekday = [i for i in range(DAYS) if (FIRST_DAY + timedelta(days=i)).weekday() < 5]
    weekend = [i for i in range(DAYS) if i not in weekday]
    asked = sum(sum(v) for v in implied.values())
    least = sum(minimum_shifts(w) for w in problem.workers)

    def avg(code, days):
        return sum(implied[code][i] for i in days) / len(days)

    print(
        f"  need: {sum(problem.need.values()):,} people-half-hours; people a shift must hold"
        " (per queue the most any of its half-hours needs, summed over queues):"
        f" weekdays E {avg('E', weekday):.1f} L {avg('L', weekday):.1f} N {avg('N', weekday):.1f},"
        f" weekends E {avg('E', weekend):.1f} L {avg('L', weekend):.1f} N {avg('N', weekend):.1f}"
    )
    print(
        f"  shifts: the need implies {asked:,}; the contracts' lower bands ask at least {least:,}"
        f" (so {least - asked:,} or more are over-staffing by construction)"
    )
    if about.get("unit"):
        print(
            f"  objective scale: one person missing for one half-hour costs"
            f" {solver.UNDER_WEIGHT * about['unit']:,} (UNDER_WEIGHT x the fairness unit"
            f" {about['unit']:,}); one shift off a fair share about {about['unit']:,}"
        )


def print_ours(result: solver.Result, m: dict | None, args) -> None:
    print()
    print(
        f"== ours: helpdesk.shifts.solver (CP-SAT, {args.threads} threads, {args.seconds:g} s,"
        f" seed {args.solver_seed})"
    )
    print(
        f"status {result.status} in {result.seconds:.1f} s, {len(result.progress)} improving"
        f" rosters, {len(result.placed)} shifts placed; CPU {args.cpu_seconds:.0f} s of"
        f" {args.threads * result.seconds:.0f} s ({args.threads} threads x wall; less: the model"
        " build, presolve, or other work on the cores)"
    )
    first = result.first_solution_seconds
    ok = first is not None and first <= TARGET_FIRST_SECONDS
    print(
        f"first feasible roster     {fmt(first, 2):>12} s    target <= {TARGET_FIRST_SECONDS:g} s:"
        f" {verdict(ok)}"
    )
    for t in CHECKPOINTS:
        if t <= args.seconds + 1e-9:
            print(f"objective at {t:>4g} s        {fmt(objective_at(result, t)):>12}")
    gap = None
    if result.objective and result.bound is not None:
        gap = 100 * (result.objective - result.bound) / max(abs(result.objective), 1)
    print(
        f"objective final           {fmt(result.objective):>12}    bound {fmt(result.bound)}"
        f" (gap {fmt(gap, 1)} %)"
    )
    if m is None:
        print("no roster found in time: nothing to check")
        return
    print_measures(m)
    agrees = sorted(result.uncovered) == sorted(m["short"] + m["short_inherent"])
    print(
        f"  (the solver's own shortfall list {'agrees' if agrees else 'DISAGREES'} with the checker's)"
    )


def print_measures(m: dict) -> None:
    n = len(m["violations"])
    rules = ", ".join(f"{r} {c}" for r, c in m["by_rule"].most_common()) or "none"
    print(f"hard-rule violations      {n:>12}    target 0: {verdict(n == 0)}  ({rules})")
    short, inh = m["short"], m["short_inherent"]
    print(
        f"uncovered half-hours      {len(short) + len(inh):>12}    "
        f"({sum(x[3] for x in short + inh)} people-half-hours): inherent {len(inh)} "
        f"({sum(x[3] for x in inh)}; {FIRST_DAY:%a} 00:00-06:00, before any shift of the roster),"
        f" the rest {len(short)} ({sum(x[3] for x in short)})"
    )
    print(
        f"over-staffing             {m['over']:>12,}    people-half-hours beyond the need"
        f" ({m['over'] / 16:.0f} shifts' worth), {m['shifts']} shifts placed"
    )
    for key, label in (("night_spread", "nights"), ("weekend_spread", "weekend shifts")):
        print(
            f"spread of {label:<15} {m[key]:>12}    target <= {TARGET_SPREAD}:"
            f" {verdict(m[key] <= TARGET_SPREAD)}  (the largest max - min within a comparable pool)"
        )
    for name, size, n0, n1, w0, w1 in m["spreads"]:
        print(f"  pool {name:<16} {size:>2} people: nights {n0}-{n1}, weekend shifts {w0}-{w1}")
    broken = m["wishes_broken"]
    print(
        f"wishes not met            {sum(broken.values()):>12}    (nights worked by those avoiding"
        f" them {broken['nights']}; weekend shifts by those wanting weekends off"
        f" {broken['weekends']})"
    )


def summary(result: solver.Result, ours: dict | None, peer: dict | None, peer_note: str) -> None:
    print()
    print("== summary")
    p = peer if peer and "violations" in peer else None

    def row(label, a, b, target=""):
        print(f"{label:<36} {a!s:>24} {b!s:>24}  {target}")

    def uncovered(m):
        if m is None:
            return "-"
        return f"{len(m['short']) + len(m['short_inherent'])} ({len(m['short_inherent'])} inherent)"

    def get(m, key):
        return "-" if m is None else fmt(m[key]) if key == "over" else len(m[key])

    row("", "ours", "pyworkforce")
    row("", "", peer_note)
    row("time (s)", fmt(result.seconds, 1), fmt(peer["seconds"], 1) if peer else "-")
    row("status", result.status, peer["status"] if peer else "-")
    row(
        "first feasible roster (s)",
        fmt(result.first_solution_seconds, 2),
        "- (no callback)" if peer else "-",
        f"<= {TARGET_FIRST_SECONDS:g}",
    )
    row("objective final", fmt(result.objective), "-")
    row("bound", fmt(result.bound), "-")
    row("hard-rule violations (our checker)", get(ours, "violations"), get(p, "violations"), "0")
    row("uncovered half-hours", uncovered(ours), uncovered(p))

    def met(m):
        return "-" if m is None else "yes" if not m["short"] else f"no ({len(m['short'])} short)"

    row("coverage met (beyond the inherent)", met(ours), met(p))
    row("over-staffing (people-half-hours)", get(ours, "over"), get(p, "over"))
    for key, label in (("night_spread", "nights"), ("weekend_spread", "weekend shifts")):
        row(
            f"spread of {label}",
            "-" if ours is None else ours[key],
            "-" if p is None else p[key],
            f"<= {TARGET_SPREAD}",
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit, both solvers")
    parser.add_argument("--seed", type=int, default=0, help="seeds the instance (and CP-SAT)")
    parser.add_argument("--solver-seed", type=int, help="CP-SAT's seed (default: --seed)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()
    if args.solver_seed is None:
        args.solver_seed = args.seed

    problem, about = build_problem(args.seed)
    about["seed"] = args.seed
    about["unit"] = fairness_unit(problem)
    describe(problem, about)
    result, ours = run_ours(problem, args)
    print_ours(result, ours, args)

    peer, note, tried = None, "skipped", []
    if args.skip_peer:
        print("\n== pyworkforce: skipped (--skip-peer)")
    else:
        try:
            import pyworkforce  # noqa: F401
        except ImportError:
            print(
                "\n== pyworkforce: skipped (not installed; install it with"
                ' `.venv/bin/pip install -e ".[bench]"`)'
            )
        else:
            print(
                f"\n== peer: pyworkforce {pyworkforce_version()} MinHoursRoster ({args.seconds:g} s)"
            )
            for label, pairs in peer_variants():
                shown = " ".join(f"{a}>{b}" for a, b in pairs) or "none"
                print(f"-- non_sequential_shifts: {shown} ({label})")
                if not tried:
                    describe_peer(problem)
                run = run_peer(problem, pairs, args.seconds)
                print(f"status {run['status']} in {run['seconds']:.1f} s")
                tried.append(f"{shown}: {run['status']} in {run['seconds']:.1f} s")
                peer, note = run, f"rest pairs: {shown}"
                if "violations" in run:
                    print_measures(run)
                    break
    summary(result, ours, peer, note)
    if len(tried) > 1:
        print(f"pyworkforce runs, rest pairs given: {'; '.join(tried)}")
    return 0


def fairness_unit(problem: solver.Problem) -> int | None:
    """The solver's fairness unit (its objective's scale), read from its own helper."""
    try:
        from ortools.sat.python import cp_model

        dates = [problem.first_day + timedelta(days=i) for i in range(problem.days)]
        unit, _terms = solver._fairness(cp_model.CpModel(), problem, dates, SPEC, {})
        return unit
    except Exception:  # a private helper: the figure is only a hint for reading the objective
        return None


def pyworkforce_version() -> str:
    from importlib.metadata import version

    return version("pyworkforce")


if __name__ == "__main__":
    sys.exit(main())
