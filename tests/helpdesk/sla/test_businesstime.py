"""Business-time arithmetic across nights, weekends, holidays, make-up working days and DST."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk.sla.businesstime import (
    NeverOpen,
    Schedule,
    add,
    elapsed,
    is_open,
    next_open,
    validate_hours,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
H = 3600


def office(zone=SHANGHAI, **kwargs):
    """Monday to Friday, 09:00–12:00 and 13:00–18:00."""
    return Schedule(zone, {d: ((9 * 60, 12 * 60), (13 * 60, 18 * 60)) for d in range(5)}, **kwargs)


def at(zone, *args):
    return datetime(*args, tzinfo=zone)


def test_friday_afternoon_plus_two_hours_is_monday_morning():
    friday = at(SHANGHAI, 2026, 12, 4, 17, 0)
    assert add(office(), friday, 2 * H) == at(SHANGHAI, 2026, 12, 7, 10, 0)
    assert elapsed(office(), friday, at(SHANGHAI, 2026, 12, 7, 10, 0)) == 2 * H


def test_the_lunch_break_and_the_night_do_not_count():
    morning = at(SHANGHAI, 2026, 12, 1, 11, 0)
    assert add(office(), morning, 2 * H) == at(SHANGHAI, 2026, 12, 1, 14, 0)
    evening = at(SHANGHAI, 2026, 12, 1, 20, 0)  # closed: the clock starts at 09:00 next day
    assert add(office(), evening, 30 * 60) == at(SHANGHAI, 2026, 12, 2, 9, 30)
    assert elapsed(office(), evening, at(SHANGHAI, 2026, 12, 2, 8, 0)) == 0


def test_a_target_reached_at_closing_is_due_at_closing():
    assert add(office(), at(SHANGHAI, 2026, 12, 1, 17, 0), H) == at(SHANGHAI, 2026, 12, 1, 18, 0)


def test_holidays_are_closed_and_make_up_saturdays_open_with_a_weekdays_hours():
    # Mainland China, 2026: 1–3 January off, Sunday 4 January worked (make-up day).
    schedule = office(
        holidays=frozenset({date(2026, 1, 1), date(2026, 1, 2)}),
        workdays={date(2026, 1, 4): 4},
    )
    wednesday = at(SHANGHAI, 2025, 12, 31, 17, 0)
    # 1 h on the 31st, then Sunday the 4th (Friday's hours), not Thursday or Friday.
    assert add(schedule, wednesday, 3 * H) == at(SHANGHAI, 2026, 1, 4, 11, 0)
    assert is_open(schedule, at(SHANGHAI, 2026, 1, 4, 10, 0))
    assert not is_open(schedule, at(SHANGHAI, 2026, 1, 2, 10, 0))


def test_across_the_spring_change_a_round_the_clock_sunday_has_23_hours():
    schedule = Schedule(BERLIN, {6: ((0, 1440),)})  # Sundays only, all day
    sunday = at(BERLIN, 2026, 3, 29, 0, 0)
    assert elapsed(schedule, sunday, at(BERLIN, 2026, 3, 30, 0, 0)) == 23 * H
    # Eight hours from midnight are 09:00 on the clock (02:00–03:00 does not exist).
    assert add(schedule, sunday, 8 * H) == at(BERLIN, 2026, 3, 29, 9, 0)


def test_across_the_autumn_change_office_hours_are_unaffected():
    schedule = office(BERLIN)
    monday = at(BERLIN, 2026, 10, 26, 9, 0)  # the change was at 03:00 on Sunday the 25th
    friday = at(BERLIN, 2026, 10, 23, 17, 0)
    assert add(schedule, friday, 2 * H) == monday + timedelta(hours=1)
    assert elapsed(schedule, friday, monday) == H


def test_no_open_hours_at_all_is_an_error_not_a_hang():
    with pytest.raises(NeverOpen):
        add(Schedule(SHANGHAI, {}), at(SHANGHAI, 2026, 1, 1, 0, 0), 60)


def test_next_opening():
    saturday = at(SHANGHAI, 2026, 12, 5, 10, 0)
    assert next_open(office(), saturday) == at(SHANGHAI, 2026, 12, 7, 9, 0)
    assert next_open(office(), at(SHANGHAI, 2026, 12, 7, 9, 30)) == at(SHANGHAI, 2026, 12, 7, 9, 30)


@pytest.mark.parametrize(
    ("hours", "problems"),
    [
        ([(540, 720), (780, 1080)], []),
        ([(720, 540)], ["inverted"]),
        ([(540, 720), (700, 800)], ["overlap"]),
        ([(0, 1500)], ["out_of_day"]),
    ],
)
def test_business_hours_are_checked(hours, problems):
    assert validate_hours(hours) == problems


SCHEDULES = [
    office(),
    office(BERLIN, holidays=frozenset({date(2026, 3, 30)}), workdays={date(2026, 3, 28): 0}),
    Schedule(BERLIN, {d: ((0, 1440),) for d in (5, 6)}),  # weekends round the clock, DST inside
]
instants = st.datetimes(
    min_value=datetime(2026, 3, 20), max_value=datetime(2026, 4, 10), timezones=st.just(UTC)
)
seconds = st.integers(min_value=0, max_value=60 * H)


@settings(max_examples=200, deadline=None)
@given(schedule=st.sampled_from(SCHEDULES), start=instants, a=seconds, b=seconds)
def test_due_times_are_monotone_in_the_target(schedule, start, a, b):
    low, high = sorted((a, b))
    assert add(schedule, start, low) <= add(schedule, start, high)


@settings(max_examples=200, deadline=None)
@given(schedule=st.sampled_from(SCHEDULES), start=instants, target=st.integers(1, 60 * H))
def test_a_due_time_is_always_inside_business_hours_and_exactly_the_target_away(
    schedule, start, target
):
    due = add(schedule, start, target)
    assert is_open(schedule, due - timedelta(microseconds=1))
    assert elapsed(schedule, start, due) == pytest.approx(target, abs=1e-6)
