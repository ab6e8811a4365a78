"""The complaint workflow: which action moves a complaint from which stage to which, and who.

::

    received ─► investigating ─► proposed ─► approved ─► informed ─► closed
                    ▲    ▲            │  (manager)          │  ▲        │
                    │    └─ sent_back ◄┘                     │  │        │
                    │        (manager, with a reason)        │  │        │
                    └──────────── appeal (customer disagrees) ◄┴──┼────────┘
                                  appeal_review ─► approved (manager upholds) / sent_back

- ``investigate``, ``propose``, ``inform``, ``close``, ``appeal``: the complaint's handler (its
  assignee; anyone with ``complaint.handle`` while it is unassigned; a lead of its queue).
- ``approve`` and ``send_back``: a manager (``complaint.approve``), whoever holds the complaint.
- ``propose`` needs a root cause and its attribution and a resolution text.
- ``inform`` needs an approved resolution; the customer hears exactly the approved text.
- ``close`` from ``informed`` is the normal end; from an earlier stage (the customer withdrew, a
  duplicate) it needs an outcome and a reason, and no remedy may be awaiting approval.
- ``appeal`` (the customer disagrees) reopens the complaint for investigation, or, when its SLA
  policy lets appeals go straight up, puts it before a manager (``appeal_review``).

Stages map onto the shared work-item statuses so that the inbox, SLA clocks and reports see
complaints like every other kind of work (:data:`STAGE_STATUS`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import Status

from .models import Action, Stage

# action -> {from stage: to stage}. Appeals pick their target at run time (see APPEAL_TARGETS).
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.INVESTIGATE: {Stage.RECEIVED: Stage.INVESTIGATING, Stage.SENT_BACK: Stage.INVESTIGATING},
    Action.PROPOSE: {Stage.INVESTIGATING: Stage.PROPOSED, Stage.SENT_BACK: Stage.PROPOSED},
    Action.APPROVE: {Stage.PROPOSED: Stage.APPROVED, Stage.APPEAL_REVIEW: Stage.APPROVED},
    Action.SEND_BACK: {Stage.PROPOSED: Stage.SENT_BACK, Stage.APPEAL_REVIEW: Stage.SENT_BACK},
    Action.INFORM: {Stage.APPROVED: Stage.INFORMED},
    Action.CLOSE: {
        Stage.INFORMED: Stage.CLOSED,
        Stage.RECEIVED: Stage.CLOSED,
        Stage.INVESTIGATING: Stage.CLOSED,
        Stage.SENT_BACK: Stage.CLOSED,
    },
    Action.APPEAL: {Stage.INFORMED: Stage.INVESTIGATING, Stage.CLOSED: Stage.INVESTIGATING},
}
# An appeal that goes straight to the manager.
APPEAL_TO_MANAGER = Stage.APPEAL_REVIEW
# Closing before the customer was told of an approved resolution ends the complaint this way.
EARLY_CLOSE_STAGES = (Stage.RECEIVED, Stage.INVESTIGATING, Stage.SENT_BACK)

MANAGER_ACTIONS = frozenset({Action.APPROVE, Action.SEND_BACK})
HANDLER_ACTIONS = frozenset(
    {Action.INVESTIGATE, Action.PROPOSE, Action.INFORM, Action.CLOSE, Action.APPEAL}
)
# Stages where the findings (root cause, attribution) and the remedies may change.
EDITABLE_STAGES = (Stage.RECEIVED, Stage.INVESTIGATING, Stage.SENT_BACK)
# Stages that wait for a manager.
AWAITING_MANAGER = (Stage.PROPOSED, Stage.APPEAL_REVIEW)
OPEN_STAGES = tuple(s for s in Stage.values if s != Stage.CLOSED)

STAGE_STATUS: dict[str, str] = {
    Stage.RECEIVED: Status.NEW,
    Stage.INVESTIGATING: Status.OPEN,
    Stage.PROPOSED: Status.OPEN,
    Stage.SENT_BACK: Status.OPEN,
    Stage.APPROVED: Status.OPEN,
    Stage.INFORMED: Status.RESOLVED,
    Stage.APPEAL_REVIEW: Status.OPEN,
    Stage.CLOSED: Status.CLOSED,
}

BOARD_ORDER = [
    Stage.RECEIVED,
    Stage.INVESTIGATING,
    Stage.SENT_BACK,
    Stage.PROPOSED,
    Stage.APPEAL_REVIEW,
    Stage.APPROVED,
    Stage.INFORMED,
    Stage.CLOSED,
]


def target_stage(action: str, current: str, *, to_manager: bool = False) -> str | None:
    """The stage ``action`` leads to from ``current``; None when it is not allowed from there."""
    target = TRANSITIONS.get(action, {}).get(current)
    if target is not None and action == Action.APPEAL and to_manager:
        return APPEAL_TO_MANAGER
    return target


def actions_from(current: str) -> list[str]:
    return [action for action, moves in TRANSITIONS.items() if current in moves]


def check(action: str, current: str, *, pending_remedies: bool = False) -> str:
    """The stage ``action`` leads to; a 409 naming the rule when it is not allowed from
    ``current`` (``resolution_not_approved``, ``customer_not_informed``,
    ``remedy_not_approved``, else ``invalid_transition`` with the allowed actions)."""
    target = target_stage(action, current)
    if target is not None:
        return target
    labels = dict(Stage.choices)
    if action == Action.INFORM and current in AWAITING_MANAGER + EDITABLE_STAGES:
        raise ServiceError(
            _("The customer is told only an approved resolution; a manager has not approved one."),
            code="resolution_not_approved",
            status_code=409,
        )
    if action == Action.CLOSE and current == Stage.APPROVED:
        raise ServiceError(
            _("Tell the customer the approved resolution before closing the complaint."),
            code="customer_not_informed",
            status_code=409,
        )
    if action == Action.CLOSE and current in AWAITING_MANAGER:
        if pending_remedies:
            raise remedy_not_approved()
        raise ServiceError(
            _("The resolution awaits a manager's approval; it cannot be closed now."),
            code="resolution_not_approved",
            status_code=409,
        )
    allowed = actions_from(current)
    message = _("A complaint that is %(stage)s cannot be moved this way.") % {
        "stage": labels.get(current, current)
    }
    if allowed:
        action_labels = dict(Action.choices)
        names = pgettext("list separator", ", ").join(str(action_labels.get(a, a)) for a in allowed)
        message += " " + _("Allowed next: %(allowed)s.") % {"allowed": names}
    raise ServiceError(
        message,
        code="invalid_transition",
        status_code=409,
        fields={"action": [message], "allowed": allowed},
    )


def remedy_not_approved() -> ServiceError:
    return ServiceError(
        _("A remedy still awaits a manager's approval; withdraw it or have it approved first."),
        code="remedy_not_approved",
        status_code=409,
    )
