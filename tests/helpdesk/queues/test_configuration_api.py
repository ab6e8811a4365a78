"""Queue members and canned responses through the API: only leads change members."""

import pytest

from helpdesk.queues.models import CannedResponse, QueueMembership
from tests.factories import MembershipFactory, UserFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def test_a_lead_adds_a_member_with_a_role_they_hold(client_for, supervisor, queue):
    newcomer = UserFactory(roles=["agent"])

    response = client_for(supervisor).post(
        f"/api/v1/queues/{queue.pk}/members/",
        {"user": newcomer.pk, "role": "agent", "capacity": 3, "skills": ["english"]},
    )

    assert response.status_code == 200, response.json()
    membership = QueueMembership.objects.get(queue=queue, user=newcomer)
    assert (membership.capacity, membership.skills) == (3, ["english"])


def test_a_supervisor_who_is_not_a_lead_of_the_queue_cannot_change_its_members(
    client_for, queue, other_queue
):
    other_lead = UserFactory(roles=["supervisor", "agent"])
    MembershipFactory(queue=other_queue, user=other_lead, role="supervisor")
    MembershipFactory(queue=queue, user=other_lead, role="agent")
    newcomer = UserFactory(roles=["agent"])

    response = client_for(other_lead).post(
        f"/api/v1/queues/{queue.pk}/members/", {"user": newcomer.pk, "role": "agent"}
    )
    removal = client_for(other_lead).delete(f"/api/v1/queues/{queue.pk}/members/{other_lead.pk}/")

    assert (response.status_code, removal.status_code) == (404, 404)
    assert not QueueMembership.objects.filter(queue=queue, user=newcomer).exists()
    assert QueueMembership.objects.filter(queue=queue, user=other_lead).exists()


def test_an_unknown_user_is_a_field_error(client_for, supervisor, queue):
    response = client_for(supervisor).post(
        f"/api/v1/queues/{queue.pk}/members/", {"user": 999999, "role": "agent"}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"user": ["Unknown user."]}


def test_a_queues_canned_response_does_not_render_for_another_queues_item(
    client_for, manager, queue, other_queue
):
    canned = CannedResponse.objects.create(queue=queue, title="Hi", body="Hello")
    item = WorkItemFactory(queue=other_queue)

    response = client_for(manager).post(
        f"/api/v1/canned-responses/{canned.pk}/render/", {"item": item.pk}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "canned_not_in_queue"


def test_the_canned_list_refuses_a_bad_queue_filter(client_for, agent):
    response = client_for(agent).get("/api/v1/canned-responses/?queue=abc")

    assert response.status_code == 400
    assert "queue" in response.json()["fields"]
