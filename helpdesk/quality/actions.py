"""Corrective actions: raised by a rating below target (``services.rating_record``), told to their
assignee (live and by mail, after commit), listed, noted and marked done by supervisors."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.realtime.groups import user_group
from helpdesk.realtime.publish import publish_on_commit

from .models import ActionStatus, CorrectiveAction

EVENT_RAISED = "quality.action_raised"


def actions_list(*, user, status: str | None, mine: bool) -> QuerySet[CorrectiveAction]:
    """Corrective actions, newest first, with what the list shows joined in (one query)."""
    qs = CorrectiveAction.objects.select_related(
        "item", "rating", "assignee", "done_by", "item__assignee"
    )
    if status in (ActionStatus.OPEN, ActionStatus.DONE):
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(assignee_id=user.pk)
    return qs.order_by("-created_at", "-id")


def action_get(action_id: int) -> CorrectiveAction:
    action = actions_list(user=None, status=None, mine=False).filter(pk=action_id).first()
    if action is None:
        raise NotFound()
    return action


@transaction.atomic
def action_work(*, action_id: int, actor, note: str = "", done: bool = False) -> CorrectiveAction:
    """Add a note (appended, with who and when) and/or mark the action done (who, when kept)."""
    note = (note or "").strip()
    if not note and not done:
        message = _("Write a note or mark the action done.")
        raise ServiceError(message, code="invalid", fields={"note": [message]})
    action = CorrectiveAction.objects.select_for_update().filter(pk=action_id).first()
    if action is None:
        raise NotFound()
    if done and action.status == ActionStatus.DONE:
        raise Conflict(_("This corrective action is already done."), code="already_done")
    fields = []
    if note:
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        who = actor.name
        line = f"[{stamp} {who}] {note}"
        action.note = f"{action.note}\n{line}" if action.note else line
        fields.append("note")
    if done:
        action.status = ActionStatus.DONE
        action.done_by = actor
        action.done_at = timezone.now()
        fields += ["status", "done_by", "done_at"]
    action.save(update_fields=fields)
    return action


def action_raised_tell(action: CorrectiveAction) -> None:
    """After commit: the assignee hears of the new action live (their user group) and by mail
    with a link to the corrective-actions page. Unassigned: nobody is told."""
    if not action.assignee_id:
        return
    item = action.item
    payload = {
        "action": action.pk,
        "item": item.pk,
        "reference": item.reference,
        "subject": item.subject,
        "score": action.rating.score,
    }
    publish_on_commit([user_group(action.assignee_id)], EVENT_RAISED, payload)
    from .tasks import send_action_mail

    enqueue_on_commit(send_action_mail, action.pk)
