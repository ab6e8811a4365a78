"""Staffing services: demand entered by hand or forecast from history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.queues.models import Queue, WorkItem
from helpdesk.queues.selectors import is_queue_lead

from . import erlang
from .models import SLOT_MINUTES, SLOTS_PER_DAY, Demand, DemandSource

MAX_DAYS = 62  # one call plans at most about two months


def local_zone() -> ZoneInfo:
    """The zone the half-hours are counted in (the department's; calendars per queue come with
    the SLA work)."""
    return ZoneInfo(settings.TIME_ZONE)


def require_planner(actor, queue: Queue) -> None:
    """Managers, and the supervisors of this queue; anyone else does not see it (404)."""
    if not is_queue_lead(actor, queue.pk):
        raise NotFound()


def days_between(first: date, last: date) -> list[date]:
    if last < first:
        raise ServiceError(
            _("The last day is before the first."),
            code="invalid",
            fields={"to": [_("The last day is before the first.")]},
        )
    count = (last - first).days + 1
    if count > MAX_DAYS:
        raise ServiceError(
            _("At most %(days)d days at a time.") % {"days": MAX_DAYS},
            code="invalid",
            fields={"to": [_("At most %(days)d days at a time.") % {"days": MAX_DAYS}]},
        )
    return [first + timedelta(days=i) for i in range(count)]


@transaction.atomic
def demand_set(*, actor, queue: Queue, day: date, kind: str, contacts: list[float]) -> int:
    """Enter one day's demand by hand: 48 half-hours, replacing what was there."""
    require_planner(actor, queue)
    if len(contacts) != SLOTS_PER_DAY:
        raise ServiceError(
            _("Give %(slots)d half-hours.") % {"slots": SLOTS_PER_DAY},
            code="invalid",
            fields={"contacts": [_("Give %(slots)d half-hours.") % {"slots": SLOTS_PER_DAY}]},
        )
    _write(queue, {day: contacts}, kind, DemandSource.MANUAL, actor, keep_manual=False)
    return SLOTS_PER_DAY


def _write(queue, by_day: dict, kind, source, actor, *, keep_manual: bool) -> int:
    existing = Demand.objects.select_for_update().filter(
        queue=queue, kind=kind, day__in=list(by_day)
    )
    manual_days = set()
    if keep_manual:
        manual_days = set(existing.filter(source=DemandSource.MANUAL).values_list("day", flat=True))
    days = [d for d in by_day if d not in manual_days]
    existing.filter(day__in=days).delete()
    Demand.objects.bulk_create(
        [
            Demand(
                queue=queue,
                day=day,
                slot=slot,
                kind=kind,
                contacts=float(value),
                source=source,
                updated_by=actor,
            )
            for day in days
            for slot, value in enumerate(by_day[day])
        ]
    )
    return len(days)


def history_profile(queue: Queue, kind: str, *, before: date, weeks: int) -> dict:
    """Average contacts per (weekday, half-hour) over the ``weeks`` full weeks before
    ``before``: the work items of ``kind`` created in ``queue``, counted in local time."""
    zone = local_zone()
    start = datetime.combine(before - timedelta(weeks=weeks), time.min, tzinfo=zone)
    end = datetime.combine(before, time.min, tzinfo=zone)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    created = WorkItem.objects.filter(
        queue=queue, kind=kind, created_at__gte=start, created_at__lt=end
    ).values_list("created_at", flat=True)
    for moment in created.iterator():
        local = moment.astimezone(zone)
        counts[local.weekday(), (local.hour * 60 + local.minute) // SLOT_MINUTES] += 1
    return {key: value / weeks for key, value in counts.items()}


@transaction.atomic
def demand_forecast(
    *, actor, queue: Queue, first: date, last: date, kind: str, weeks: int = 4
) -> int:
    """Forecast each day from the same weekday and half-hour over the last ``weeks`` weeks
    before ``first`` (their average). Days entered by hand are kept. Returns the days written."""
    require_planner(actor, queue)
    days = days_between(first, last)
    profile = history_profile(queue, kind, before=first, weeks=weeks)
    by_day = {
        day: [round(profile.get((day.weekday(), slot), 0.0), 2) for slot in range(SLOTS_PER_DAY)]
        for day in days
    }
    return _write(queue, by_day, kind, DemandSource.FORECAST, actor, keep_manual=True)


def demand_for(actor, queue: Queue, first: date, last: date, kind: str) -> list[dict]:
    """Each day's 48 half-hours (0 where nothing is entered) and where they came from."""
    require_planner(actor, queue)
    days = days_between(first, last)
    rows = Demand.objects.filter(queue=queue, kind=kind, day__in=days).values_list(
        "day", "slot", "contacts", "source"
    )
    grid = {day: [0.0] * SLOTS_PER_DAY for day in days}
    sources: dict[date, str | None] = dict.fromkeys(days)
    for day, slot, contacts, source in rows:
        grid[day][slot] = contacts
        sources[day] = source
    return [{"day": day, "source": sources[day], "contacts": grid[day]} for day in days]


def staffing_for(series: list[float], **demand) -> dict:
    """Erlang C for each interval of ``series`` (contacts per interval; ``demand``: the other
    fields of :class:`erlang.Demand`), with the peak and the agent-hours to roster.
    ``400 beyond_capacity`` when an interval needs more than the calculator staffs."""
    intervals = []
    for contacts in series:
        try:
            result = erlang.staffing(erlang.Demand(contacts=contacts, **demand))
        except ValueError:
            raise ServiceError(
                _("More than %(max)d agents would be needed; check the figures.")
                % {"max": erlang.MAX_AGENTS},
                code="beyond_capacity",
                fields={"contacts": [_("Too many contacts for the calculator.")]},
            ) from None
        intervals.append({"contacts": contacts, **asdict(result)})
    hours = demand.get("interval_seconds", erlang.Demand.interval_seconds) / 3600
    return {
        "intervals": intervals,
        "peak_scheduled_agents": max(i["scheduled_agents"] for i in intervals),
        "scheduled_agent_hours": sum(i["scheduled_agents"] for i in intervals) * hours,
    }
