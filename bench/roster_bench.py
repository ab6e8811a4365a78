"""The roster builder on a month for 50 people: our CP-SAT model beside pyworkforce's, same run.

    .venv/bin/python bench/roster_bench.py [--seconds 30] [--seed 0] [--skip-peer]

Pure Python, no database. Builds one seeded, realistic instance (50 people, 28 days from a
Monday, Early 06-14, Late 14-22, Night 22-06, 8 supervisors, two queues, leave, weekdays off,
wishes, demand per queue and half-hour with a daily curve), solves it with
``helpdesk.shifts.solver.solve`` (every improving roster recorded), and holds the roster to
``helpdesk.shifts.checker`` (hard rules, coverage). Then, unless ``--skip-peer`` or pyworkforce
is missing (``.venv/bin/pip install -e ".[bench]"``), the same instance goes to pyworkforce's
``MinHoursRoster`` with the same time limit, and its roster is measured the same way. The instance
and the measures: bench/roster_model.py; the peer: bench/roster_peer.py. See bench/README.md
("Roster builder") for the translation and the figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from roster_model import (  # noqa: E402
    DAYS,
    FIRST_DAY,
    PART_TIMERS,
    PEOPLE,
    QUEUE_NAMES,
    SPEC,
    SUPERVISORS,
    WEEKDAYS,
    build_problem,
    implied_people,
    measure,
)
from roster_peer import describe_peer, minimum_shifts, peer_variants, run_peer  # noqa: E402

from helpdesk.shifts import solver  # noqa: E402

TARGET_FIRST_SECONDS = 2.0
TARGET_SPREAD = 2
CHECKPOINTS = (2.0, 10.0, 30.0)


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
