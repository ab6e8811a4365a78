import pytest

from tests.factories import WorkItemFactory


@pytest.mark.django_db
def test_agent_sees_items_of_their_queue_and_not_of_others(client_for, agent, queue, other_queue):
    mine = WorkItemFactory(queue=queue, subject="Card not charged")
    WorkItemFactory(queue=other_queue, subject="Someone else's")

    response = client_for(agent).get("/api/v1/inbox/")

    assert response.status_code == 200
    assert [row["subject"] for row in response.json()["results"]] == [mine.subject]
