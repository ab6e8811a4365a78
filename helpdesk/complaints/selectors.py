"""Reads of complaints, limited to what the user may see (404 for anything else).

Object access is the work items': a manager sees every complaint, anyone else those of the queues
they are a member of (``queues.selectors.workitems_visible_to``).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from helpdesk.common.errors import NotFound
from helpdesk.queues.models import Kind, WorkItemEvent
from helpdesk.queues.selectors import workitems_visible_to
from helpdesk.sla.models import SlaClock

from . import workflow
from .models import (
    STANDING_REMEDIES,
    Complaint,
    ComplaintStep,
    Evidence,
    Remedy,
    RemedyState,
    Stage,
)

# Work-item events the complaint's timeline shows besides its own steps and evidence.
TIMELINE_VERBS = (
    "assigned",
    "taken",
    "released",
    "transferred",
    "routed",
    "priority_changed",
    "sla_warning",
    "sla_breached",
    "escalated",
    "escalation_acknowledged",
    "deescalated",
)

CARD_ORDER = (
    # Closed complaints: the latest first; open ones: the most urgent first.
    F("item__closed_at").desc(nulls_last=True),
    F("item__priority").desc(),
    F("item__due_at").asc(nulls_last=True),
    F("item__created_at").asc(),
    F("item_id").asc(),
)


def complaint_cards(qs: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    """Complaints with everything a card shows, in one query: the work item and its joins, whether
    an SLA clock was ever breached, the standing remedies' total, and whether one above the
    approval threshold awaits approval."""
    qs = Complaint.objects.all() if qs is None else qs
    remedies = Remedy.objects.filter(complaint_id=OuterRef("pk"), state__in=STANDING_REMEDIES)
    total = (
        remedies.order_by()
        .values("complaint_id")
        .annotate(total=Sum("amount_fen"))
        .values("total")[:1]
    )
    return qs.select_related(
        "item",
        "item__queue",
        "item__customer",
        "item__assignee",
        "item__category",
    ).annotate(
        sla_breached=Exists(
            SlaClock.objects.filter(item_id=OuterRef("item_id"), breached_at__isnull=False)
        ),
        remedies_total_fen=Coalesce(Subquery(total, output_field=IntegerField()), Value(0)),
        needs_amount_confirmation=Exists(
            remedies.filter(state=RemedyState.PROPOSED, above_threshold=True)
        ),
    )


def complaints_visible_to(user) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        item__in=workitems_visible_to(user).filter(kind=Kind.COMPLAINT).values("pk")
    )


def _filtered(user, filters: dict) -> QuerySet[Complaint]:
    qs = complaints_visible_to(user)
    if filters.get("stage"):
        qs = qs.filter(stage__in=filters["stage"])
    if filters.get("category"):
        qs = qs.filter(item__category_id__in=filters["category"])
    if filters.get("severity"):
        qs = qs.filter(severity__in=filters["severity"])
    if filters.get("root_cause"):
        qs = qs.filter(root_cause__in=filters["root_cause"])
    handlers = filters.get("handler") or []
    if handlers or filters.get("unassigned"):
        cond = Q(item__assignee_id__in=handlers) if handlers else Q(pk__in=[])
        if filters.get("unassigned"):
            cond |= Q(item__assignee__isnull=True)
        qs = qs.filter(cond)
    if filters.get("mine"):
        qs = qs.filter(item__assignee=user)
    if filters.get("customer"):
        qs = qs.filter(item__customer_id=filters["customer"])
    if filters.get("q"):
        term = filters["q"].strip()
        cond = Q(item__subject__icontains=term)
        number = term.upper().removeprefix("P-").lstrip("0")
        if number.isdigit():
            cond |= Q(pk=int(number))
        qs = qs.filter(cond)
    return qs


def complaints_for_user(user, *, filters: dict | None = None) -> QuerySet[Complaint]:
    """The complaint list: filters, SLA state, cards' annotations, the most urgent first."""
    filters = filters or {}
    qs = complaint_cards(_filtered(user, filters))
    sla = filters.get("sla")
    if sla == "breached":
        from django.utils import timezone

        qs = qs.filter(Q(sla_breached=True) | Q(item__due_at__lte=timezone.now()))
    elif sla == "warning":
        from django.utils import timezone

        now = timezone.now()
        qs = qs.filter(item__sla_warn_at__lte=now, item__due_at__gt=now, sla_breached=False)
    return qs.order_by(*CARD_ORDER)


