"""Automatic routing: round-robin and least-loaded among members under capacity."""

import pytest

from helpdesk.queues import services
from helpdesk.queues.models import EventVerb, RoutingMode, Status
from helpdesk.queues.routing import register_candidate_filter, unregister_candidate_filter
from tests.factories import MembershipFactory, QueueFactory, UserFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rr_queue():
    queue = QueueFactory(routing_mode=RoutingMode.ROUND_ROBIN, default_capacity=5)
    people = [UserFactory(username=f"rr{i}", roles=["agent"]) for i in range(3)]
    for person in people:
        MembershipFactory(queue=queue, user=person)
    return queue, people


def test_round_robin_takes_turns(rr_queue, django_capture_on_commit_callbacks):
    queue, people = rr_queue

    with django_capture_on_commit_callbacks(execute=True):
        items = [
            services.workitem_create(kind="ticket", queue=queue, subject=f"Q{i}") for i in range(4)
        ]

    assignees = [type(i).objects.get(pk=i.pk).assignee for i in items]
    assert assignees == [people[0], people[1], people[2], people[0]]
    assert items[0].events.filter(verb=EventVerb.ROUTED).count() == 1


def test_least_loaded_picks_the_member_with_fewest_active_items(rr_queue):
    queue, people = rr_queue
    queue.routing_mode = RoutingMode.LEAST_LOADED
    queue.save()
    WorkItemFactory.create_batch(2, queue=queue, assignee=people[0], status=Status.OPEN)
    WorkItemFactory(queue=queue, assignee=people[1], status=Status.OPEN)
    WorkItemFactory.create_batch(3, queue=queue, assignee=people[2], status=Status.PENDING)
    item = WorkItemFactory(queue=queue)

    routed = services.workitem_auto_assign(item_id=item.pk)

    assert routed.assignee == people[2]  # pending items do not count as load


def test_nobody_gets_an_item_when_everyone_is_full(rr_queue):
    queue, people = rr_queue
    queue.default_capacity = 1
    queue.save()
    for person in people:
        WorkItemFactory(queue=queue, assignee=person, status=Status.OPEN)
    item = WorkItemFactory(queue=queue)

    assert services.workitem_auto_assign(item_id=item.pk) is None
    item.refresh_from_db()
    assert item.assignee is None
    assert not item.events.exists()


def test_skills_narrow_the_candidates(rr_queue):
    queue, people = rr_queue
    people[2].memberships.filter(queue=queue).update(skills=["english"])
    item = WorkItemFactory(queue=queue, skill="english")

    assert services.workitem_auto_assign(item_id=item.pk).assignee == people[2]


def test_members_who_do_not_accept_routing_are_skipped(rr_queue):
    queue, people = rr_queue
    queue.memberships.exclude(user=people[1]).update(accepts_routing=False)
    item = WorkItemFactory(queue=queue)

    assert services.workitem_auto_assign(item_id=item.pk).assignee == people[1]


def test_registered_candidate_filters_narrow_routing(rr_queue):
    queue, people = rr_queue

    def only_last(_queue, _item, members):
        return [m for m in members if m.user_id == people[-1].pk]

    register_candidate_filter(only_last)
    try:
        item = WorkItemFactory(queue=queue)
        assert services.workitem_auto_assign(item_id=item.pk).assignee == people[-1]
    finally:
        unregister_candidate_filter(only_last)


def test_manual_queues_are_never_routed(queue, agent):
    item = WorkItemFactory(queue=queue)

    assert services.workitem_auto_assign(item_id=item.pk) is None


def test_the_sweep_routes_waiting_items_most_urgent_first(rr_queue):
    queue, people = rr_queue
    queue.default_capacity = 1
    queue.save()
    low = WorkItemFactory(queue=queue, priority=1)
    urgent = [WorkItemFactory(queue=queue, priority=4) for _ in range(3)]

    routed = services.route_waiting()

    assert routed == 3
    low.refresh_from_db()
    assert low.assignee is None
    assert {type(u).objects.get(pk=u.pk).assignee for u in urgent} == set(people)
