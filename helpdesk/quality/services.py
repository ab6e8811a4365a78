"""Writes: rating links, ratings (by link or by the chat widget), corrective actions, praise."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import Role
from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.queues.models import Kind, QueueMembership, Status, WorkItem

from .models import CorrectiveAction, Praise, Rating, RatingLink, RatingSource

SALT = "helpdesk.quality.rating-link"


def rating_wanted(item: WorkItem, previous: str, status: str) -> bool:
    """A resolved ticket and an ended chat (its item closes) ask the customer for a rating."""
    if previous in (Status.RESOLVED, Status.CLOSED) or previous == status:
        return False
    return (item.kind == Kind.TICKET and status == Status.RESOLVED) or (
        item.kind == Kind.CHAT and status == Status.CLOSED
    )


def rating_link_on_commit(item_id: int) -> None:
    """After the status change commits, issue the item's rating link (and mail it)."""
    transaction.on_commit(lambda: rating_link_issue(item_id=item_id), robust=True)


def _customer_address(item: WorkItem) -> str:
    ticket = getattr(item, "ticket", None) if item.kind == Kind.TICKET else None
    if ticket is not None and ticket.requester_email:
        return ticket.requester_email
    if item.customer_id:
        from helpdesk.customers.models import CustomerContact

        contact = (
            CustomerContact.objects.filter(customer_id=item.customer_id, kind="email")
            .order_by("pk")
            .first()
        )
        if contact is not None:
            return contact.value
    return ""


@transaction.atomic
def rating_link_issue(*, item_id: int) -> RatingLink | None:
    """Issue the item's one rating link (again: the same link); mail it where there is an address.
    Nothing is issued for an item already rated."""
    item = WorkItem.objects.select_related("ticket").filter(pk=item_id).first()
    if item is None or Rating.objects.filter(item_id=item_id).exists():
        return None
    existing = RatingLink.objects.filter(item_id=item_id).first()
    if existing is not None:
        return existing
    address = _customer_address(item)
    token = signing.dumps({"i": item.pk}, salt=SALT)
    try:
        with transaction.atomic():
            link = RatingLink.objects.create(item=item, token=token, sent_to=address)
    except IntegrityError:  # issued meanwhile by another transaction
        return RatingLink.objects.get(item_id=item_id)
    if address:
        from .tasks import send_rating_mail

        enqueue_on_commit(send_rating_mail, link.pk)
    return link


def rating_link_read(token: str) -> RatingLink:
    """The link a token opens: 400 forged, 410 expired or already used."""
    max_age = settings.QUALITY_RATING_LINK_MAX_AGE_DAYS * 24 * 3600
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ServiceError(
            _("This rating link has expired."), code="link_expired", status_code=410
        ) from None
    except signing.BadSignature:
        raise ServiceError(_("This rating link is not valid."), code="invalid_link") from None
    link = (
        RatingLink.objects.select_related("item__queue", "item__assignee")
        .filter(token=token, item_id=payload.get("i"))
        .first()
    )
    if link is None:
        raise NotFound(_("This rating link is not valid."))
    if link.used_at is not None:
        raise ServiceError(
            _("This rating link has already been used."), code="link_used", status_code=410
        )
    return link


def _check_score(score) -> int:
    if not 1 <= int(score) <= 5:
        message = _("A rating is from 1 to 5.")
        raise ServiceError(message, code="invalid", fields={"score": [message]})
    return int(score)


def _supervisor_of(item: WorkItem):
    membership = (
        QueueMembership.objects.filter(
            queue_id=item.queue_id, role=Role.SUPERVISOR, user__is_active=True
        )
        .order_by("pk")
        .first()
    )
    return membership.user_id if membership is not None else None


@transaction.atomic
def rating_record(*, item: WorkItem, score: int, comment: str = "", source: str) -> Rating:
    """Record the one rating of ``item``; a second one is ``already_rated`` (409), nothing changed.
    A score below ``QUALITY_RATING_TARGET`` raises a corrective action for a queue supervisor."""
    score = _check_score(score)
    WorkItem.objects.select_for_update().filter(pk=item.pk).first()
    if Rating.objects.filter(item_id=item.pk).exists():
        raise Conflict(_("This has already been rated."), code="already_rated")
    rating = Rating.objects.create(
        item=item, score=score, comment=(comment or "").strip(), source=source
    )
    RatingLink.objects.filter(item_id=item.pk, used_at__isnull=True).update(used_at=timezone.now())
    if score < settings.QUALITY_RATING_TARGET:
        action = CorrectiveAction.objects.create(
            rating=rating, item=item, assignee_id=_supervisor_of(item)
        )
        from .actions import action_raised_tell

        action_raised_tell(action)
    return rating


@transaction.atomic
def rating_submit_by_link(*, token: str, score: int, comment: str = "") -> Rating:
    """The customer rates through the emailed link (single use)."""
    link = rating_link_read(token)
    RatingLink.objects.select_for_update().filter(pk=link.pk).first()
    # A chat's own rating fields (chat.Conversation) hold only the widget's rating; the item's
    # one rating, whichever way it came, is this row (the core does not import chat).
    return rating_record(item=link.item, score=score, comment=comment, source=RatingSource.LINK)


@transaction.atomic
def praise_record(*, item_id: int, note: str, actor) -> Praise:
    """A supervisor records praise for the handler of an item."""
    item = WorkItem.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    if item.assignee_id is None:
        message = _("This item has no handler to praise.")
        raise ServiceError(message, code="no_handler", fields={"item": [message]})
    return Praise.objects.create(item=item, agent_id=item.assignee_id, note=note, recorded_by=actor)
