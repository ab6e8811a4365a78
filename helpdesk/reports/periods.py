"""Report periods: local calendar dates (settings.TIME_ZONE), inclusive, turned into instants."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import ServiceError

MAX_DAYS = 366


@dataclass(frozen=True)
class Span:
    """Local dates ``first``..``last`` (inclusive) and the instants ``start``..``end`` (end
    excluded: the start of the day after ``last``)."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return day_start(self.first)

    @property
    def end(self) -> dt.datetime:
        return day_start(self.last + dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def today() -> dt.date:
    return timezone.localdate()


def span(first: dt.date | None, last: dt.date | None) -> Span:
    """``from``..``to`` checked: default this month so far; ``from`` after ``to`` or more than
    366 days is a 400 naming the field."""
    now = today()
    if first is None and last is None:
        first, last = now.replace(day=1), now
    elif first is None:
        first = last.replace(day=1)
    elif last is None:
        last = max(first, min(now, _month_end(first)))
    if first > last:
        message = _("The start date is after the end date.")
        raise ServiceError(message, code="invalid_period", fields={"from": [message]})
    result = Span(first, last)
    if result.days > MAX_DAYS:
        message = _("A report covers at most %(days)d days.") % {"days": MAX_DAYS}
        raise ServiceError(message, code="period_too_long", fields={"to": [message]})
    return result


def month_span(raw: str | None, *, default_previous: bool = True) -> Span:
    """``YYYY-MM`` as a span (default: last month)."""
    if not raw:
        this_month = today().replace(day=1)
        first = (
            (this_month - dt.timedelta(days=1)).replace(day=1) if default_previous else this_month
        )
        return Span(first, _month_end(first))
    match = re.fullmatch(r"(\d{4})-(\d{2})", raw)
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        message = _("Give the month as YYYY-MM.")
        raise ServiceError(message, code="invalid", fields={"month": [message]})
    first = dt.date(int(match[1]), int(match[2]), 1)
    return Span(first, _month_end(first))


def previous_month(span_: Span) -> Span:
    first = (span_.first - dt.timedelta(days=1)).replace(day=1)
    return Span(first, _month_end(first))


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def as_local_date(value) -> dt.date:
    """A truncated bucket from the database (a datetime or a date) as a local date."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value
