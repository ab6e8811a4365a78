"""Shift types and leave: the rules people are rostered by."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.queues.models import QueueMembership

from .models import (
    ACTIVE_LEAVE,
    LeaveRequest,
    LeaveStatus,
    Preference,
    ShiftType,
    StaffProfile,
)

MAX_LEAVE_DAYS = 366
NIGHT_HOURS = (0, 6)  # a shift that covers any of 00:00–06:00 is a night shift by default


def covers_night(start: time, minutes: int) -> bool:
    begin = start.hour * 60 + start.minute
    end = begin + minutes
    night_start, night_end = NIGHT_HOURS[0] * 60, NIGHT_HOURS[1] * 60
    # The shift's span, and the same shifted by a day (for shifts that cross midnight).
    return any(begin < night_end + shift and end > night_start + shift for shift in (0, 1440))


@transaction.atomic
def shift_type_create(
    *, name: str, code: str, start: time, minutes: int, is_night: bool | None = None
) -> ShiftType:
    name, code = name.strip(), code.strip().upper()
    taken = ShiftType.objects.filter(Q(name__iexact=name) | Q(code__iexact=code)).exists()
    if taken:
        raise ServiceError(
            _("A shift type with this name or code exists."),
            code="shift_type_exists",
            status_code=409,
        )
    return ShiftType.objects.create(
        name=name,
        code=code,
        start=start,
        minutes=minutes,
        is_night=covers_night(start, minutes) if is_night is None else is_night,
    )


# --- leave ---------------------------------------------------------------------------------------


def leave_visible_to(user) -> QuerySet[LeaveRequest]:
    """One's own leave; a supervisor also sees that of the members of their queues; a manager,
    everyone's."""
    qs = LeaveRequest.objects.select_related("user", "decided_by")
    if user.has_role(Role.MANAGER):
        return qs
    if user.has_role(Role.SUPERVISOR):
        led = QueueMembership.objects.filter(user=user, role=Role.SUPERVISOR).values("queue_id")
        members = QueueMembership.objects.filter(queue_id__in=led).values("user_id")
        return qs.filter(Q(user=user) | Q(user_id__in=members))
    return qs.filter(user=user)


def leave_list(user, *, status: str | None = None, mine: bool = False):
    qs = leave_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(user=user)
    return qs.order_by("first_day", "pk")


def may_decide(actor, leave: LeaveRequest) -> bool:
    """A manager, or a supervisor of a queue the person works in (never their own leave)."""
    if leave.user_id == actor.pk:
        return False
    if actor.has_role(Role.MANAGER):
        return True
    led = QueueMembership.objects.filter(user=actor, role=Role.SUPERVISOR).values("queue_id")
    return QueueMembership.objects.filter(user_id=leave.user_id, queue_id__in=led).exists()


@transaction.atomic
def leave_request(*, user, first_day: date, last_day: date, kind: str, reason: str = ""):
    """Ask for days off. Refused when the days are out of order, too many, or overlap leave the
    person has already asked for or been given."""
    if last_day < first_day:
        raise ServiceError(
            _("The last day is before the first."),
            code="invalid",
            fields={"last_day": [_("The last day is before the first.")]},
        )
    if (last_day - first_day).days + 1 > MAX_LEAVE_DAYS:
        raise ServiceError(
            _("At most %(days)d days at a time.") % {"days": MAX_LEAVE_DAYS},
            code="invalid",
            fields={"last_day": [_("At most %(days)d days at a time.") % {"days": MAX_LEAVE_DAYS}]},
        )
    # Lock the person's leave rows so two requests at once cannot both pass the check.
    mine = LeaveRequest.objects.select_for_update().filter(user=user, status__in=ACTIVE_LEAVE)
    clash = mine.filter(first_day__lte=last_day, last_day__gte=first_day).order_by("first_day")
    clash = clash.first()
    if clash is not None:
        raise ServiceError(
            _("These days overlap leave from %(first)s to %(last)s.")
            % {"first": clash.first_day.isoformat(), "last": clash.last_day.isoformat()},
            code="leave_overlaps",
            status_code=409,
            fields={"first_day": [_("Overlaps other leave.")]},
        )
    return LeaveRequest.objects.create(
        user=user, first_day=first_day, last_day=last_day, kind=kind, reason=reason.strip()
    )


def _locked(actor, leave_id: int) -> LeaveRequest:
    leave = leave_visible_to(actor).select_for_update(of=("self",)).filter(pk=leave_id).first()
    if leave is None:
        raise NotFound()
    return leave


