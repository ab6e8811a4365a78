"""The independent roster checker: which hard rules a roster breaks.

It knows nothing of the solver's model: it reads a roster as plain assignments (who works which
shift on which day) and checks every hard rule of docs/staffing.md from first principles, so the
tests (and the roster grid, for hand edits) can hold the solver to the rules instead of trusting
it. Times are wall-clock minutes from the start of the roster's first day, in the department's
zone (the solver and the checker share that convention; on-duty resolution turns them into
instants).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

MIN_REST_MINUTES = 11 * 60


@dataclass(frozen=True)
class Shift:
    code: str
    start_minute: int  # from midnight
    minutes: int
    is_night: bool = False


@dataclass(frozen=True)
class Person:
    id: int
    contracted_minutes_per_week: int = 40 * 60
    hours_tolerance_percent: int = 10
    max_consecutive_days: int = 5
    max_shifts_per_week: int = 5
    unavailable_weekdays: frozenset[int] = frozenset()
    leave_days: frozenset[date] = frozenset()
    is_supervisor: bool = False


@dataclass(frozen=True)
class Assignment:
    person: int
    day: date
    shift: str  # Shift.code


@dataclass(frozen=True)
class Violation:
    rule: str  # one_shift_a_day, leave, unavailable, rest, consecutive_days, shifts_per_week,
    # weekly_hours, supervisor_on_shift, unknown_person, unknown_shift
    person: int | None
    day: date
    detail: str = ""


@dataclass
class Roster:
    first_day: date
    days: int
    shifts: dict[str, Shift]
    people: dict[int, Person]
    assignments: list[Assignment] = field(default_factory=list)


def _span(roster: Roster, a: Assignment) -> tuple[int, int]:
    shift = roster.shifts[a.shift]
    start = (a.day - roster.first_day).days * 1440 + shift.start_minute
    return start, start + shift.minutes


def violations(roster: Roster, *, min_rest_minutes: int = MIN_REST_MINUTES) -> list[Violation]:
    """Every hard-rule violation, in a stable order (by day, person, rule)."""
    found: list[Violation] = []
    mine: dict[int, list[Assignment]] = defaultdict(list)
    for a in roster.assignments:
        if a.person not in roster.people:
            found.append(Violation("unknown_person", a.person, a.day))
            continue
        if a.shift not in roster.shifts:
            found.append(Violation("unknown_shift", a.person, a.day, a.shift))
            continue
        mine[a.person].append(a)

    for person_id, assignments in mine.items():
        person = roster.people[person_id]
        assignments.sort(key=lambda a: _span(roster, a))
        by_day: dict[date, list[Assignment]] = defaultdict(list)
        for a in assignments:
            by_day[a.day].append(a)
            if a.day in person.leave_days:
                found.append(Violation("leave", person_id, a.day))
            if a.day.weekday() in person.unavailable_weekdays:
                found.append(Violation("unavailable", person_id, a.day))
        for day, same in by_day.items():
            if len(same) > 1:
                found.append(Violation("one_shift_a_day", person_id, day, f"{len(same)} shifts"))
        # Rest between the end of one shift and the start of the next.
        for before, after in itertools.pairwise(assignments):
            gap = _span(roster, after)[0] - _span(roster, before)[1]
            if gap < min_rest_minutes:
                found.append(
                    Violation("rest", person_id, after.day, f"{gap // 60}h{gap % 60:02d} rest")
                )
        # Days in a row.
        worked = sorted(by_day)
        run = 1
        for previous, current in itertools.pairwise(worked):
            run = run + 1 if current - previous == timedelta(days=1) else 1
            if run == person.max_consecutive_days + 1:
                found.append(
                    Violation("consecutive_days", person_id, current, f"more than {run - 1}")
                )
        # Per week (Monday to Sunday; only weeks wholly inside the roster count for hours).
        weeks: dict[date, list[Assignment]] = defaultdict(list)
        for a in assignments:
            weeks[a.day - timedelta(days=a.day.weekday())].append(a)
        last_day = roster.first_day + timedelta(days=roster.days - 1)
        low = person.contracted_minutes_per_week * (100 - person.hours_tolerance_percent) / 100
        high = person.contracted_minutes_per_week * (100 + person.hours_tolerance_percent) / 100
        monday = roster.first_day - timedelta(days=roster.first_day.weekday())
        while monday <= last_day:
            week = weeks.get(monday, [])
            if len(week) > person.max_shifts_per_week:
                found.append(Violation("shifts_per_week", person_id, monday, f"{len(week)} shifts"))
            whole = monday >= roster.first_day and monday + timedelta(days=6) <= last_day
            minutes = sum(roster.shifts[a.shift].minutes for a in week)
            # A day of leave counts as an average contracted day towards the lower band only.
            leave = sum(1 for k in range(7) if monday + timedelta(days=k) in person.leave_days)
            credit = -(-person.contracted_minutes_per_week * leave // person.max_shifts_per_week)
            if whole and (minutes > high or minutes + credit < low):
                found.append(Violation("weekly_hours", person_id, monday, f"{minutes / 60:g} h"))
            monday += timedelta(days=7)

    # A supervisor on every shift that anyone works.
    crews: dict[tuple[date, str], list[int]] = defaultdict(list)
    for a in roster.assignments:
        if a.person in roster.people and a.shift in roster.shifts:
            crews[a.day, a.shift].append(a.person)
    for (day, code), crew in crews.items():
        if not any(roster.people[p].is_supervisor for p in crew):
            found.append(Violation("supervisor_on_shift", None, day, code))

    return sorted(found, key=lambda v: (v.day, v.person or 0, v.rule, v.detail))


def uncovered(
    roster: Roster, need: dict[tuple[date, int], int], *, slot_minutes: int = 30
) -> list[tuple[date, int, int]]:
    """``(day, slot, missing people)`` wherever fewer people are on shift than ``need`` asks
    (``need[(day, slot)]``: people required in that half-hour). A night shift counts in the
    slots of the next day that it reaches."""
    on: dict[tuple[date, int], int] = defaultdict(int)
    for a in roster.assignments:
        if a.shift not in roster.shifts:
            continue
        start, end = _span(roster, a)
        for minute in range(start - start % slot_minutes, end, slot_minutes):
            day = roster.first_day + timedelta(days=minute // 1440)
            on[day, (minute % 1440) // slot_minutes] += 1
    return sorted(
        (day, slot, required - on[day, slot])
        for (day, slot), required in need.items()
        if on[day, slot] < required
    )
