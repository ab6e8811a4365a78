"""The demo's past: resolved tickets over the two previous months and this one, with their first
answers, SLA clocks and customers' ratings, so that the reports, the monthly report, the ledger
and the quarterly ranking have something to show after ``make run`` (docs/reports.md).

Written in bulk (a few hundred rows in a handful of statements, so seeding stays quick); each
ticket has its customer's message, the agent's answer and its events, as if it had been worked.
Deterministic: the same days give the same tickets. Idempotent: a day whose tickets exist is
skipped (they carry the tag ``demo-history`` and a subject naming their day).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from helpdesk.queues.models import (
    Category,
    EventVerb,
    Kind,
    Queue,
    Status,
    Tag,
    WorkItem,
    WorkItemEvent,
)
from helpdesk.sla.models import ClockKind, ClockState, SlaClock
from helpdesk.tickets.models import MessageKind, Ticket, TicketChannel, TicketMessage

TAG = "demo-history"
# queue slug → (subjects, agents' usernames): who answered what, in turn
HISTORY = {
    "support": (
        ["充值未到账", "账号无法登录", "修改绑定手机号", "退款进度查询", "发票申请"],
        ["agent1", "agent2", "agent3"],
    ),
    "orders": (
        ["话费充值失败", "游戏点卡未到账", "流量包充值查询", "重复扣款"],
        ["orders", "agent3"],
    ),
}
# (minutes to the first answer, hours to resolve, rating or None), cycled per ticket
SHAPES = [
    (12, 3, 5),
    (45, 20, 4),
    (5, 1, None),
    (90, 50, 2),
    (25, 6, 5),
    (180, 30, None),
    (8, 2, 4),
    (30, 80, 1),
    (15, 4, 5),
    (60, 10, None),
]
FIRST_RESPONSE_TARGET = 60 * 60  # seconds, as the demo's SLA policies roughly are
RESOLUTION_TARGET = 24 * 60 * 60
COMMENTS = {5: "处理及时，谢谢！", 4: "", 2: "回复太慢了。", 1: "问题拖了好几天。"}


def history_days(today: dt.date) -> list[dt.date]:
    """Weekdays from the first of the month two months back to yesterday."""
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    first = (first - dt.timedelta(days=1)).replace(day=1)
    days, day = [], first
    while day < today:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def seed_history(users: dict, customers: list) -> int:
    """Create the missing days' tickets; returns how many were created."""
    from helpdesk.quality.models import Rating, RatingSource

    today = timezone.localdate()
    queues = {q.slug: q for q in Queue.objects.filter(slug__in=HISTORY)}
    tag, _ = Tag.objects.get_or_create(name=TAG)
    seeded = set(WorkItem.objects.filter(tags=tag).values_list("queue__slug", "subject").distinct())
    plan = []  # (queue, subject, agent, customer, created_at, shape)
    n = 0
    for day in history_days(today):
        for slug, (subjects, agents) in HISTORY.items():
            queue = queues.get(slug)
            if queue is None:
                continue
            for k in range(1 + (day.toordinal() + len(slug)) % 3):
                n += 1
                subject = f"{subjects[n % len(subjects)]}（{day:%m-%d} #{k + 1}）"
                if (slug, subject) in seeded:
                    continue
                agent = users.get(agents[n % len(agents)])
                hour = 9 + (n * 5) % 9
                created = timezone.make_aware(
                    dt.datetime.combine(day, dt.time(hour, (n * 13) % 60))
                )
                plan.append(
                    (queue, subject, agent, customers[n % len(customers)], created, SHAPES[n % 10])
                )
    if not plan:
        return 0
    categories = {}
    for queue in queues.values():
        categories[queue.pk] = list(
            Category.objects.filter(queue__in=[queue], is_active=True).order_by("pk")
        ) or list(Category.objects.filter(queue__isnull=True, is_active=True).order_by("pk"))

    items = WorkItem.objects.bulk_create(
        [
            WorkItem(
                kind=Kind.TICKET,
                queue=queue,
                customer=customer,
                subject=subject,
                status=Status.CLOSED if i % 4 == 0 else Status.RESOLVED,
                priority=2,
                assignee=agent,
                category=(categories[queue.pk] or [None])[i % max(1, len(categories[queue.pk]))],
            )
            for i, (queue, subject, agent, customer, _created, _shape) in enumerate(plan)
        ]
    )
    now = timezone.now()
    tickets, messages, events, clocks, ratings = [], [], [], [], []
    for item, (_queue, _subject, agent, customer, created, shape) in zip(items, plan, strict=True):
        answer_minutes, resolve_hours, score = shape
        answered = created + dt.timedelta(minutes=answer_minutes)
        resolved = min(created + dt.timedelta(hours=resolve_hours), now - dt.timedelta(hours=1))
        resolved = max(resolved, answered)
        WorkItem.objects.filter(pk=item.pk).update(
            created_at=created,
            updated_at=resolved,
            assigned_at=created + dt.timedelta(minutes=1),
            first_response_at=answered,
            resolved_at=resolved,
            closed_at=resolved if item.status == Status.CLOSED else None,
        )
        tickets.append(
            Ticket(
                item=item,
                channel=TicketChannel.WEB,
                requester_name=customer.name,
            )
        )
        for verb, at, actor, data in (
            (EventVerb.CREATED, created, None, {}),
            (EventVerb.ASSIGNED, created + dt.timedelta(minutes=1), None, {"to": agent.pk}),
            (EventVerb.REPLIED, answered, agent, {}),
            (EventVerb.STATUS_CHANGED, resolved, agent, {"from": "open", "to": item.status}),
        ):
            events.append(WorkItemEvent(item=item, actor=actor, verb=verb, data=data))
            events[-1]._at = at
        for kind, target, stopped in (
            (ClockKind.FIRST_RESPONSE, FIRST_RESPONSE_TARGET, answered),
            (ClockKind.RESOLUTION, RESOLUTION_TARGET, resolved),
        ):
            due = created + dt.timedelta(seconds=target)
            breached = stopped > due
            clocks.append(
                SlaClock(
                    item=item,
                    kind=kind,
                    target_seconds=target,
                    state=ClockState.BREACHED if breached else ClockState.MET,
                    started_at=created,
                    used_seconds=(stopped - created).total_seconds(),
                    due_at=due,
                    breached_at=due if breached else None,
                    stopped_at=stopped,
                )
            )
        if score is not None:
            ratings.append(
                Rating(item=item, score=score, comment=COMMENTS[score], source=RatingSource.LINK)
            )
            ratings[-1]._at = resolved + dt.timedelta(hours=2)
    tickets = Ticket.objects.bulk_create(tickets)
    for ticket, (_queue, subject, agent, _customer, created, shape) in zip(
        tickets, plan, strict=True
    ):
        answered = created + dt.timedelta(minutes=shape[0])
        messages.append(
            TicketMessage(
                ticket=ticket,
                kind=MessageKind.CUSTOMER,
                body=f"您好，{subject}，请帮我看一下。",
            )
        )
        messages[-1]._at = created
        messages.append(
            TicketMessage(
                ticket=ticket,
                kind=MessageKind.PUBLIC,
                author=agent,
                body="您好，已为您处理完毕，如有问题请随时联系我们。",
            )
        )
        messages[-1]._at = answered
    for model, rows in ((TicketMessage, messages), (WorkItemEvent, events), (Rating, ratings)):
        created_rows = model.objects.bulk_create(rows)
        for row, original in zip(created_rows, rows, strict=True):
            model.objects.filter(pk=row.pk).update(created_at=original._at)
    SlaClock.objects.bulk_create(clocks)
    through = WorkItem.tags.through
    through.objects.bulk_create([through(workitem_id=item.pk, tag_id=tag.pk) for item in items])
    # Backdated with .update(): tell the report roll-ups that these past days changed (they are
    # rebuilt by the next refresh; until then the reports read those days live).
    from helpdesk.reports.rollups import note_item_change

    note_item_change(items[0].pk, created_at=min(row[4] for row in plan))
    return len(items)
