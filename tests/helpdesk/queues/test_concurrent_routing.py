"""Two workers routing the same item at once: exactly one assignment (PostgreSQL row locks)."""

import pytest

from helpdesk.queues import services
from helpdesk.queues.models import EventVerb, RoutingMode, Status, WorkItem
from tests.concurrency import require_postgresql, run_concurrently
from tests.factories import MembershipFactory, QueueFactory, UserFactory, WorkItemFactory


@pytest.mark.django_db(transaction=True)
def test_two_workers_routing_one_item_assign_it_once():
    require_postgresql()
    queue = QueueFactory(routing_mode=RoutingMode.ROUND_ROBIN)
    for i in range(2):
        MembershipFactory(queue=queue, user=UserFactory(username=f"w{i}", roles=["agent"]))
    for _round in range(10):
        item = WorkItemFactory(queue=queue)

        results, errors = run_concurrently(
            lambda item_id: services.workitem_auto_assign(item_id=item_id),
            [(item.pk,), (item.pk,)],
        )

        assert errors == []
        assert sum(r is not None for r in results) == 1
        assert item.events.filter(verb=EventVerb.ROUTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_takes_never_exceed_capacity():
    require_postgresql()
    queue = QueueFactory(default_capacity=1)
    agent = UserFactory(username="solo", roles=["agent"])
    MembershipFactory(queue=queue, user=agent)
    items = WorkItemFactory.create_batch(4, queue=queue)

    _results, errors = run_concurrently(
        lambda item_id: services.workitem_take(item_id=item_id, user=agent),
        [(i.pk,) for i in items],
    )

    assert WorkItem.objects.filter(assignee=agent, status=Status.OPEN).count() == 1
    assert sorted(e.code for e in errors) == ["over_capacity"] * 3
