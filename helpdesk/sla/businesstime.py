"""Business-time arithmetic: plain data in, instants out (no database).

A :class:`Schedule` holds opening hours per weekday (minutes from local midnight, several
intervals a day allowed, 24:00 written as 1440), holidays (closed all day) and make-up working
days (open with the hours of a given weekday, as mainland China's adjusted weekends). Business
time is real elapsed time inside the open intervals: an interval's ends are wall-clock times in
the schedule's zone, so across a daylight-saving change an interval that spans the change is an
hour shorter or longer, and one that does not is unaffected.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_MINUTES = 24 * 60
MAX_SCAN_DAYS = 3 * 366  # a target further than this in business time is refused


class NeverOpen(ValueError):
    """The schedule has no open time within the scan window."""


@dataclass(frozen=True)
class Schedule:
    zone: ZoneInfo
    # weekday (0 = Monday) -> ((start minute, end minute), ...), sorted and disjoint
    hours: dict[int, tuple[tuple[int, int], ...]]
    holidays: frozenset[date] = frozenset()
    workdays: dict[date, int] = field(default_factory=dict)  # make-up day -> weekday's hours

    @classmethod
    def always(cls, zone: str = "UTC") -> Schedule:
        """Open around the clock (24 × 7): business time is plain time."""
        return cls(ZoneInfo(zone), {d: ((0, DAY_MINUTES),) for d in range(7)})

    def is_24x7(self) -> bool:
        return not self.holidays and all(self.hours.get(d) == ((0, DAY_MINUTES),) for d in range(7))


def validate_hours(intervals: list[tuple[int, int]]) -> list[str]:
    """Problems with one weekday's intervals: ``inverted`` (end not after start), ``out_of_day``,
    ``overlap`` (with the previous one, once sorted)."""
    problems = []
    previous_end = None
    for start, end in sorted(intervals):
        if not 0 <= start < DAY_MINUTES or not 0 < end <= DAY_MINUTES:
            problems.append("out_of_day")
        elif end <= start:
            problems.append("inverted")
        elif previous_end is not None and start < previous_end:
            problems.append("overlap")
        previous_end = end if previous_end is None else max(previous_end, end)
    return problems


def _wall(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """The instant of a wall-clock minute of ``day`` in ``zone`` (1440: the next midnight)."""
    if minute >= DAY_MINUTES:
        return _wall(day + timedelta(days=1), minute - DAY_MINUTES, zone)
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    return local.astimezone(UTC)


def intervals_on(schedule: Schedule, day: date) -> list[tuple[datetime, datetime]]:
    """The open intervals of a local day, as UTC instants."""
    if day in schedule.workdays:
        hours = schedule.hours.get(schedule.workdays[day], ())
    elif day in schedule.holidays:
        hours = ()
    else:
        hours = schedule.hours.get(day.weekday(), ())
    result = []
    for start, end in hours:
        begin, finish = _wall(day, start, schedule.zone), _wall(day, end, schedule.zone)
        if finish > begin:  # a wall interval swallowed by a spring-forward gap is empty
            result.append((begin, finish))
    return result


def _intervals_from(schedule: Schedule, at: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Open intervals that end after ``at``, in order, the first clipped to start at ``at``."""
    at = at.astimezone(UTC)
    day = at.astimezone(schedule.zone).date() - timedelta(days=1)  # an interval may cross midnight
    for _ in range(MAX_SCAN_DAYS):
        for begin, end in intervals_on(schedule, day):
            if end > at:
                yield max(begin, at), end
        day += timedelta(days=1)


def add(schedule: Schedule, start: datetime, seconds: float) -> datetime:
    """The instant ``seconds`` of business time after ``start``: with 0, the next opening (or
    ``start`` when open); a target reached exactly at closing is that closing instant."""
    if seconds < 0:
        raise ValueError("seconds must be >= 0")
    start = start.astimezone(UTC)
    if schedule.is_24x7():
        return start + timedelta(seconds=seconds)
    left = timedelta(seconds=seconds)
    for begin, end in _intervals_from(schedule, start):
        span = end - begin
        if left <= span:
            return begin + left
        left -= span
    raise NeverOpen("no business time within the scan window")


def elapsed(schedule: Schedule, start: datetime, end: datetime) -> float:
    """Business seconds between two instants (0 when ``end`` is not after ``start``)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return 0.0
    if schedule.is_24x7():
        return (end - start).total_seconds()
    total = timedelta()
    for begin, finish in _intervals_from(schedule, start):
        if begin >= end:
            break
        total += min(finish, end) - begin
    return total.total_seconds()


def is_open(schedule: Schedule, at: datetime) -> bool:
    at = at.astimezone(UTC)
    day = at.astimezone(schedule.zone).date()
    return any(
        begin <= at < end
        for d in (day - timedelta(days=1), day)
        for begin, end in intervals_on(schedule, d)
    )


def next_open(schedule: Schedule, at: datetime) -> datetime:
    """``at`` if open then, else the next opening."""
    for begin, _end in _intervals_from(schedule, at):
        return begin
    raise NeverOpen("no business time within the scan window")
