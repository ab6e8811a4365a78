"""Who is on duty now: the published roster, less approved leave, at an instant.

Shift times are wall-clock times in the department's zone (``TIME_ZONE``) on the shift's day; a
shift lasts its length in real minutes from there, so across a daylight-saving change an 8-hour
shift still lasts 8 hours (it ends an hour later or earlier on the clock).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from helpdesk.accounts.roles import Role

from .models import LeaveRequest, LeaveStatus, RosterStatus, ShiftAssignment
from .services import local_zone


def shift_bounds(day, shift_type) -> tuple[datetime, datetime]:
    """The shift's start and end as instants (UTC)."""
    start = datetime.combine(day, shift_type.start, tzinfo=local_zone()).astimezone(UTC)
    return start, start + timedelta(minutes=shift_type.minutes)


def on_duty(queue_id: int, at: datetime | None = None, *, role: str | None = None) -> list:
    """The assignments of the people on shift for ``queue_id`` at ``at`` (now by default),
    earliest start first: published rosters only, nobody on approved leave that day. ``role``
    keeps those who hold it (e.g. the supervisor on duty)."""
    at = (at or timezone.now()).astimezone(UTC)
    local_day = at.astimezone(local_zone()).date()
    candidates = (
        ShiftAssignment.objects.filter(
            queue_id=queue_id,
            period__status=RosterStatus.PUBLISHED,
            day__in=[local_day - timedelta(days=1), local_day],
        )
        .select_related("user", "shift_type")
        .order_by("day", "shift_type__start", "user_id")
    )
    if role:
        # Someone who holds the role and works this queue in it (a supervisor leading several
        # queues is rostered on one of them but is on duty for each).
        candidates = (
            ShiftAssignment.objects.filter(
                Q(queue_id=queue_id)
                | Q(user__memberships__queue_id=queue_id, user__memberships__role=role),
                period__status=RosterStatus.PUBLISHED,
                day__in=[local_day - timedelta(days=1), local_day],
                user__roles__role=role,
            )
            .distinct()
            .select_related("user", "shift_type")
            .order_by("day", "shift_type__start", "user_id")
        )
    working = []
    for assignment in candidates:
        start, end = shift_bounds(assignment.day, assignment.shift_type)
        if start <= at < end:
            working.append(assignment)
    if not working:
        return []
    away = set(
        LeaveRequest.objects.filter(
            user_id__in=[a.user_id for a in working],
            status=LeaveStatus.APPROVED,
            first_day__lte=local_day,
            last_day__gte=local_day - timedelta(days=1),
        ).values_list("user_id", "first_day", "last_day")
    )
    return [
        a
        for a in working
        if not any(u == a.user_id and first <= a.day <= last for u, first, last in away)
    ]


def supervisors_on_duty(queue_id: int, at: datetime | None = None) -> list:
    return [a.user for a in on_duty(queue_id, at, role=Role.SUPERVISOR)]


def rostered_now(queue_id: int, at: datetime | None = None) -> set[int] | None:
    """The ids of the people on shift for the queue now, or None when no published roster
    covers the queue today (then routing does not ask who is on shift: online is enough)."""
    at = (at or timezone.now()).astimezone(UTC)
    local_day = at.astimezone(local_zone()).date()
    covered = ShiftAssignment.objects.filter(
        queue_id=queue_id,
        period__status=RosterStatus.PUBLISHED,
        period__first_day__lte=local_day,
        period__last_day__gte=local_day,
    ).exists()
    if not covered:
        return None
    return {a.user_id for a in on_duty(queue_id, at)}