def board_for_user(user, *, filters: dict | None = None) -> dict:
    """The kanban: each stage with its count and its first cards (two queries in all)."""
    filters = {k: v for k, v in (filters or {}).items() if k != "stage"}
    base = _filtered(user, filters)
    counts = dict(base.order_by().values_list("stage").annotate(n=Count("pk")))
    limit = settings.COMPLAINTS_BOARD_COLUMN_LIMIT
    ranked = complaint_cards(base).annotate(
        column_rank=Window(RowNumber(), partition_by=[F("stage")], order_by=list(CARD_ORDER))
    )
    cards: dict[str, list[Complaint]] = {}
    for complaint in ranked.filter(column_rank__lte=limit).order_by("stage", "column_rank"):
        cards.setdefault(complaint.stage, []).append(complaint)
    labels = dict(Stage.choices)
    return {
        "column_limit": limit,
        "columns": [
            {
                "stage": stage,
                "label": str(labels[stage]),
                "count": counts.get(stage, 0),
                "cards": cards.get(stage, []),
            }
            for stage in workflow.BOARD_ORDER
        ],
    }


def complaint_get_for_user(user, complaint_id: int) -> Complaint:
    """One complaint with everything its detail shows prefetched; 404 when not visible."""
    qs = (
        complaint_cards(complaints_visible_to(user))
        .select_related(
            "item__created_by",
            "complained_agent",
            "complained_channel",
            "attributed_agent",
            "attributed_channel",
            "source_item",
            "source_order",
            "proposed_by",
            "approved_by",
        )
        .prefetch_related(
            "item__tags",
            Prefetch("orders", queryset=_orders_qs()),
            Prefetch(
                "steps", queryset=ComplaintStep.objects.select_related("actor").order_by("id")
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("author", "added_by").order_by(
                    "occurred_at", "id"
                ),
            ),
            Prefetch(
                "remedies",
                queryset=Remedy.objects.select_related(
                    "order", "proposed_by", "approved_by", "executed_by"
                ).order_by("created_at", "id"),
            ),
            Prefetch(
                "item__events",
                queryset=WorkItemEvent.objects.filter(verb__in=TIMELINE_VERBS)
                .select_related("actor")
                .order_by("created_at", "id"),
                to_attr="timeline_events",
            ),
        )
    )
    complaint = qs.filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound()
    return complaint


def _orders_qs():
    from orders.models import Order

    return Order.objects.select_related("product").order_by("-created_at", "-id")


def evidence_get_for_user(user, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=evidence_id, complaint__in=complaints_visible_to(user))
        .only("id", "file", "filename", "content_type", "complaint_id")
        .first()
    )
    if evidence is None or not evidence.file:
        raise NotFound()
    return evidence


def timeline(complaint: Complaint) -> list[dict]:
    """Steps, evidence (at the time it happened) and the item's assignment and SLA events, oldest
    first. Uses what :func:`complaint_get_for_user` prefetched (no query)."""
    entries = []
    for step in complaint.steps.all():
        entries.append({"at": step.created_at, "type": "step", "step": step})
    for evidence in complaint.evidence.all():
        entries.append({"at": evidence.occurred_at, "type": "evidence", "evidence": evidence})
    for event in getattr(complaint.item, "timeline_events", []):
        entries.append({"at": event.created_at, "type": "event", "event": event})
    order = {"evidence": 0, "step": 1, "event": 2}
    entries.sort(key=lambda e: (e["at"], order[e["type"]]))
    return entries
