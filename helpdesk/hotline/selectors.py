"""Reads of calls, ring-backs and their figures, limited to what the user may see.

A call or ring-back is visible when its work item is (``queues.selectors``): managers see every
queue, everyone else the queues they are members of; anything else is a 404.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import NotFound
from helpdesk.customers.phone import InvalidPhone, normalise_phone
from helpdesk.queues.models import UNRESOLVED_STATUSES, Queue, WorkItemLink
from helpdesk.queues.selectors import queue_ids_visible_to

from .models import Call, CallState, HotlineAnomaly, RingBack


def _visible_queue_filter(user, field: str) -> Q:
    if Role.MANAGER in user.role_set:
        return Q()
    return Q(**{f"{field}__in": queue_ids_visible_to(user)})


def call_rows() -> QuerySet[Call]:
    """Calls with what a row shows joined (one more query for the matched customers)."""
    return Call.objects.select_related(
        "item",
        "item__queue",
        "item__customer",
        "item__category",
        "item__assignee",
        "queue",
        "agent",
    ).prefetch_related("matched_customers")


def calls_visible_to(user) -> QuerySet[Call]:
    return Call.objects.filter(_visible_queue_filter(user, "item__queue_id"))


def day_range(day: date) -> tuple[datetime, datetime]:
    """A day in the server's time zone, as [start, next start)."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def _number_filter(text: str) -> Q:
    try:
        number = normalise_phone(text)
    except InvalidPhone:
        digits = "".join(ch for ch in text if ch.isdigit())
        if not digits:
            return Q(pk__in=[])
        return Q(from_number__contains=digits) | Q(to_number__contains=digits)
    return Q(from_number=number) | Q(to_number=number)


def _time_filters(qs: QuerySet, filters: dict, field: str = "initiated_at") -> QuerySet:
    if filters.get("date"):
        start, end = day_range(filters["date"])
        qs = qs.filter(**{f"{field}__gte": start, f"{field}__lt": end})
    if filters.get("since"):
        qs = qs.filter(**{f"{field}__gte": filters["since"]})
    if filters.get("until"):
        qs = qs.filter(**{f"{field}__lt": filters["until"]})
    return qs


def calls_for_user(user, *, filters: dict | None = None) -> QuerySet[Call]:
    """Calls the user may see, newest first, with the filters of ``GET /hotline/calls/``."""
    filters = filters or {}
    qs = call_rows().filter(_visible_queue_filter(user, "item__queue_id"))
    if filters.get("state"):
        qs = qs.filter(state__in=filters["state"])
    if filters.get("direction"):
        qs = qs.filter(direction=filters["direction"])
    if filters.get("agent"):
        qs = qs.filter(agent_id__in=filters["agent"])
    if filters.get("mine"):
        qs = qs.filter(agent=user)
    if filters.get("queue"):
        qs = qs.filter(queue_id__in=filters["queue"])
    if filters.get("customer"):
        qs = qs.filter(item__customer_id=filters["customer"])
    if filters.get("number"):
        qs = qs.filter(_number_filter(filters["number"]))
    qs = _time_filters(qs, filters)
    return qs.order_by("-initiated_at", "-item_id")


def call_visible(user, call_id: int) -> None:
    """Raise NotFound unless the user may see the call (one cheap query)."""
    if not calls_visible_to(user).filter(pk=call_id).exists():
        raise NotFound()


def call_get_for_user(user, call_id: int) -> Call:
    """The call with its links (to items the user sees), orders and ring-back; 404 otherwise."""
    links_out = WorkItemLink.objects.select_related("target").order_by("created_at", "id")
    links_in = WorkItemLink.objects.select_related("source").order_by("created_at", "id")
    if Role.MANAGER not in user.role_set:  # a link must not leak another queue's work
        visible = queue_ids_visible_to(user)
        links_out = links_out.filter(target__queue_id__in=visible)
        links_in = links_in.filter(source__queue_id__in=visible)
    call = (
        call_rows()
        .filter(_visible_queue_filter(user, "item__queue_id"), pk=call_id)
        .select_related("ringback__item", "regarding")
        .prefetch_related(
            "order_links",
            Prefetch("item__links_out", queryset=links_out),
            Prefetch("item__links_in", queryset=links_in),
        )
        .first()
    )
    if call is None:
        raise NotFound()
    return call


# --- ring-backs ----------------------------------------------------------------------------------


# Open ring-backs, most urgent first: the inbox's order (queues.selectors.URGENCY_ORDER).
RINGBACK_URGENCY = (
    F("item__priority").desc(),
    F("item__due_at").asc(nulls_last=True),
    F("item__created_at").asc(),
    F("item_id").asc(),
)


def ringbacks_visible_to(user) -> QuerySet[RingBack]:
    return RingBack.objects.filter(_visible_queue_filter(user, "item__queue_id"))


