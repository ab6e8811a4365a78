"""Manual escalation: a person raises an item they hold one level, and the one it reaches answers.

The holder of an item (its assignee, or whoever an open escalation of it was raised to) raises it
with a reason and a question, optionally an answer-by time: to the supervisor on duty (the
queue's supervisors without a roster; a manager when nobody is there), a supervisor to a
manager, a complaint straight to a manager when its policy allows appeals to. Only the one it
reaches acknowledges it, sends it back with a note (de-escalates) or gives the item to someone
else; the raiser hears of the answer live. The automatic runs are in ``escalation``.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.queues.models import EventVerb, Kind, WorkItem
from helpdesk.queues.selectors import is_queue_lead, workitem_get_for_user
from helpdesk.realtime.groups import user_group
from helpdesk.realtime.publish import publish_on_commit

from .clocks import policy_for
from .escalation import _iso, _record, _tell, targets_for
from .models import Escalation, EscalationState, TargetKind


def _holds(actor, item: WorkItem) -> bool:
    """The assignee, or whoever an open escalation of the item was raised to."""
    return (
        item.assignee_id == actor.pk
        or item.escalations.filter(
            to_user=actor, state__in=(EscalationState.OPEN, EscalationState.ACKNOWLEDGED)
        ).exists()
    )


@transaction.atomic
def escalate(
    *,
    actor,
    item_id: int,
    reason: str,
    ask: str,
    answer_by: datetime | None = None,
    to_manager: bool = False,
) -> Escalation:
    """Raise an item one level: the assignee to the supervisor on duty (the queue's supervisors
    without a roster), a supervisor to a manager. A complaint may go straight to a manager when
    its policy allows appeals to."""
    item = workitem_get_for_user(actor, item_id)
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    if not _holds(actor, item):
        raise ServiceError(
            _("Only the person holding this item may escalate it."),
            code="not_holder",
            status_code=403,
        )
    if not item.is_unresolved:
        raise Conflict(_("A resolved item is not escalated."), code="item_resolved")
    reason, ask = (reason or "").strip(), (ask or "").strip()
    missing = {
        name: [_("This field is required.")]
        for name, v in (("reason", reason), ("ask", ask))
        if not v
    }
    if missing:
        raise ServiceError(_("Say why and what is asked."), code="invalid", fields=missing)
    if answer_by is not None and answer_by <= timezone.now():
        message = _("The answer is needed by a time still to come.")
        raise ServiceError(message, code="invalid", fields={"answer_by": [message]})
    leads = actor.has_role(Role.SUPERVISOR, Role.MANAGER) and is_queue_lead(actor, item.queue_id)
    straight = to_manager and item.kind == Kind.COMPLAINT
    if straight:
        policy = policy_for(item)
        if policy is None or not policy.appeal_to_manager:
            raise ServiceError(
                _("This queue's policy does not send appeals straight to a manager."),
                code="appeal_not_allowed",
                status_code=409,
            )
    skipped = []
    level = TargetKind.MANAGER if (leads or straight) else TargetKind.SUPERVISOR_ON_DUTY
    people = [u for u in targets_for(item, level) if u.pk != actor.pk]
    if not people and level == TargetKind.SUPERVISOR_ON_DUTY:
        skipped.append(level)  # nobody on duty: the level is skipped, recorded
        level = TargetKind.MANAGER
        people = [u for u in targets_for(item, level) if u.pk != actor.pk]
    if not people:
        raise Conflict(_("There is nobody above to escalate to."), code="nobody_to_escalate_to")
    to = sorted(people, key=lambda u: u.pk)[0]
    escalation = Escalation.objects.create(
        item=item,
        raised_by=actor,
        to_user=to,
        level=level,
        reason=reason,
        ask=ask,
        answer_by=answer_by,
    )
    _record(
        item,
        EventVerb.ESCALATED,
        {
            "escalation": escalation.pk,
            "to": [to.pk],
            "target": level,
            "skipped": skipped,
            "ask": ask,
            "answer_by": _iso(answer_by),
            "automatic": False,
        },
        actor=actor,
        reason=reason,
    )
    _tell(
        [to],
        "sla.escalated",
        {
            "escalation": escalation.pk,
            "item": item.pk,
            "reference": item.reference,
            "subject": item.subject,
            "target": level,
        },
        subject=_("Escalated to you: %(ref)s %(subject)s")
        % {"ref": item.reference, "subject": item.subject},
        body=_("%(who)s asks: %(ask)s") % {"who": actor, "ask": ask},
    )
    return escalation


def escalations_visible_to(user):
    qs = Escalation.objects.select_related("item", "raised_by", "to_user", "handled_by")
    if user.has_role(Role.MANAGER):
        return qs
    from django.db.models import Q

    return qs.filter(Q(to_user=user) | Q(raised_by=user))


def _mine(actor, escalation_id: int) -> Escalation:
    escalation = escalations_visible_to(actor).filter(pk=escalation_id).first()
    if escalation is None:
        raise NotFound()
    escalation = Escalation.objects.select_for_update().select_related("item").get(pk=escalation.pk)
    if escalation.to_user_id != actor.pk:
        raise ServiceError(
            _("Only the person it was escalated to may do this."), code="not_yours", status_code=403
        )
    return escalation


@transaction.atomic
def escalation_acknowledge(*, actor, escalation_id: int, note: str = "") -> Escalation:
    escalation = _mine(actor, escalation_id)
    if escalation.state != EscalationState.OPEN:
        raise Conflict(_("This escalation is no longer waiting."), code="escalation_closed")
    escalation.state = EscalationState.ACKNOWLEDGED
    escalation.handled_by, escalation.handled_at = actor, timezone.now()
    escalation.note = (note or "").strip()
    escalation.save()
    _record(
        escalation.item,
        EventVerb.ESCALATION_ACKNOWLEDGED,
        {"escalation": escalation.pk},
        actor=actor,
        reason=escalation.note,
    )
    if escalation.raised_by_id:
        publish_on_commit(
            [user_group(escalation.raised_by_id)],
            "sla.escalation_answered",
            {"escalation": escalation.pk, "state": escalation.state},
        )
    return escalation


@transaction.atomic
def escalation_send_back(*, actor, escalation_id: int, note: str) -> Escalation:
    """De-escalate: back to whoever raised it, with a note saying why."""
    escalation = _mine(actor, escalation_id)
    if escalation.state not in (EscalationState.OPEN, EscalationState.ACKNOWLEDGED):
        raise Conflict(_("This escalation is closed."), code="escalation_closed")
    note = (note or "").strip()
    if not note:
        message = _("Say why it goes back.")
        raise ServiceError(message, code="invalid", fields={"note": [message]})
    escalation.state = EscalationState.DEESCALATED
    escalation.handled_by, escalation.handled_at, escalation.note = actor, timezone.now(), note
    escalation.save()
    _record(
        escalation.item,
        EventVerb.DEESCALATED,
        {"escalation": escalation.pk, "to": escalation.raised_by_id},
        actor=actor,
        reason=note,
    )
    if escalation.raised_by_id:
        publish_on_commit(
            [user_group(escalation.raised_by_id)],
            "sla.escalation_answered",
            {"escalation": escalation.pk, "state": escalation.state},
        )
    return escalation


@transaction.atomic
def escalation_reassign(
    *, actor, escalation_id: int, to_user_id: int, note: str = ""
) -> Escalation:
    """Whoever it was escalated to gives the item to someone else in its queue."""
    from helpdesk.queues.services import workitem_assign

    escalation = _mine(actor, escalation_id)
    if escalation.state not in (EscalationState.OPEN, EscalationState.ACKNOWLEDGED):
        raise Conflict(_("This escalation is closed."), code="escalation_closed")
    User = get_user_model()
    to = User.objects.filter(pk=to_user_id, is_active=True).first()
    if to is None:
        raise NotFound()
    workitem_assign(
        item_id=escalation.item_id, actor=actor, assignee=to, reason=note or _("Escalation")
    )
    escalation.state = EscalationState.RESOLVED
    escalation.handled_by, escalation.handled_at = actor, timezone.now()
    escalation.note = (note or "").strip()
    escalation.save()
    if escalation.raised_by_id:
        publish_on_commit(
            [user_group(escalation.raised_by_id)],
            "sla.escalation_answered",
            {"escalation": escalation.pk, "state": escalation.state},
        )
    return escalation


def overdue_answers(now: datetime | None = None):
    """Open escalations past their answer-by time (for the inbox's highlighting)."""
    now = now or timezone.now()
    return Escalation.objects.filter(state=EscalationState.OPEN, answer_by__lt=now)
