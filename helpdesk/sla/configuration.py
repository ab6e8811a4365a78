"""Setting up SLAs: business calendars (hours, holidays, make-up days), queue calendars,
policies and escalation chains. Managers set everything; supervisors the policies of the queues
they lead and the calendars and chains those use."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.queues.models import Queue
from helpdesk.queues.selectors import is_queue_lead

from . import businesstime
from .escalation import validate_levels
from .models import (
    BusinessCalendar,
    BusinessHours,
    DayKind,
    EscalationChain,
    HolidaySource,
    QueueCalendar,
    SlaPolicy,
    SpecialDay,
)

WEEKDAYS = range(7)


def require_sla_manager(actor) -> None:
    if not actor.has_role(Role.MANAGER, Role.SUPERVISOR):
        raise ServiceError(
            _("Only managers and supervisors set SLAs."), code="permission_denied", status_code=403
        )


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        message = _("Unknown time zone.")
        raise ServiceError(message, code="invalid", fields={"time_zone": [message]}) from None
    return name


def _check_hours(hours: list[dict]) -> dict[int, list[tuple[int, int]]]:
    """``[{"weekday", "start_minute", "end_minute"}]`` grouped by weekday, refused when a day's
    intervals are inverted, outside the day or overlap (400 naming the weekday)."""
    by_day: dict[int, list[tuple[int, int]]] = {}
    for row in hours:
        by_day.setdefault(row["weekday"], []).append((row["start_minute"], row["end_minute"]))
    errors = {}
    for weekday, spans in sorted(by_day.items()):
        problems = businesstime.validate_hours(spans)
        if problems:
            messages = {
                "inverted": _("A closing time must come after its opening time."),
                "overlap": _("Opening hours of one day must not overlap."),
                "out_of_day": _("Times must lie within the day (00:00–24:00)."),
            }
            errors[f"hours.{weekday}"] = sorted({str(messages[p]) for p in problems})
    if errors:
        raise ServiceError(
            _("The business hours are not valid."), code="invalid_hours", fields=errors
        )
    return by_day


@transaction.atomic
def calendar_save(
    *, actor, calendar: BusinessCalendar | None, name: str, time_zone: str, hours: list[dict]
) -> BusinessCalendar:
    require_sla_manager(actor)
    by_day = _check_hours(hours)
    name = name.strip()
    clash = BusinessCalendar.objects.filter(name__iexact=name)
    if calendar is not None:
        clash = clash.exclude(pk=calendar.pk)
    if clash.exists():
        raise Conflict(_("A calendar with this name exists."), code="calendar_exists")
    if calendar is None:
        calendar = BusinessCalendar(name=name)
    calendar.name, calendar.time_zone = name, _zone(time_zone)
    calendar.save()
    calendar.hours.all().delete()
    BusinessHours.objects.bulk_create(
        [
            BusinessHours(calendar=calendar, weekday=weekday, start_minute=start, end_minute=end)
            for weekday, spans in by_day.items()
            for start, end in sorted(spans)
        ]
    )
    return calendar


@transaction.atomic
def calendar_delete(*, actor, calendar: BusinessCalendar) -> None:
    require_sla_manager(actor)
    if QueueCalendar.objects.filter(calendar=calendar).exists():
        raise Conflict(_("Queues still use this calendar."), code="calendar_in_use")
    calendar.delete()


@transaction.atomic
def special_day_set(
    *, actor, calendar: BusinessCalendar, day: date, kind: str, name: str = "", hours_of_weekday=0
) -> SpecialDay:
    require_sla_manager(actor)
    special, _created = SpecialDay.objects.update_or_create(
        calendar=calendar,
        day=day,
        defaults={
            "kind": kind,
            "name": name.strip(),
            "hours_of_weekday": hours_of_weekday,
            "source": HolidaySource.MANUAL,
        },
    )
    return special


@transaction.atomic
def special_day_delete(*, actor, calendar: BusinessCalendar, day_id: int) -> None:
    """Remove a holiday or make-up working day of the calendar (404 when it has no such day)."""
    require_sla_manager(actor)
    deleted, _rows = calendar.special_days.filter(pk=day_id).delete()
    if not deleted:
        raise NotFound()


@transaction.atomic
def holidays_import(*, actor, calendar: BusinessCalendar, country: str, year: int) -> int:
    """Public holidays of a country and year from the ``holidays`` package, and its make-up
    working days (mainland China's adjusted weekends) with Monday's hours. Days entered by hand
    are kept. Returns the days written."""
    import holidays as holidays_lib

    require_sla_manager(actor)
    country = country.upper()
    try:
        found = holidays_lib.country_holidays(country, years=year, language="zh_CN")
    except NotImplementedError:
        message = _("No holiday data for this country.")
        raise ServiceError(message, code="invalid", fields={"country": [message]}) from None
    except Exception:  # an unsupported language for the country: its default names
        found = holidays_lib.country_holidays(country, years=year)
    workdays = {d for d in getattr(found, "weekend_workdays", ()) if d.year == year}
    manual = set(
        calendar.special_days.filter(source=HolidaySource.MANUAL).values_list("day", flat=True)
    )
    calendar.special_days.filter(source=HolidaySource.IMPORTED, day__year=year).delete()
    rows = [
        SpecialDay(
            calendar=calendar,
            day=day,
            kind=DayKind.CLOSED,
            name=label,
            source=HolidaySource.IMPORTED,
        )
        for day, label in sorted(found.items())
        if day.year == year and day not in manual and day not in workdays
    ] + [
        SpecialDay(
            calendar=calendar,
            day=day,
            kind=DayKind.WORKDAY,
            name=_("Make-up working day"),
            hours_of_weekday=0,
            source=HolidaySource.IMPORTED,
        )
        for day in sorted(workdays)
        if day not in manual
    ]
    SpecialDay.objects.bulk_create(rows)
    calendar.country = country
    calendar.save(update_fields=["country", "updated_at"])
    return len(rows)


@transaction.atomic
def queue_calendar_set(*, actor, queue: Queue, calendar: BusinessCalendar | None) -> None:
    if not is_queue_lead(actor, queue.pk):
        raise NotFound()
    if calendar is None:
        QueueCalendar.objects.filter(queue=queue).delete()
    else:
        QueueCalendar.objects.update_or_create(queue=queue, defaults={"calendar": calendar})


TARGETS = ("first_response_minutes", "next_response_minutes", "resolution_minutes")


@transaction.atomic
def policy_save(*, actor, policy: SlaPolicy | None, queue: Queue, **fields) -> SlaPolicy:
    """Create or change a policy of a queue the actor leads. Items already running keep their
    clocks' targets until their priority or queue changes (documented)."""
    if not is_queue_lead(actor, queue.pk) or (policy is not None and policy.queue_id != queue.pk):
        raise NotFound()
    if not any(fields.get(t) for t in TARGETS):
        message = _("Give at least one target.")
        raise ServiceError(
            message, code="policy_no_targets", fields={t: [message] for t in TARGETS}
        )
    chain = fields.pop("escalation", None)
    # Checked here as well as by the constraint: SQLite treats the empty priority as distinct.
    Queue.objects.select_for_update().filter(pk=queue.pk).first()
    same = SlaPolicy.objects.filter(
        queue=queue, priority=fields.get("priority"), kind=fields.get("kind") or ""
    )
    if policy is not None:
        same = same.exclude(pk=policy.pk)
    if same.exists():
        raise Conflict(
            _("This queue already has a policy for this priority and kind."), code="policy_exists"
        )
    policy = policy or SlaPolicy(queue=queue)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.kind = policy.kind or ""
    policy.escalation = chain
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError:
        raise Conflict(
            _("This queue already has a policy for this priority and kind."), code="policy_exists"
        ) from None
    return policy


@transaction.atomic
def policy_delete(*, actor, policy: SlaPolicy) -> None:
    if not is_queue_lead(actor, policy.queue_id):
        raise NotFound()
    policy.delete()


@transaction.atomic
def chain_save(*, actor, chain: EscalationChain | None, name: str, levels: list) -> EscalationChain:
    require_sla_manager(actor)
    problems = validate_levels(levels)
    if problems:
        message = _("Each level needs a known target and a wait of 0 to 10,080 minutes.")
        raise ServiceError(message, code="invalid", fields={"levels": [message]})
    name = name.strip()
    clash = EscalationChain.objects.filter(name__iexact=name)
    if chain is not None:
        clash = clash.exclude(pk=chain.pk)
    if clash.exists():
        raise Conflict(_("A chain with this name exists."), code="chain_exists")
    chain = chain or EscalationChain()
    chain.name = name
    chain.levels = [
        {"target": level["target"], "after_minutes": level["after_minutes"]} for level in levels
    ]
    chain.save()
    return chain
