"""The roster bench's peer: the same instance given to pyworkforce's ``MinHoursRoster``.

Translates the instance into pyworkforce's inputs (shifts each day must hold, one band of hours for
everyone, banned shifts for leave and weekdays off, the rest rule as non-sequential shift pairs,
in the variants ``peer_variants`` lists), solves it, gives the people it rosters a queue each
(``assign_queues``) and measures the roster with ``roster_model.measure``. pyworkforce is optional
(``.venv/bin/pip install -e ".[bench]"``); it is imported only when ``run_peer`` runs.

Used by bench/roster_bench.py.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from datetime import timedelta

from roster_model import (
    DAYS,
    FIRST_DAY,
    LONGEST,
    SHIFTS,
    SPEC,
    implied_people,
    measure,
    shift_slots,
)

from helpdesk.shifts import solver

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
