"""The ticket lifecycle: which status may follow which, and who may make the move.

::

    new ─► open ◄─► pending (waiting on customer)
            ▲  ◄─► on_hold (waiting on someone else)
            │    ─► resolved ─► closed
            └──────── reopen ──┘ (closed: managers only, with a reason)

``new`` is only ever the first status. Any unresolved status may go straight to ``resolved`` or
``closed`` (spam, duplicates). ``closed`` is final, except that a manager may reopen it, saying why.
A merged ticket is closed with ``merged_into`` set and never changes status again.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import Status

NEW, OPEN, PENDING, ON_HOLD, RESOLVED, CLOSED = (
    Status.NEW,
    Status.OPEN,
    Status.PENDING,
    Status.ON_HOLD,
    Status.RESOLVED,
    Status.CLOSED,
)

# from-status -> the statuses anyone with the permission may move a ticket to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    NEW: (OPEN, PENDING, ON_HOLD, RESOLVED, CLOSED),
    OPEN: (PENDING, ON_HOLD, RESOLVED, CLOSED),
    PENDING: (OPEN, ON_HOLD, RESOLVED, CLOSED),
    ON_HOLD: (OPEN, PENDING, RESOLVED, CLOSED),
    RESOLVED: (OPEN, CLOSED),
    CLOSED: (),
}
# Moves only a manager may make; each needs a reason.
MANAGER_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CLOSED: (OPEN,),
}
# The statuses a public reply may set in the same step.
REPLY_STATUSES = (OPEN, PENDING, ON_HOLD, RESOLVED)
REPLY_STATUS_CHOICES = [(s.value, s.label) for s in REPLY_STATUSES]
# A customer message on a ticket in one of these statuses reopens it.
REOPENED_BY_CUSTOMER = (PENDING, RESOLVED)


def allowed_next(current: str, *, user) -> list[str]:
    """The statuses ``user`` may move a ticket in ``current`` to, in lifecycle order."""
    allowed = list(TRANSITIONS.get(current, ()))
    if user is not None and getattr(user, "is_manager", False):
        allowed += [s for s in MANAGER_TRANSITIONS.get(current, ()) if s not in allowed]
    order = list(Status.values)
    return sorted(allowed, key=order.index)


def needs_reason(current: str, target: str) -> bool:
    return target in MANAGER_TRANSITIONS.get(current, ())


def check_transition(current: str, target: str, *, user, reason: str = "") -> None:
    """Raise ``invalid_transition`` (409) unless ``user`` may move ``current`` to ``target``."""
    allowed = allowed_next(current, user=user)
    if target not in allowed:
        labels = dict(Status.choices)
        message = _("A ticket cannot go from %(from)s to %(to)s.") % {
            "from": labels.get(current, current),
            "to": labels.get(target, target),
        }
        if allowed:
            names = pgettext("list separator", ", ").join(str(labels.get(s, s)) for s in allowed)
            message += " " + _("Allowed next: %(allowed)s.") % {"allowed": names}
        elif current == CLOSED:
            message += " " + _("A closed ticket is final; only a manager can reopen it.")
        raise ServiceError(
            message,
            code="invalid_transition",
            status_code=409,
            fields={"status": [message], "allowed": allowed},
        )
    if needs_reason(current, target) and not (reason or "").strip():
        raise ServiceError(
            _("Say why this closed ticket is reopened."),
            code="reason_required",
            fields={"reason": [_("This field is required.")]},
        )
