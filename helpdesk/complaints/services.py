"""The complaint workflow's writes: each step is atomic, checks its rule, records who, when and
why (a ``ComplaintStep`` and an event on the work item), moves the work item's status with the
stage, and publishes after commit. Opening and evidence live in :mod:`.intake`; remedies in
:mod:`.remedies`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import Category, EventVerb, WorkItem
from helpdesk.queues.selectors import membership_of
from helpdesk.queues.services import (
    event_record,
    workitem_mark_responded,
    workitem_set_status,
    workitem_take,
    workitem_update,
)

from . import notify, remedies, rules, workflow
from .intake import (  # noqa: F401  (the complaint services, in one place for callers)
    complaint_attach,
    complaint_link,
    complaint_note,
    complaint_open,
)
from .models import (
    SEVERITY_PRIORITY,
    Action,
    Complaint,
    ComplaintStep,
    Evidence,
    EvidenceKind,
    Outcome,
    Party,
    RemedyState,
    Stage,
)
from .remedies import remedy_add, remedy_withdraw  # noqa: F401

# --- helpers ---------------------------------------------------------------------------------------


def _reason_required(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(message, code="reason_required", fields={"reason": [message]})
    return reason


def _step(
    complaint: Complaint,
    *,
    action: str,
    to_stage: str,
    actor,
    reason: str = "",
    data: dict | None = None,
) -> ComplaintStep:
    """Move the complaint to ``to_stage`` and record the step, on the complaint and on the work
    item (whose status follows the stage: SLA clocks and the inbox see it)."""
    item = complaint.item
    from_stage = complaint.stage
    complaint.stage = to_stage
    complaint.save()
    step = ComplaintStep.objects.create(
        complaint=complaint,
        action=action,
        from_stage=from_stage,
        to_stage=to_stage,
        actor=actor,
        reason=reason,
        data=data or {},
    )
    detail = {"complaint": {"action": action, "from": from_stage, "to": to_stage, "step": step.pk}}
    status = workflow.STAGE_STATUS[to_stage]
    if status != item.status:
        workitem_set_status(item=item, actor=actor, status=status, reason=reason, data=detail)
    else:
        event_record(item=item, actor=actor, verb=EventVerb.UPDATED, data=detail, reason=reason)
        item.save(update_fields=["updated_at"])
    notify.complaint_publish(complaint.pk)
    return step


def _locked(actor, complaint_id: int) -> tuple[WorkItem, Complaint]:
    rules.complaint_visible(actor, complaint_id)
    return rules.lock_complaint(complaint_id)


def _pending(complaint: Complaint) -> bool:
    return complaint.remedies.filter(state=RemedyState.PROPOSED).exists()


# --- the steps ---------------------------------------------------------------------------------------


@transaction.atomic
def complaint_investigate(*, actor, complaint_id: int, reason: str = "") -> Complaint:
    """Start (or resume after a send-back) the investigation. An unassigned complaint goes to the
    actor when they work its queue (in the same transaction: a refusal assigns nothing)."""
    rules.complaint_visible(actor, complaint_id)
    current = Complaint.objects.select_related("item").get(pk=complaint_id)
    workflow.check(Action.INVESTIGATE, current.stage)  # before taking it: nothing to undo
    if current.item.assignee_id is None and membership_of(actor, current.item.queue_id):
        workitem_take(item_id=complaint_id, user=actor)  # locks the queue, then the item
    item, complaint = rules.lock_complaint(complaint_id)
    rules.require_handler(actor, item)
    target = workflow.check(Action.INVESTIGATE, complaint.stage)
    _step(complaint, action=Action.INVESTIGATE, to_stage=target, actor=actor, reason=reason.strip())
    return complaint


@transaction.atomic
def complaint_propose(*, actor, complaint_id: int, resolution: str, reason: str = "") -> Complaint:
    """Propose a resolution (with the remedies recorded so far) for a manager's approval. Needs
    the root cause and its attribution, and the text the customer will be told."""
    item, complaint = _locked(actor, complaint_id)
    rules.require_handler(actor, item)
    target = workflow.check(Action.PROPOSE, complaint.stage)
    rules.require_findings(complaint)
    text = (resolution or "").strip()
    if not text:
        message = _("Write the resolution the customer will be told.")
        raise ServiceError(message, code="resolution_required", fields={"resolution": [message]})
    standing = list(complaint.remedies.filter(state=RemedyState.PROPOSED).order_by("id"))
    remedies.refresh_thresholds(standing)
    complaint.resolution = text
    complaint.proposed_by, complaint.proposed_at = actor, timezone.now()
    _step(
        complaint,
        action=Action.PROPOSE,
        to_stage=target,
        actor=actor,
        reason=(reason or "").strip(),
        data={
            "resolution": text,
            "remedies": [r.pk for r in standing],
            "above_threshold": [r.pk for r in standing if r.above_threshold],
            "root_cause": complaint.root_cause,
        },
    )
    notify.ask_managers(complaint, appeal=False, actor=actor)
    return complaint


@transaction.atomic
def complaint_approve(
    *, actor, complaint_id: int, note: str = "", confirm_above_threshold: bool = False
) -> Complaint:
    """A manager approves the proposed resolution and its remedies (or upholds it on appeal).
    Remedies above ``COMPLAINTS_APPROVAL_THRESHOLD_FEN`` need ``confirm_above_threshold``."""
    rules.require_manager(actor)
    _item, complaint = _locked(actor, complaint_id)
    target = workflow.check(Action.APPROVE, complaint.stage)
    pending = list(complaint.remedies.filter(state=RemedyState.PROPOSED).order_by("id"))
    remedies.refresh_thresholds(pending)
    above = [r for r in pending if r.above_threshold]
    if above and not confirm_above_threshold:
        threshold = remedies.threshold()
        message = ngettext(
            "%(count)d remedy amount is above %(limit)s yuan: confirm it to approve.",
            "%(count)d remedy amounts are above %(limit)s yuan: confirm them to approve.",
            len(above),
        ) % {"count": len(above), "limit": f"{threshold / 100:.2f}"}
        raise ServiceError(
            message,
            code="amount_confirmation_required",
            fields={
                "confirm_above_threshold": [message],
                "remedies": [str(r.pk) for r in above],
            },
        )
    now = timezone.now()
    upheld = complaint.stage == Stage.APPEAL_REVIEW
    for remedy in pending:
        remedy.state = RemedyState.APPROVED
        remedy.approved_by, remedy.approved_at = actor, now
        remedy.save(update_fields=["state", "approved_by", "approved_at", "above_threshold"])
    complaint.approved_resolution = complaint.resolution
    complaint.approved_by, complaint.approved_at = actor, now
    _step(
        complaint,
        action=Action.APPROVE,
        to_stage=target,
        actor=actor,
        reason=(note or "").strip(),
        data={
            "resolution": complaint.approved_resolution,
            "remedies": [r.pk for r in pending],
            "above_threshold": [{"remedy": r.pk, "amount_fen": r.amount_fen} for r in above],
            "confirmed_above_threshold": bool(above),
            "threshold_fen": remedies.threshold(),
            "upheld_on_appeal": upheld,
        },
    )
    notify.tell_handler(complaint, decision="approved", reason=(note or "").strip(), actor=actor)
    return complaint


@transaction.atomic
def complaint_send_back(*, actor, complaint_id: int, reason: str) -> Complaint:
    """A manager sends the resolution back to the handler, saying why."""
    rules.require_manager(actor)
    _item, complaint = _locked(actor, complaint_id)
    target = workflow.check(Action.SEND_BACK, complaint.stage)
    reason = _reason_required(reason, _("Say why the resolution goes back."))
    _step(complaint, action=Action.SEND_BACK, to_stage=target, actor=actor, reason=reason)
    notify.tell_handler(complaint, decision="sent_back", reason=reason, actor=actor)
    return complaint


@transaction.atomic
def complaint_inform(*, actor, complaint_id: int) -> Complaint:
    """Tell the customer the approved resolution (exactly its text; by mail to the customer's
    address when there is one, recorded always) and carry out the approved remedies."""
    item, complaint = _locked(actor, complaint_id)
    rules.require_handler(actor, item)
    target = workflow.check(Action.INFORM, complaint.stage)
    text = complaint.approved_resolution
    address = _customer_address(complaint)
    now = timezone.now()
    message = Evidence.objects.create(
        complaint=complaint,
        kind=EvidenceKind.CUSTOMER_MESSAGE,
        party=Party.STAFF,
        author=actor,
        author_name=actor.name,
        body=text,
        occurred_at=now,
        added_by=actor,
        data={"channel": "email" if address else "record", "to": address},
    )
    carried = remedies.execute_approved(complaint, actor=actor)
    complaint.informed_at = now
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.REPLIED,
        data={"complaint": {"informed": True}, "evidence": message.pk},
    )
    workitem_mark_responded(item=item)
    _step(
        complaint,
        action=Action.INFORM,
        to_stage=target,
        actor=actor,
        data={
            "evidence": message.pk,
            "channel": "email" if address else "record",
            "to": address,
            "remedies": carried,
        },
    )
    if address:
        notify.mail_customer_on_commit(message.pk)
    return complaint


def _customer_address(complaint: Complaint) -> str:
    from helpdesk.customers.models import ContactKind

    item = complaint.item
    if item.customer_id:
        email = (
            item.customer.contacts.filter(kind=ContactKind.EMAIL)
            .order_by("-is_primary", "id")
            .values_list("value", flat=True)
            .first()
        )
        if email:
            return email
    source = complaint.source_item
    ticket = getattr(source, "ticket", None) if source is not None else None
    return ticket.requester_email if ticket is not None else ""


@transaction.atomic
def complaint_close(
    *, actor, complaint_id: int, reason: str = "", outcome: str | None = None
) -> Complaint:
    """Close the complaint: after the customer was informed (outcome ``resolved``), or earlier
    when the customer withdrew it or it is a duplicate (outcome and reason required). Refused
    while a remedy awaits approval."""
    item, complaint = _locked(actor, complaint_id)
    rules.require_handler(actor, item)
    pending = _pending(complaint)
    target = workflow.check(Action.CLOSE, complaint.stage, pending_remedies=pending)
    reason = (reason or "").strip()
    if complaint.stage == Stage.INFORMED:
        outcome = outcome or Outcome.RESOLVED
        if outcome != Outcome.RESOLVED:
            message = _("A complaint whose customer was informed closes as resolved.")
            raise ServiceError(message, code="invalid", fields={"outcome": [message]})
    else:
        if outcome not in (Outcome.WITHDRAWN, Outcome.DUPLICATE):
            message = _("Closing before a resolution: say whether it was withdrawn or a duplicate.")
            raise ServiceError(message, code="outcome_required", fields={"outcome": [message]})
        reason = _reason_required(reason, _("Say why the complaint closes without a resolution."))
    if pending:
        raise workflow.remedy_not_approved()
    complaint.outcome = outcome
    _step(
        complaint,
        action=Action.CLOSE,
        to_stage=target,
        actor=actor,
        reason=reason,
        data={"outcome": outcome},
    )
    return complaint


@transaction.atomic
def complaint_appeal(
    *, actor, complaint_id: int, reason: str, to_manager: bool = False
) -> Complaint:
    """The customer disagrees: the complaint reopens as an appeal, for investigation again, or
    straight before a manager when its SLA policy lets appeals go up (``appeal_to_manager``)."""
    item, complaint = _locked(actor, complaint_id)
    rules.require_handler(actor, item)
    if workflow.target_stage(Action.APPEAL, complaint.stage) is None:
        workflow.check(Action.APPEAL, complaint.stage)
    reason = _reason_required(reason, _("Say what the customer disagrees with."))
    if to_manager:
        from helpdesk.sla.clocks import policy_for

        policy = policy_for(item)
        if policy is None or not policy.appeal_to_manager:
            raise ServiceError(
                _("This queue's policy does not send appeals straight to a manager."),
                code="appeal_not_allowed",
                status_code=409,
            )
    target = workflow.target_stage(Action.APPEAL, complaint.stage, to_manager=to_manager)
    complaint.appeal_round += 1
    complaint.outcome = ""
    _step(
        complaint,
        action=Action.APPEAL,
        to_stage=target,
        actor=actor,
        reason=reason,
        data={"appeal_round": complaint.appeal_round, "to_manager": bool(to_manager)},
    )
    if to_manager:
        notify.ask_managers(complaint, appeal=True, actor=actor)
    return complaint


# --- the complaint's own fields ------------------------------------------------------------------

FINDINGS = ("root_cause", "attributed_agent", "attributed_channel", "attribution_note")
UNSET = object()


@transaction.atomic
def complaint_update(
    *,
    actor,
    complaint_id: int,
    subject: str | None = None,
    severity: str | None = None,
    category: Category | object | None = UNSET,
    complained_agent_id: int | object | None = UNSET,
    complained_channel_id: int | object | None = UNSET,
    order_ids: Iterable[int] | None = None,
    root_cause: str | None = None,
    attributed_agent_id: int | object | None = UNSET,
    attributed_channel_id: int | object | None = UNSET,
    attribution_note: str | None = None,
) -> Complaint:
    """Classify the complaint (subject, severity, category, who or what it is about, its orders)
    and record the findings (root cause and attribution: only while it is investigated)."""
    rules.complaint_visible(actor, complaint_id)
    current = Complaint.objects.select_related("item").get(pk=complaint_id)
    rules.require_handler(actor, current.item)
    rules.require_open(current)
    if subject is not None or severity is not None or category is not UNSET:
        # The work item's own fields first (it locks the queue, then the item: the order every
        # assignment takes them in); each change is its own event and SLA follows the priority.
        workitem_update(
            item_id=complaint_id,
            actor=actor,
            subject=subject,
            priority=SEVERITY_PRIORITY[severity] if severity is not None else None,
            category=None if category is UNSET else category,
            clear_category=category is None,
        )
    item, complaint = rules.lock_complaint(complaint_id)
    changes: dict[str, dict] = {}

    findings_given = (
        root_cause is not None
        or attribution_note is not None
        or attributed_agent_id is not UNSET
        or attributed_channel_id is not UNSET
    )
    if findings_given:
        rules.require_editable(complaint, what=_("root cause and attribution"))

    def change(field: str, value, stored=None):
        before = getattr(complaint, f"{field}_id" if stored == "fk" else field)
        after = value.pk if stored == "fk" and value is not None else value
        if before != after:
            changes[field] = {"from": before, "to": after}
            setattr(complaint, field, value)

    if severity is not None:
        change("severity", severity)
    if complained_agent_id is not UNSET:
        agent = (
            rules.staff_user(complained_agent_id, field="complained_agent")
            if complained_agent_id
            else None
        )
        change("complained_agent", agent, "fk")
    if complained_channel_id is not UNSET:
        channel = (
            rules.supplier_channel(complained_channel_id, field="complained_channel")
            if complained_channel_id
            else None
        )
        change("complained_channel", channel, "fk")
    if root_cause is not None:
        change("root_cause", root_cause)
    if attributed_agent_id is not UNSET:
        agent = (
            rules.staff_user(attributed_agent_id, field="attributed_agent")
            if attributed_agent_id
            else None
        )
        change("attributed_agent", agent, "fk")
    if attributed_channel_id is not UNSET:
        channel = (
            rules.supplier_channel(attributed_channel_id, field="attributed_channel")
            if attributed_channel_id
            else None
        )
        change("attributed_channel", channel, "fk")
    if attribution_note is not None:
        change("attribution_note", attribution_note.strip())
    if any(name in changes for name in FINDINGS):
        complaint.attributed_at = timezone.now()
    if order_ids is not None:
        orders = rules.customer_orders(item.customer_id, order_ids)
        before = sorted(complaint.orders.values_list("pk", flat=True))
        after = sorted(o.pk for o in orders)
        if before != after:
            in_use = set(
                complaint.remedies.filter(
                    order_id__in=set(before) - set(after),
                    state__in=(RemedyState.PROPOSED, RemedyState.APPROVED),
                ).values_list("order_id", flat=True)
            )
            if in_use:
                message = _("A remedy refunds this order; withdraw the remedy first.")
                raise ServiceError(
                    message, code="order_has_remedy", status_code=409, fields={"orders": [message]}
                )
            complaint.orders.set(orders)
            changes["orders"] = {"from": before, "to": after}
    if changes:
        complaint.save()
        event_record(
            item=item,
            actor=actor,
            verb=EventVerb.UPDATED,
            data={"complaint": {"changes": changes}},
        )
    notify.complaint_publish(complaint.pk)
    return complaint