@transaction.atomic
def leave_decide(*, actor, leave_id: int, approve: bool, note: str = "") -> LeaveRequest:
    leave = _locked(actor, leave_id)
    if not may_decide(actor, leave):
        raise ServiceError(
            _("Only a supervisor of this person's queues or a manager decides their leave."),
            code="permission_denied",
            status_code=403,
        )
    if leave.status != LeaveStatus.REQUESTED:
        raise ServiceError(
            _("This request has already been decided."), code="already_decided", status_code=409
        )
    note = note.strip()
    if not approve and not note:
        raise ServiceError(
            _("Say why the leave is declined."),
            code="note_required",
            fields={"note": [_("This field is required.")]},
        )
    leave.status = LeaveStatus.APPROVED if approve else LeaveStatus.DECLINED
    leave.decided_by = actor
    leave.decided_at = timezone.now()
    leave.decision_note = note
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return leave


@transaction.atomic
def leave_cancel(*, actor, leave_id: int) -> LeaveRequest:
    """The person withdraws a request, or gives back approved leave that has not started."""
    leave = _locked(actor, leave_id)
    if leave.user_id != actor.pk:
        raise ServiceError(
            _("Only the person who asked can cancel a leave request."),
            code="permission_denied",
            status_code=403,
        )
    started = leave.first_day <= timezone.localdate()
    if leave.status not in ACTIVE_LEAVE or (leave.status == LeaveStatus.APPROVED and started):
        raise ServiceError(
            _("This leave can no longer be cancelled."), code="not_cancellable", status_code=409
        )
    leave.status = LeaveStatus.CANCELLED
    leave.save(update_fields=["status"])
    return leave


# --- a person's rules and wishes ---------------------------------------------------------------


def profile_of(user) -> StaffProfile:
    """The person's rules (the defaults until someone sets them; not stored until then)."""
    return StaffProfile.objects.filter(user=user).first() or StaffProfile(user=user)


def may_plan_for(actor, user) -> bool:
    """Managers, and supervisors of a queue the person works in."""
    if actor.has_role(Role.MANAGER):
        return True
    if not actor.has_role(Role.SUPERVISOR):
        return False
    led = QueueMembership.objects.filter(user=actor, role=Role.SUPERVISOR).values("queue_id")
    return (
        user.pk == actor.pk or QueueMembership.objects.filter(user=user, queue_id__in=led).exists()
    )


def person_get(actor, user_id: int):
    """An active person whose rules ``actor`` may see: themselves, or someone they plan for
    (404 otherwise)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not (user.pk == actor.pk or may_plan_for(actor, user)):
        raise NotFound()
    return user


def longest_shift_minutes() -> int:
    return max(
        ShiftType.objects.filter(is_active=True).values_list("minutes", flat=True), default=0
    )


@transaction.atomic
def profile_set(*, actor, user, **rules) -> StaffProfile:
    """Set a person's rules. Refused when the contract cannot be worked: more hours than the
    allowed shifts a week (on the days the person is available) of the longest shift give."""
    if not may_plan_for(actor, user):
        raise NotFound()
    profile = profile_of(user)
    for name, value in rules.items():
        setattr(profile, name, value)
    weekdays = sorted(set(profile.unavailable_weekdays or []))
    profile.unavailable_weekdays = weekdays
    days = min(profile.max_shifts_per_week, 7 - len(weekdays))
    longest = longest_shift_minutes()
    lowest = profile.contracted_minutes_per_week * (100 - profile.hours_tolerance_percent) / 100
    if longest and days * longest < lowest:
        raise ServiceError(
            _(
                "The contract cannot be worked: at most %(days)d shifts a week of at most "
                "%(hours)s hours give less than %(contract)s hours."
            )
            % {
                "days": days,
                "hours": f"{longest / 60:g}",
                "contract": f"{lowest / 60:g}",
            },
            code="contract_impossible",
            fields={"contracted_minutes_per_week": [_("More than the shifts allow.")]},
        )
    profile.save()
    return profile


@transaction.atomic
def preference_add(*, user, wish: str, weekday=None, shift_type=None, weight: int = 1):
    """The person's own wish; the same weekday and shift type again replaces the earlier one."""
    if weekday is None and shift_type is None:
        raise ServiceError(
            _("Say which weekday or which shift."),
            code="invalid",
            fields={"weekday": [_("Give a weekday, a shift type, or both.")]},
        )
    Preference.objects.filter(user=user, weekday=weekday, shift_type=shift_type).delete()
    return Preference.objects.create(
        user=user, wish=wish, weekday=weekday, shift_type=shift_type, weight=weight
    )


def preference_remove(*, user, preference_id: int) -> None:
    deleted, _rows = Preference.objects.filter(user=user, pk=preference_id).delete()
    if not deleted:
        raise NotFound()
