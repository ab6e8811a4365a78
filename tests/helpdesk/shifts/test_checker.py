"""The independent roster checker finds every broken hard rule, and nothing in a good roster."""

from datetime import date, timedelta

from helpdesk.shifts.checker import Assignment, Person, Roster, Shift, uncovered, violations

MONDAY = date(2026, 11, 30)
DAY = Shift("D", 8 * 60, 480)
LATE = Shift("L", 14 * 60, 480)
NIGHT = Shift("N", 22 * 60, 600, is_night=True)
SHIFTS = {s.code: s for s in (DAY, LATE, NIGHT)}


def d(offset):
    return MONDAY + timedelta(days=offset)


def roster(assignments, people=None, days=7):
    people = people or {
        1: Person(1, is_supervisor=True),
        2: Person(2),
    }
    return Roster(MONDAY, days, SHIFTS, people, [Assignment(*a) for a in assignments])


def week_of(person, code, days=range(5)):
    return [(person, d(i), code) for i in days]


def rules(found):
    return [(v.rule, v.person, v.day) for v in found]


def test_a_good_week_breaks_nothing():
    good = roster(week_of(1, "D") + week_of(2, "D"))

    assert violations(good) == []


def test_two_shifts_on_one_day_and_too_little_rest():
    bad = roster([*week_of(1, "D"), (1, d(0), "L"), *week_of(2, "D")])

    found = rules(violations(bad))

    assert ("one_shift_a_day", 1, d(0)) in found
    assert ("rest", 1, d(0)) in found  # the late shift starts before the day shift ends


def test_a_late_shift_followed_by_an_early_one_leaves_under_eleven_hours():
    early = Shift("E", 6 * 60, 480)
    bad = Roster(
        MONDAY,
        7,
        {**SHIFTS, "E": early},
        {1: Person(1, is_supervisor=True, contracted_minutes_per_week=960)},
        [Assignment(1, d(0), "L"), Assignment(1, d(1), "E")],
    )

    (violation,) = [v for v in violations(bad) if v.rule == "rest"]
    assert (violation.day, violation.detail) == (d(1), "8h00 rest")


def test_a_night_then_a_day_shift_the_next_morning_is_caught_across_midnight():
    bad = roster(
        [(1, d(0), "N"), (1, d(1), "D")],
        people={1: Person(1, is_supervisor=True, contracted_minutes_per_week=1080)},
    )

    assert ("rest", 1, d(1)) in rules(violations(bad))


def test_leave_unavailable_weekdays_and_days_in_a_row():
    people = {
        1: Person(1, is_supervisor=True, leave_days=frozenset({d(2)})),
        2: Person(
            2,
            unavailable_weekdays=frozenset({0}),
            max_consecutive_days=3,
            contracted_minutes_per_week=1920,
        ),
    }
    bad = roster(week_of(1, "D") + week_of(2, "D", range(4)), people=people)

    found = rules(violations(bad))

    assert ("leave", 1, d(2)) in found
    assert ("unavailable", 2, d(0)) in found
    assert ("consecutive_days", 2, d(3)) in found


def test_too_many_shifts_and_hours_outside_the_band():
    people = {1: Person(1, is_supervisor=True, max_shifts_per_week=5, max_consecutive_days=7)}
    too_many = roster(week_of(1, "D", range(6)), people=people)
    too_few = roster(week_of(1, "D", range(3)), people=people)

    assert ("shifts_per_week", 1, MONDAY) in rules(violations(too_many))
    assert ("weekly_hours", 1, MONDAY) in rules(violations(too_many))  # 48 h > 44 h
    (short,) = violations(too_few)
    assert (short.rule, short.detail) == ("weekly_hours", "24 h")


def test_hours_are_not_judged_on_a_week_the_roster_only_partly_covers():
    partial = Roster(
        MONDAY + timedelta(days=3),
        4,
        SHIFTS,
        {1: Person(1, is_supervisor=True)},
        [Assignment(1, d(3), "D")],
    )

    assert violations(partial) == []


def test_every_shift_someone_works_needs_a_supervisor():
    bad = roster(week_of(1, "D") + week_of(2, "D", range(4)) + [(2, d(4), "L")])

    found = violations(bad)

    assert [(v.rule, v.day, v.detail) for v in found] == [("supervisor_on_shift", d(4), "L")]


def test_uncovered_half_hours_are_listed_with_how_many_are_missing():
    one_day = roster([(1, d(0), "D"), (2, d(0), "D")], days=1)
    need = {(d(0), 16): 2, (d(0), 31): 3, (d(0), 32): 1, (d(1), 2): 1}

    assert uncovered(one_day, need) == [(d(0), 31, 1), (d(0), 32, 1), (d(1), 2, 1)]


def test_a_night_shift_covers_the_small_hours_of_the_next_day():
    nights = roster([(1, d(0), "N")], days=2)

    # 22:00 to 08:00: the half-hours up to 07:30-08:00 are covered, 08:00-08:30 is not.
    assert uncovered(nights, {(d(1), 2): 1, (d(1), 15): 1, (d(1), 16): 1}) == [(d(1), 16, 1)]
