"""Telling people: the board's live events, managers asked to approve, handlers told the decision.

Everything here runs after commit (a rollback sends nothing). Payloads reuse the REST shapes.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.realtime.groups import queue_group, user_group
from helpdesk.realtime.publish import publish_on_commit


def complaint_publish(complaint_id: int, event_type: str = "complaint.changed") -> None:
    """After commit, ring the complaint's queue (the board) and its assignee with its card."""

    def send():
        from helpdesk.realtime.publish import publish

        from .selectors import complaint_cards
        from .serializers import ComplaintCardSerializer

        card = complaint_cards().filter(pk=complaint_id).first()
        if card is None:
            return
        groups = {queue_group(card.item.queue_id)}
        if card.item.assignee_id:
            groups.add(user_group(card.item.assignee_id))
        publish(groups, event_type, ComplaintCardSerializer(card).data)

    transaction.on_commit(send)


def managers() -> list:
    return list(
        get_user_model()
        .objects.filter(is_active=True, roles__role=Role.MANAGER)
        .distinct()
        .order_by("pk")
    )


def ask_managers(complaint, *, appeal: bool, actor) -> list[int]:
    """A resolution (or an appeal) waits for a manager: every manager is told, live and by mail."""
    people = [m for m in managers() if m.pk != getattr(actor, "pk", None)] or managers()
    item = complaint.item
    payload = {
        "complaint": item.pk,
        "reference": item.reference,
        "subject": item.subject,
        "stage": complaint.stage,
        "appeal": appeal,
    }
    if appeal:
        subject = _("Appeal to decide: %(ref)s %(subject)s")
    else:
        subject = _("Resolution to approve: %(ref)s %(subject)s")
    subject = subject % {"ref": item.reference, "subject": item.subject}
    body = complaint.resolution or complaint.approved_resolution
    _tell([p.pk for p in people], "complaint.approval_requested", payload, subject, body)
    return [p.pk for p in people]


def tell_handler(complaint, *, decision: str, reason: str, actor) -> None:
    """The manager decided: the complaint's assignee is told (live and by mail)."""
    item = complaint.item
    if not item.assignee_id or item.assignee_id == actor.pk:
        return
    payload = {
        "complaint": item.pk,
        "reference": item.reference,
        "decision": decision,
        "reason": reason,
        "by": actor.pk,
    }
    if decision == "approved":
        subject = _("Resolution approved: %(ref)s")
    else:
        subject = _("Resolution sent back: %(ref)s")
    subject = subject % {"ref": item.reference}
    _tell([item.assignee_id], "complaint.decided", payload, subject, reason)


def _tell(user_ids: list[int], event: str, payload: dict, subject: str, body: str) -> None:
    if not user_ids:
        return
    publish_on_commit([user_group(u) for u in user_ids], event, payload)
    from .tasks import send_staff_mail

    for user_id in user_ids:
        enqueue_on_commit(send_staff_mail, user_id, str(subject), str(body or ""))


def mail_customer_on_commit(evidence_id: int) -> None:
    from .tasks import send_customer_mail

    enqueue_on_commit(send_customer_mail, evidence_id)