def ringback_visible(user, ringback_id: int) -> None:
    if not ringbacks_visible_to(user).filter(pk=ringback_id).exists():
        raise NotFound()


def ringbacks_for_user(user, *, filters: dict | None = None) -> QuerySet[RingBack]:
    """Ring-backs (the missed-call list): open ones by default, most urgent first; each with
    its calls."""
    filters = filters or {}
    qs = ringbacks_visible_to(user)
    state = filters.get("state") or "open"
    if state == "open":
        qs = qs.filter(item__status__in=UNRESOLVED_STATUSES)
    elif state == "done":
        qs = qs.exclude(item__status__in=UNRESOLVED_STATUSES)
    if filters.get("queue"):
        qs = qs.filter(item__queue_id__in=filters["queue"])
    if filters.get("number"):
        try:
            qs = qs.filter(number=normalise_phone(filters["number"]))
        except InvalidPhone:
            digits = "".join(ch for ch in filters["number"] if ch.isdigit())
            qs = qs.filter(number__contains=digits) if digits else qs.none()
    if filters.get("mine"):
        qs = qs.filter(item__assignee=user)
    qs = _time_filters(qs, filters, field="last_missed_at")
    order = RINGBACK_URGENCY if state == "open" else ("-last_missed_at", "-item_id")
    return (
        qs.select_related(
            "item", "item__queue", "item__assignee", "item__customer", "completed_by_call"
        )
        .prefetch_related(
            Prefetch(
                "calls",
                queryset=Call.objects.select_related("agent").order_by("initiated_at", "item_id"),
            )
        )
        .order_by(*order)
    )


# --- figures -------------------------------------------------------------------------------------

FIGURES = {
    "total": Count("pk"),
    "ringing": Count("pk", filter=Q(state=CallState.RINGING)),
    "answered": Count("pk", filter=Q(state=CallState.ANSWERED)),
    "missed": Count("pk", filter=Q(state=CallState.MISSED)),
    "abandoned": Count("pk", filter=Q(state=CallState.ABANDONED)),
    "voicemail": Count("pk", filter=Q(state=CallState.VOICEMAIL)),
    "avg_wait_seconds": Avg("wait_seconds", filter=Q(state=CallState.ANSWERED)),
    "avg_talk_seconds": Avg(
        "talk_seconds", filter=Q(state=CallState.ANSWERED, talk_seconds__isnull=False)
    ),
}


def _round(row: dict) -> dict:
    for key in ("avg_wait_seconds", "avg_talk_seconds"):
        if row.get(key) is not None:
            row[key] = round(float(row[key]), 1)
    return row


def call_figures(user, *, filters: dict | None = None) -> dict:
    """Answered, missed, abandoned, voicemail, average wait and talk: in total, per queue (the
    queue a call came in on) and per agent; three aggregate queries (one more for the queues'
    and agents' names). Today (server time) unless a period is given."""
    from django.contrib.auth import get_user_model

    filters = dict(filters or {})
    if not any(filters.get(k) for k in ("date", "since", "until")):
        filters["date"] = timezone.localdate()
    qs = _time_filters(calls_visible_to(user), filters)
    if filters.get("queue"):
        qs = qs.filter(queue_id__in=filters["queue"])
    if filters.get("direction"):
        qs = qs.filter(direction=filters["direction"])
    totals = _round(qs.aggregate(**FIGURES))
    per_queue = [_round(r) for r in qs.values("queue_id").annotate(**FIGURES).order_by("queue_id")]
    per_agent = [
        _round(r)
        for r in qs.filter(agent__isnull=False)
        .values("agent_id")
        .annotate(**FIGURES)
        .order_by("agent_id")
    ]
    queues = Queue.objects.in_bulk([r["queue_id"] for r in per_queue])
    agents = get_user_model().objects.in_bulk([r["agent_id"] for r in per_agent])
    if filters.get("date"):
        since, until = day_range(filters["date"])
    else:
        since, until = filters.get("since"), filters.get("until")
    return {
        "since": since,
        "until": until,
        "totals": totals,
        "queues": [{"queue": queues[r.pop("queue_id")], **r} for r in per_queue],
        "agents": [{"agent": agents[r.pop("agent_id")], **r} for r in per_agent],
    }


# --- anomalies -----------------------------------------------------------------------------------


def anomalies(*, filters: dict | None = None) -> QuerySet[HotlineAnomaly]:
    filters = filters or {}
    qs = HotlineAnomaly.objects.select_related("integration")
    if filters.get("reason"):
        qs = qs.filter(reason__in=filters["reason"])
    if filters.get("integration"):
        qs = qs.filter(integration_id=filters["integration"])
    qs = _time_filters(qs, filters, field="created_at")
    return qs.order_by("-created_at", "-id")
