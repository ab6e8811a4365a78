"""Taking, assigning, releasing and transferring work items."""

import pytest

from helpdesk.common.errors import Forbidden, NotFound, ServiceError
from helpdesk.queues import configuration, services
from helpdesk.queues.models import EventVerb, Status, WorkItem
from tests.factories import MembershipFactory, UserFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def test_an_agent_takes_an_unassigned_item_and_it_opens(agent, queue):
    item = WorkItemFactory(queue=queue)

    services.workitem_take(item_id=item.pk, user=agent)

    item.refresh_from_db()
    assert item.assignee == agent
    assert item.status == Status.OPEN
    assert item.assigned_at is not None
    assert list(item.events.values_list("verb", "actor")) == [(EventVerb.TAKEN, agent.pk)]


def test_taking_an_item_someone_else_holds_is_refused(agent, agent2, queue):
    item = WorkItemFactory(queue=queue, assignee=agent2, status=Status.OPEN)

    with pytest.raises(ServiceError) as exc:
        services.workitem_take(item_id=item.pk, user=agent)

    assert exc.value.code == "already_assigned"
    item.refresh_from_db()
    assert item.assignee == agent2
    assert not item.events.exists()


def test_an_outsider_cannot_take_another_queues_item(outsider, queue):
    item = WorkItemFactory(queue=queue)

    with pytest.raises(NotFound):
        services.workitem_take(item_id=item.pk, user=outsider)


def test_taking_beyond_capacity_is_refused(agent, queue):
    membership = agent.memberships.get(queue=queue)
    membership.capacity = 2
    membership.save()
    WorkItemFactory.create_batch(2, queue=queue, assignee=agent, status=Status.OPEN)
    # Waiting items do not count against capacity.
    WorkItemFactory(queue=queue, assignee=agent, status=Status.PENDING)
    item = WorkItemFactory(queue=queue)

    with pytest.raises(ServiceError) as exc:
        services.workitem_take(item_id=item.pk, user=agent)

    assert exc.value.code == "over_capacity"
    assert exc.value.status_code == 409
    assert WorkItem.objects.get(pk=item.pk).assignee is None


def test_a_supervisor_assigns_to_a_member_with_a_reason(supervisor, agent, queue):
    item = WorkItemFactory(queue=queue)

    services.workitem_assign(item_id=item.pk, assignee=agent, actor=supervisor, reason="VIP")

    item.refresh_from_db()
    assert item.assignee == agent
    event = item.events.get()
    assert (event.verb, event.actor, event.reason) == (EventVerb.ASSIGNED, supervisor, "VIP")
    assert event.data == {"from": None, "to": agent.pk}


def test_assigning_to_a_non_member_is_refused_and_nothing_changes(supervisor, outsider, queue):
    item = WorkItemFactory(queue=queue)

    with pytest.raises(ServiceError) as exc:
        services.workitem_assign(item_id=item.pk, assignee=outsider, actor=supervisor)

    assert exc.value.code == "assignee_not_member"
    item.refresh_from_db()
    assert item.assignee is None
    assert not item.events.exists()


def test_an_agent_cannot_assign_items_to_others(agent, agent2, queue):
    item = WorkItemFactory(queue=queue)

    with pytest.raises(Forbidden):
        services.workitem_assign(item_id=item.pk, assignee=agent2, actor=agent)


def test_a_manager_assigns_in_any_queue(manager, agent, queue):
    item = WorkItemFactory(queue=queue)

    services.workitem_assign(item_id=item.pk, assignee=agent, actor=manager)

    assert WorkItem.objects.get(pk=item.pk).assignee == agent


def test_the_assignee_releases_an_item_back_to_the_queue(agent, queue):
    item = WorkItemFactory(queue=queue, assignee=agent, status=Status.OPEN)

    services.workitem_release(item_id=item.pk, actor=agent, reason="Off sick")

    item.refresh_from_db()
    assert item.assignee is None
    assert item.events.get().verb == EventVerb.RELEASED


def test_another_agent_cannot_release_a_colleagues_item(agent, agent2, queue):
    item = WorkItemFactory(queue=queue, assignee=agent2, status=Status.OPEN)

    with pytest.raises(Forbidden):
        services.workitem_release(item_id=item.pk, actor=agent)

    assert WorkItem.objects.get(pk=item.pk).assignee == agent2


def test_transfer_moves_the_item_unassigned_with_the_reason(agent, queue, other_queue):
    item = WorkItemFactory(queue=queue, assignee=agent, status=Status.OPEN)

    services.workitem_transfer(
        item_id=item.pk, actor=agent, to_queue=other_queue, reason="Billing question"
    )

    item.refresh_from_db()
    assert (item.queue, item.assignee, item.status) == (other_queue, None, Status.NEW)
    event = item.events.get()
    assert event.verb == EventVerb.TRANSFERRED
    assert event.reason == "Billing question"
    assert event.data["from_queue"] == queue.pk
    assert event.data["to_queue"] == other_queue.pk


def test_transfer_without_a_reason_is_refused(agent, queue, other_queue):
    item = WorkItemFactory(queue=queue)

    with pytest.raises(ServiceError) as exc:
        services.workitem_transfer(item_id=item.pk, actor=agent, to_queue=other_queue, reason=" ")

    assert exc.value.code == "reason_required"
    assert WorkItem.objects.get(pk=item.pk).queue == queue


def test_a_resolved_item_cannot_be_taken(agent, queue):
    item = WorkItemFactory(queue=queue, status=Status.RESOLVED)

    with pytest.raises(ServiceError) as exc:
        services.workitem_take(item_id=item.pk, user=agent)

    assert exc.value.code == "item_not_active"


def test_membership_requires_the_role_to_be_held(queue):
    user = UserFactory(roles=["order_handler"])

    with pytest.raises(ServiceError) as exc:
        configuration.membership_set(queue=queue, user=user, role="supervisor")

    assert exc.value.code == "role_not_held"
    assert not queue.memberships.filter(user=user).exists()
    assert (
        configuration.membership_set(queue=queue, user=user, role="order_handler").capacity is None
    )


def test_canned_response_placeholders_are_filled(agent, queue):
    from tests.factories import CustomerFactory

    item = WorkItemFactory(queue=queue, customer=CustomerFactory(name="王芳"), subject="Refund")
    body = "您好 {{customer.name}}，关于 {{item.reference}}（{{ item.subject }}），{{agent.name}}"

    text = configuration.canned_render(body=body, item=item, agent=agent)

    assert text == f"您好 王芳，关于 {item.reference}（Refund），{agent}"


def test_membership_factory_defaults_are_agents(queue):
    membership = MembershipFactory(queue=queue)
    assert membership.role == "agent"
