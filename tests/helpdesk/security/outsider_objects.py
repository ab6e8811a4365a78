"""Builders for the outsider test (``test_object_access.py``): one object per kind of id an agent
can name in a URL path, belonging to ``queue`` or to ``agent`` (a member of ``queue``), never to
the outsider (an agent of another queue).

Each builder is ``(queue, agent, ids) -> pk``; ``ids`` holds the ids already built for the same
path (a contact belongs to the customer built for ``customer_id``).
"""

from datetime import time, timedelta

from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import (
    ContactFactory,
    CustomerFactory,
    MembershipFactory,
    QueueFactory,
    UserFactory,
    WorkItemFactory,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def _png():
    return SimpleUploadedFile("screenshot.png", PNG, content_type="image/png")


def _member(queue, role="agent"):
    """Another member of ``queue`` (a colleague of ``agent``, a lead of the queue)."""
    user = UserFactory(roles=[role])
    MembershipFactory(queue=queue, user=user, role=role, accepts_routing=role == "agent")
    return user


def _assigned_item(queue, agent):
    return WorkItemFactory(queue=queue, assignee=agent, status="open")


# --- work items, tickets, customers -------------------------------------------------------------


def item(queue, agent, ids):
    return WorkItemFactory(queue=queue).pk


def target(queue, agent, ids):
    """Another item of the queue, linked from ``item_id`` (for the link's delete)."""
    from helpdesk.queues.models import LinkKind, WorkItemLink

    other = WorkItemFactory(queue=queue)
    WorkItemLink.objects.create(source_id=ids["item_id"], target=other, kind=LinkKind.RELATES)
    return other.pk


def queue_(queue, agent, ids):
    return queue.pk


def canned(queue, agent, ids):
    """A canned response of the queue (shared ones, without a queue, are everyone's)."""
    from helpdesk.queues.models import CannedResponse

    return CannedResponse.objects.create(queue=queue, title="Refund", body="Refunded.").pk


def ticket(queue, agent, ids):
    from helpdesk.tickets import services

    return services.ticket_create(
        actor=agent, queue_id=queue.pk, subject="Card not charged", body="Please help."
    ).pk


def attachment(queue, agent, ids):
    from helpdesk.tickets import services

    created = services.ticket_create(
        actor=agent, queue_id=queue.pk, subject="Screenshot", body="See the file."
    )
    return services.ticket_attach(ticket_id=created.pk, actor=agent, attachments=[_png()])[0].pk


def customer(queue, agent, ids):
    """A file whose only item is in the queue (no custodian)."""
    file = CustomerFactory(name="Wang Fang")
    ContactFactory(customer=file, kind="phone", value="+8613800138000", is_primary=True)
    WorkItemFactory(queue=queue, customer=file, subject="Recharge not received")
    return file.pk


def contact(queue, agent, ids):
    """A contact of the file built for ``customer_id``."""
    return ContactFactory(customer_id=ids["customer_id"], kind="email", value="li@example.cn").pk


# --- chat --------------------------------------------------------------------------------------


def conversation(queue, agent, ids):
    from chat import services
    from chat.models import AgentPresence, PresenceStatus

    AgentPresence.objects.update_or_create(
        user=agent, defaults={"status": PresenceStatus.ONLINE, "last_seen": timezone.now()}
    )
    started = services.conversation_start(
        queue=queue, name="Li Lei", contact="13800138000", topic="Top-up", message="Hello"
    )
    return started.pk


def message(queue, agent, ids):
    """A chat message carrying a file."""
    from chat import messaging
    from chat.models import Party

    sent, _duplicate = messaging.message_attach(
        conversation_id=conversation(queue, agent, ids), sender=Party.VISITOR, upload=_png()
    )
    return sent.pk


# --- hotline -----------------------------------------------------------------------------------


def call(queue, agent, ids):
    from helpdesk.hotline.manual import call_log

    return call_log(
        actor=agent,
        direction="inbound",
        from_number="13800138000",
        state="answered",
        queue_id=queue.pk,
    ).pk


def ringback(queue, agent, ids):
    """A missed call's ring-back, open in the queue."""
    from helpdesk.hotline.manual import call_log

    missed = call_log(
        actor=agent,
        direction="inbound",
        from_number="13900139000",
        state="missed",
        queue_id=queue.pk,
    )
    missed.refresh_from_db()
    return missed.ringback_id


# --- SLA escalations ---------------------------------------------------------------------------


def escalation(queue, agent, ids):
    """The agent escalates an item they hold to the queue's supervisor."""
    from helpdesk.sla import manual

    _member(queue, "supervisor")
    return manual.escalate(
        actor=agent,
        item_id=_assigned_item(queue, agent).pk,
        reason="Customer is angry",
        ask="May we refund?",
    ).pk


def run(queue, agent, ids):
    """An automatic escalation run whose first step told the item's assignee (``agent``)."""
    from helpdesk.sla import escalation as escalations
    from helpdesk.sla.models import EscalationRun

    started = EscalationRun.objects.create(
        item=_assigned_item(queue, agent),
        chain_name="default",
        levels=[dict(level) for level in escalations.DEFAULT_CHAIN],
        next_at=timezone.now(),
    )
    escalations.step(started.pk)
    return started.pk


# --- quality -----------------------------------------------------------------------------------


def review(queue, agent, ids):
    """A supervisor's review of an item ``agent`` closed."""
    from helpdesk.quality import reviews
    from helpdesk.quality.models import Criterion

    done = WorkItemFactory(queue=queue, assignee=agent, status="closed", resolved_at=timezone.now())
    scores = {c.pk: 4 for c in Criterion.objects.filter(is_active=True)}
    return reviews.review_create(
        item_id=done.pk, reviewer=_member(queue, "supervisor"), reason="random", scores=scores
    ).pk


def agent_(queue, agent, ids):
    """The agent's own quality ledger (and shift rules): theirs and their leads' to read."""
    return agent.pk


# --- shifts ------------------------------------------------------------------------------------


def leave(queue, agent, ids):
    from helpdesk.shifts import people

    first = timezone.localdate() + timedelta(days=30)
    return people.leave_request(user=agent, first_day=first, last_day=first, kind="annual").pk


def preference(queue, agent, ids):
    from helpdesk.shifts import people

    return people.preference_add(user=agent, wish="avoid", weekday=6).pk


def _published_period(queue):
    from helpdesk.shifts.models import RosterPeriod

    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    period = RosterPeriod.objects.create(
        first_day=monday, last_day=monday + timedelta(days=6), status="published"
    )
    period.queues.add(queue)
    return period


def period(queue, agent, ids):
    """A published roster of the queue."""
    return _published_period(queue).pk


def swap(queue, agent, ids):
    """``agent`` offers a shift of the queue's published roster to a colleague."""
    from helpdesk.shifts.models import ShiftAssignment, ShiftSwap, ShiftType

    roster = _published_period(queue)
    early = ShiftType.objects.create(name="Early", code="E", start=time(7), minutes=480)
    give = ShiftAssignment.objects.create(
        period=roster, user=agent, day=roster.first_day, shift_type=early, queue=queue
    )
    colleague = _member(queue)
    return ShiftSwap.objects.create(
        period=roster, requester=agent, colleague=colleague, give=give, give_label="Mon Early"
    ).pk


# The id names in URL paths an agent may call, and what each names (queues and canned responses
# are scoped too: an agent sees only their queues, and the shared canned responses plus their
# queues' own). ``user_id`` names a person's shift rules.
BUILDERS = {
    "item_id": item,
    "target_id": target,
    "queue_id": queue_,
    "canned_id": canned,
    "ticket_id": ticket,
    "attachment_id": attachment,
    "customer_id": customer,
    "contact_id": contact,
    "conversation_id": conversation,
    "message_id": message,
    "call_id": call,
    "ringback_id": ringback,
    "escalation_id": escalation,
    "run_id": run,
    "review_id": review,
    "agent_id": agent_,
    "user_id": agent_,
    "leave_id": leave,
    "preference_id": preference,
    "period_id": period,
    "swap_id": swap,
}


# Ids an agent may name whose objects are not any queue's or person's: nothing to build.
SHARED_BY_DESIGN = {
    "calendar_id": "business calendars are department-wide configuration: every queue's SLA "
    "reads them (sla/apis.py looks them up without scope)",
    "order_id": "recharge orders belong to no queue: anyone who reads orders finds any order by "
    "reference or phone number and may ask about it (docs/orders.md; orders_search)",
    "report_id": "satisfaction reports are department-wide: published ones are everyone's, "
    "drafts only survey.manage's (quality/survey_reports.py reports_for)",
    "channel_id": "supplier callbacks: the supplier's signature is the key, no session",
    "token": "a link's own secret is the key (rating, survey, calendar links), not an id",
}

# --- bodies for writes -------------------------------------------------------------------------
# A write whose empty body its validation refuses (400) never looks at the id. These bodies pass
# validation, and whatever else they name is the caller's own (their queue, an item of it), so
# that only the id in the path decides. ``(user, users_queue) -> data``, called once per request
# (a file is read once); a body with files goes as multipart.


def _own_ticket(user, users_queue):
    from helpdesk.tickets import services

    return services.ticket_create(
        actor=user, queue_id=users_queue.pk, subject="Mine", body="Mine."
    ).pk


def _own_customer(users_queue):
    file = CustomerFactory()
    WorkItemFactory(queue=users_queue, customer=file)
    return file.pk


WRITE_BODIES = {
    "/api/v1/chat/conversations/<int:conversation_id>/attachments/": lambda u, q: {"file": _png()},
    "/api/v1/chat/conversations/<int:conversation_id>/transfer/": lambda u, q: {
        "to_queue": QueueFactory().pk,
        "note": "Not ours",
    },
    "/api/v1/customers/<int:customer_id>/contacts/": lambda u, q: {
        "kind": "email",
        "value": "li.lei@example.test",
    },
    "/api/v1/hotline/calls/<int:call_id>/customer/": lambda u, q: {"customer": _own_customer(q)},
    "/api/v1/hotline/calls/<int:call_id>/orders/": lambda u, q: {"reference": "R1001"},
    "/api/v1/hotline/ringbacks/<int:ringback_id>/close/": lambda u, q: {"reason": "Wrong number"},
    "/api/v1/items/<int:item_id>/escalate/": lambda u, q: {"reason": "Stuck", "ask": "Help"},
    "/api/v1/items/<int:item_id>/links/": lambda u, q: {"target": WorkItemFactory(queue=q).pk},
    "/api/v1/items/<int:item_id>/transfer/": lambda u, q: {
        "queue": QueueFactory().pk,
        "reason": "Not ours",
    },
    "/api/v1/quality/reviews/<int:review_id>/dispute/": lambda u, q: {"text": "Unfair"},
    "/api/v1/shifts/swaps/<int:swap_id>/answer/": lambda u, q: {"accept": True},
    "/api/v1/tickets/<int:ticket_id>/attachments/": lambda u, q: {"attachments": [_png()]},
    "/api/v1/tickets/<int:ticket_id>/merge/": lambda u, q: {"into": _own_ticket(u, q)},
    "/api/v1/tickets/<int:ticket_id>/status/": lambda u, q: {"status": "pending"},
}


def request_options(data: dict) -> dict:
    """Multipart for a body with files, the API's JSON otherwise."""
    files = [v for v in data.values() for v in (v if isinstance(v, list) else [v])]
    return {"format": "multipart"} if any(isinstance(f, File) for f in files) else {}
