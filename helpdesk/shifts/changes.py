"""Changing a roster by hand: grid edits, publishing, overrides, swaps, and the iCal feed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.queues.models import QueueMembership
from helpdesk.queues.selectors import is_queue_lead
from helpdesk.realtime.groups import user_group
from helpdesk.realtime.publish import publish_on_commit

from . import checker
from .builds import expire_lost
from .duty import shift_bounds
from .models import (
    ACTIVE_BUILDS,
    OPEN_SWAPS,
    CalendarFeed,
    ChangeKind,
    RosterChange,
    RosterPeriod,
    RosterStatus,
    ShiftAssignment,
    ShiftSwap,
    ShiftType,
    SwapStatus,
)
from .rosters import checked_roster, people_of, require_plan
from .services import local_zone

MAX_CHANGES = 200


def label(assignment) -> str:
    if assignment is None:
        return ""
    return f"{assignment.day.isoformat()} {assignment.shift_type.code}"


def _rule_names(found: list[checker.Violation]) -> str:
    return ", ".join(sorted({v.rule for v in found}))


# --- grid edits and overrides ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    user_id: int
    day: date
    shift_type_id: int | None  # None: a day off
    queue_id: int | None = None


def _locked_period(period: RosterPeriod) -> RosterPeriod:
    return RosterPeriod.objects.select_for_update().get(pk=period.pk)


@transaction.atomic
def cells_set(*, actor, period: RosterPeriod, cells: list[Cell], reason: str = "") -> list:
    """Set some cells of the grid at once (a drag-and-drop moves two). On a draft the planner's
    edits are pinned (a rebuild keeps them) and any broken rule is reported, not refused; on a
    published roster they are overrides: a reason is required, each change is recorded and the
    people are told. Returns the rules broken afterwards by the people touched."""
    period = _locked_period(period)
    if not cells or len(cells) > MAX_CHANGES:
        message = _("Give between 1 and %(max)d cells.") % {"max": MAX_CHANGES}
        raise ServiceError(message, code="invalid", fields={"cells": [message]})
    published = period.status == RosterStatus.PUBLISHED
    if published and not reason.strip():
        message = _("Say why a published roster changes.")
        raise ServiceError(message, code="reason_required", fields={"reason": [message]})
    expire_lost(period)
    if not published and period.builds.filter(status__in=ACTIVE_BUILDS).exists():
        raise Conflict(
            _("The roster is being built; wait or cancel the build."), code="build_running"
        )
    people = people_of(period)
    types = {t.pk: t for t in ShiftType.objects.filter(is_active=True)}
    current = {
        (a.user_id, a.day): a
        for a in period.assignments.select_related("shift_type").filter(
            user_id__in={c.user_id for c in cells}, day__in={c.day for c in cells}
        )
    }
    today = timezone.localdate(timezone=local_zone())
    plan: list[tuple[Cell, ShiftAssignment | None, int | None]] = []
    for cell in cells:
        if cell.user_id not in people.users:
            raise NotFound()
        if not period.first_day <= cell.day <= period.last_day:
            message = _("The day is outside the roster.")
            raise ServiceError(message, code="invalid", fields={"day": [message]})
        if published and cell.day < today:
            raise ServiceError(
                _("Days that have passed are not changed."), code="day_passed", status_code=409
            )
        if cell.shift_type_id is not None and cell.shift_type_id not in types:
            message = _("Unknown or inactive shift type.")
            raise ServiceError(message, code="invalid", fields={"shift_type": [message]})
        before = current.get((cell.user_id, cell.day))
        queue_id = cell.queue_id or (before.queue_id if before else None)
        if queue_id is None:
            queue_id = people.queues[cell.user_id][0]
        if cell.shift_type_id is not None and queue_id not in people.queues[cell.user_id]:
            message = _("This person does not work that queue.")
            raise ServiceError(message, code="invalid", fields={"queue": [message]})
        # Supervisors change the cells of the queues they lead (managers: all of them).
        for touched in {queue_id, before.queue_id if before else queue_id}:
            if not is_queue_lead(actor, touched):
                raise ServiceError(
                    _("Only a manager or the queue's supervisor may change this roster."),
                    code="not_planner",
                    status_code=403,
                )
        plan.append((cell, before, queue_id))

    # Delete first, then create: two cells may trade places.
    for _cell, before, _queue in plan:
        if before is not None:
            before.delete()
    for cell, before, queue_id in plan:
        after = None
        if cell.shift_type_id is not None:
            after = ShiftAssignment.objects.create(
                period=period,
                user_id=cell.user_id,
                day=cell.day,
                shift_type=types[cell.shift_type_id],
                queue_id=queue_id,
                pinned=True,
            )
        if published and label(before) != label(after):
            RosterChange.objects.create(
                period=period,
                kind=ChangeKind.OVERRIDE,
                user_id=cell.user_id,
                day=cell.day,
                before=label(before),
                after=label(after),
                reason=reason.strip(),
                changed_by=actor,
            )
        if published:
            _tell(
                cell.user_id,
                "roster.changed",
                {"period": period.pk, "day": cell.day.isoformat(), "after": label(after)},
            )
    touched = {c.user_id for c, _b, _q in plan}
    days = {c.day for c, _b, _q in plan}
    return [
        v
        for v in checker.violations(checked_roster(period, people=people))
        if v.person in touched or (v.person is None and v.day in days)
    ]


@transaction.atomic
def publish(*, actor, period: RosterPeriod) -> RosterPeriod:
    """Publish a draft: refused while a build runs or while it breaks a hard rule; everyone on
    it is told (live, and by mail)."""
    require_plan(actor, period)
    period = _locked_period(period)
    if period.status != RosterStatus.DRAFT:
        raise Conflict(_("This roster is already published."), code="period_published")
    expire_lost(period)
    if period.builds.filter(status__in=ACTIVE_BUILDS).exists():
        raise Conflict(
            _("The roster is being built; wait or cancel the build."), code="build_running"
        )
    found = checker.violations(checked_roster(period))
    if found:
        raise ServiceError(
            _("The roster breaks rules (%(rules)s); fix them before publishing.")
            % {"rules": _rule_names(found)},
            code="rule_broken",
            status_code=409,
            fields={"rules": sorted({v.rule for v in found})},
        )
    period.status = RosterStatus.PUBLISHED
    period.published_at = timezone.now()
    period.published_by = actor
    period.save(update_fields=["status", "published_at", "published_by"])
    people = sorted(set(period.assignments.values_list("user_id", flat=True)))
    subject = _("Your shifts from %(first)s to %(last)s") % {
        "first": period.first_day,
        "last": period.last_day,
    }
    from .tasks import send_roster_mail

    for user_id in people:
        _tell(user_id, "roster.published", {"period": period.pk})
        lines = [
            f"{a.day.isoformat()} {a.shift_type.code} {a.shift_type.start:%H:%M} "
            f"({a.shift_type.minutes // 60} h)"
            for a in period.assignments.filter(user_id=user_id).select_related("shift_type")
        ]
        body = "\n".join([_("Your shifts in the published roster:"), "", *lines])
        enqueue_on_commit(send_roster_mail, user_id, str(subject), body)
    return period


def _tell(user_id: int, event: str, payload: dict) -> None:
    publish_on_commit([user_group(user_id)], event, payload)


# --- swaps ---------------------------------------------------------------------------------------


def swaps_visible_to(user):
    """One's own swaps (asked or asked of), and for planners those awaiting a decision in the
    queues they lead."""
    qs = ShiftSwap.objects.select_related("requester", "colleague", "decided_by")
    mine = Q(requester=user) | Q(colleague=user)
    if user.is_manager:
        return qs
    from helpdesk.accounts.roles import Role

    led = QueueMembership.objects.filter(user=user, role=Role.SUPERVISOR).values("queue_id")
    return qs.filter(mine | Q(give__queue_id__in=led) | Q(take__queue_id__in=led)).distinct()


def swap_get(user, swap_id: int) -> ShiftSwap:
    swap = swaps_visible_to(user).filter(pk=swap_id).first()
    if swap is None:
        raise NotFound()
    return swap


def _after_swap(swap_or_parts) -> list[checker.Violation]:
    """Rules the roster would newly break, for the two people, if the swap were made."""
    period, requester_id, colleague_id, give, take = swap_or_parts
    assignments = list(period.assignments.select_related("shift_type"))
    before = checker.violations(checked_roster(period, assignments=assignments))
    moved = []
    for a in assignments:
        if a.pk == give.pk:
            a = ShiftAssignment(
                pk=a.pk,
                user_id=colleague_id,
                day=a.day,
                shift_type=a.shift_type,
                queue_id=a.queue_id,
            )
        elif take is not None and a.pk == take.pk:
            a = ShiftAssignment(
                pk=a.pk,
                user_id=requester_id,
                day=a.day,
                shift_type=a.shift_type,
                queue_id=a.queue_id,
            )
        moved.append(a)
    after = checker.violations(checked_roster(period, assignments=moved))
    old = set(before)
    return [
        v
        for v in after
        if v not in old and (v.person in (requester_id, colleague_id) or v.person is None)
    ]


def _refuse_broken(found: list[checker.Violation]) -> None:
    if found:
        raise ServiceError(
            _("The swap would break a rule: %(rules)s.") % {"rules": _rule_names(found)},
            code="swap_breaks_rule",
            status_code=409,
            fields={"rules": sorted({v.rule for v in found})},
        )


def _future(assignment: ShiftAssignment) -> bool:
    start, _end = shift_bounds(assignment.day, assignment.shift_type)
    return start > timezone.now()


@transaction.atomic
def swap_request(*, actor, give_id: int, colleague_id: int, take_id: int | None, reason: str = ""):
    give = (
        ShiftAssignment.objects.select_for_update()
        .select_related("period", "shift_type")
        .filter(pk=give_id, user=actor, period__status=RosterStatus.PUBLISHED)
        .first()
    )
    if give is None:
        raise NotFound()
    period = give.period
    people = people_of(period)
    if colleague_id == actor.pk or colleague_id not in people.users:
        raise NotFound()
    if give.queue_id not in people.queues[colleague_id]:
        message = _("The colleague does not work this shift's queue.")
        raise ServiceError(message, code="invalid", fields={"colleague": [message]})
    take = None
    if take_id is not None:
        take = (
            ShiftAssignment.objects.select_for_update()
            .select_related("shift_type")
            .filter(pk=take_id, user_id=colleague_id, period=period)
            .first()
        )
        if take is None:
            raise NotFound()
        if take.queue_id not in people.queues[actor.pk]:
            message = _("You do not work the queue of the shift you would take.")
            raise ServiceError(message, code="invalid", fields={"take": [message]})
    if not _future(give) or (take is not None and not _future(take)):
        raise ServiceError(
            _("Only shifts that have not started can be swapped."),
            code="shift_started",
            status_code=409,
        )
    involved = [give.pk] + ([take.pk] if take else [])
    pending = ShiftSwap.objects.filter(status__in=OPEN_SWAPS).filter(
        Q(give_id__in=involved) | Q(take_id__in=involved)
    )
    if pending.exists():
        raise Conflict(_("A swap of this shift is already pending."), code="swap_pending")
    _refuse_broken(_after_swap((period, actor.pk, colleague_id, give, take)))
    swap = ShiftSwap.objects.create(
        period=period,
        requester=actor,
        colleague_id=colleague_id,
        give=give,
        take=take,
        give_label=label(give),
        take_label=label(take),
        reason=reason.strip(),
    )
    _tell(colleague_id, "roster.swap", {"swap": swap.pk, "status": swap.status})
    return swap


def _locked_swap(swap: ShiftSwap) -> ShiftSwap:
    return (
        ShiftSwap.objects.select_for_update(of=("self",))
        .select_related("period", "give__shift_type", "take__shift_type")
        .get(pk=swap.pk)
    )


def _still_valid(swap: ShiftSwap) -> None:
    give, take = swap.give, swap.take
    if (
        give is None
        or give.user_id != swap.requester_id
        or (swap.take_label and (take is None or take.user_id != swap.colleague_id))
    ):
        raise Conflict(_("The roster changed since the swap was asked for."), code="swap_stale")
    if not _future(give) or (take is not None and not _future(take)):
        raise ServiceError(
            _("Only shifts that have not started can be swapped."),
            code="shift_started",
            status_code=409,
        )


@transaction.atomic
def swap_answer(*, actor, swap: ShiftSwap, accept: bool) -> ShiftSwap:
    swap = _locked_swap(swap)
    if swap.colleague_id != actor.pk:
        raise NotFound()
    if swap.status != SwapStatus.REQUESTED:
        raise Conflict(_("This swap is no longer waiting for you."), code="swap_not_open")
    if accept:
        _still_valid(swap)
        _refuse_broken(
            _after_swap((swap.period, swap.requester_id, swap.colleague_id, swap.give, swap.take))
        )
    swap.status = SwapStatus.ACCEPTED if accept else SwapStatus.REFUSED
    swap.answered_at = timezone.now()
    swap.save(update_fields=["status", "answered_at"])
    _tell(swap.requester_id, "roster.swap", {"swap": swap.pk, "status": swap.status})
    return swap


@transaction.atomic
def swap_decide(*, actor, swap: ShiftSwap, approve: bool, note: str = "") -> ShiftSwap:
    """A supervisor of the shifts' queues (or a manager) approves (the two shifts change hands,
    recorded as roster changes) or declines (with a note)."""
    swap = _locked_swap(swap)
    queues = {a.queue_id for a in (swap.give, swap.take) if a is not None}
    if not queues or not all(is_queue_lead(actor, q) for q in queues):
        raise NotFound()
    if actor.pk in (swap.requester_id, swap.colleague_id):
        raise ServiceError(
            _("Someone else decides on one's own swap."), code="own_swap", status_code=403
        )
    if swap.status != SwapStatus.ACCEPTED:
        raise Conflict(
            _("Only a swap the colleague accepted can be decided."), code="swap_not_open"
        )
    if not approve and not note.strip():
        message = _("Say why the swap is declined.")
        raise ServiceError(message, code="note_required", fields={"note": [message]})
    if approve:
        _still_valid(swap)
        _refuse_broken(
            _after_swap((swap.period, swap.requester_id, swap.colleague_id, swap.give, swap.take))
        )
        give, take = swap.give, swap.take
        moves = [(give, swap.colleague_id)] + ([(take, swap.requester_id)] if take else [])
        for assignment, _to in moves:
            ShiftAssignment.objects.filter(pk=assignment.pk).delete()
        for assignment, to in moves:
            ShiftAssignment.objects.create(
                period=swap.period,
                user_id=to,
                day=assignment.day,
                shift_type=assignment.shift_type,
                queue_id=assignment.queue_id,
                pinned=True,
            )
            for user_id, before, after in (
                (assignment.user_id, label(assignment), ""),
                (to, "", label(assignment)),
            ):
                RosterChange.objects.create(
                    period=swap.period,
                    kind=ChangeKind.SWAP,
                    user_id=user_id,
                    day=assignment.day,
                    before=before,
                    after=after,
                    reason=swap.reason or _("Swap %(id)d") % {"id": swap.pk},
                    changed_by=actor,
                )
    swap.status = SwapStatus.APPROVED if approve else SwapStatus.DECLINED
    swap.decided_by = actor
    swap.decided_at = timezone.now()
    swap.decision_note = note.strip()
    swap.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    for user_id in (swap.requester_id, swap.colleague_id):
        _tell(user_id, "roster.swap", {"swap": swap.pk, "status": swap.status})
    return swap


@transaction.atomic
def swap_cancel(*, actor, swap: ShiftSwap) -> ShiftSwap:
    swap = _locked_swap(swap)
    if swap.requester_id != actor.pk:
        raise NotFound()
    if swap.status not in OPEN_SWAPS:
        raise Conflict(_("This swap is no longer open."), code="swap_not_open")
    swap.status = SwapStatus.CANCELLED
    swap.save(update_fields=["status"])
    _tell(swap.colleague_id, "roster.swap", {"swap": swap.pk, "status": swap.status})
    return swap


# --- the personal iCal feed ------------------------------------------------------------------------


def calendar_feed(user, *, rotate: bool = False) -> CalendarFeed:
    """The person's feed secret (made on first use; ``rotate`` replaces it)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None or rotate:
        token = secrets.token_urlsafe(32)
        feed, _created = CalendarFeed.objects.update_or_create(user=user, defaults={"token": token})
    return feed


FEED_DAYS_BACK = 31
FEED_DAYS_AHEAD = 92


def calendar_ics(token: str) -> bytes:
    """The published shifts (a month back, three ahead) of the person whose secret this is."""
    from icalendar import Calendar, Event

    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise NotFound()
    today = timezone.localdate(timezone=local_zone())
    assignments = (
        ShiftAssignment.objects.filter(
            user=feed.user,
            period__status=RosterStatus.PUBLISHED,
            day__gte=today - timedelta(days=FEED_DAYS_BACK),
            day__lte=today + timedelta(days=FEED_DAYS_AHEAD),
        )
        .select_related("shift_type", "queue")
        .order_by("day")
    )
    cal = Calendar()
    cal.add("prodid", "-//helpdesk//shifts//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("My shifts"))
    stamp = datetime.now(tz=local_zone())
    for a in assignments:
        start, end = shift_bounds(a.day, a.shift_type)
        event = Event()
        event.add("uid", f"shift-{a.pk}@helpdesk")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"{a.shift_type.name} ({a.queue.name})")
        cal.add_component(event)
    return cal.to_ical()
