"""Quality reviews: candidates by rule, a weighted scorecard, one review per item, the agent's
single dispute and a supervisor's answer, and who may do what."""

import datetime as dt

import pytest
from django.utils import timezone

from helpdesk.complaints.models import Complaint
from helpdesk.quality.models import Criterion, Rating, Review
from helpdesk.queues.models import Kind, WorkItem

pytestmark = pytest.mark.django_db


def done_item(queue, agent, *, hours=2, subject="work") -> WorkItem:
    resolved = timezone.now()
    item = WorkItem.objects.create(
        kind=Kind.TICKET,
        queue=queue,
        subject=subject,
        assignee=agent,
        status="closed",
        resolved_at=resolved,
    )
    WorkItem.objects.filter(pk=item.pk).update(created_at=resolved - dt.timedelta(hours=hours))
    return item


def all_scores(value=5, **override):
    return [
        {"criterion": c.pk, "score": override.get(c.name, value)}
        for c in Criterion.objects.filter(is_active=True)
    ]


def month() -> str:
    return timezone.localtime().strftime("%Y-%m")


def test_the_default_scorecard_is_seeded(client_for, agent):
    response = client_for(agent).get("/api/v1/quality/scorecard/")

    assert [(c["name"], c["weight"]) for c in response.json()] == [
        ("Greeting", 1),
        ("Accuracy", 3),
        ("Tone", 2),
        ("Resolution", 3),
        ("Policy", 1),
    ]


def test_candidates_by_rule(client_for, supervisor, agent, queue, settings):
    settings.QUALITY_LONG_HANDLE_HOURS = 48
    low = done_item(queue, agent, subject="low")
    Rating.objects.create(item=low, score=1, source="link")
    fine = done_item(queue, agent, subject="fine")
    Rating.objects.create(item=fine, score=5, source="link")
    done_item(queue, agent, hours=72, subject="slow")
    complained = done_item(queue, agent, subject="complained")
    other = WorkItem.objects.create(kind=Kind.COMPLAINT, queue=queue, subject="c")
    Complaint.objects.create(item=other, source_item=complained)
    client = client_for(supervisor)

    def subjects(rule):
        response = client.get(f"/api/v1/quality/reviews/candidates/?month={month()}&rule={rule}")
        assert response.status_code == 200, response.content
        return sorted(i["subject"] for i in response.json())

    assert subjects("low_rating") == ["low"]
    assert subjects("long_handle") == ["slow"]
    assert subjects("complaint") == ["complained"]
    assert subjects("random") == ["complained", "fine", "low", "slow"]


def test_a_review_is_weighted_and_taken_once(client_for, supervisor, agent, queue):
    item = done_item(queue, agent)
    client = client_for(supervisor)

    # weights 1, 3, 2, 3, 1 (sum 10); accuracy 2, the rest 5: (50 - 9) / 50 = 82%
    first = client.post(
        "/api/v1/quality/reviews/",
        {"item": item.pk, "reason": "random", "scores": all_scores(Accuracy=2), "comment": "ok"},
        format="json",
    )
    second = client.post(
        "/api/v1/quality/reviews/",
        {"item": item.pk, "scores": all_scores()},
        format="json",
    )

    assert first.status_code == 201, first.content
    assert first.json()["score"] == "82.00"
    assert first.json()["agent"] == agent.pk
    assert second.status_code == 409 and second.json()["code"] == "already_reviewed"
    assert Review.objects.count() == 1


def test_a_review_must_score_every_criterion(client_for, supervisor, agent, queue):
    item = done_item(queue, agent)

    response = client_for(supervisor).post(
        "/api/v1/quality/reviews/",
        {"item": item.pk, "scores": all_scores()[:2]},
        format="json",
    )

    assert response.status_code == 400
    assert not Review.objects.exists()


def test_an_open_item_cannot_be_reviewed(client_for, supervisor, agent, queue):
    item = WorkItem.objects.create(kind=Kind.TICKET, queue=queue, subject="x", assignee=agent)

    response = client_for(supervisor).post(
        "/api/v1/quality/reviews/", {"item": item.pk, "scores": all_scores()}, format="json"
    )

    assert response.status_code == 409 and response.json()["code"] == "not_reviewable"


def test_the_agent_reads_disputes_once_and_a_supervisor_answers(
    client_for, supervisor, agent, agent2, queue
):
    item = done_item(queue, agent)
    created = client_for(supervisor).post(
        "/api/v1/quality/reviews/", {"item": item.pk, "scores": all_scores(3)}, format="json"
    )
    review_id = created.json()["id"]

    own = client_for(agent).get("/api/v1/quality/reviews/")
    others = client_for(agent2).get("/api/v1/quality/reviews/")
    by_other = client_for(agent2).post(
        f"/api/v1/quality/reviews/{review_id}/dispute/", {"text": "not mine"}, format="json"
    )
    disputed = client_for(agent).post(
        f"/api/v1/quality/reviews/{review_id}/dispute/",
        {"text": "The customer hung up"},
        format="json",
    )
    again = client_for(agent).post(
        f"/api/v1/quality/reviews/{review_id}/dispute/", {"text": "again"}, format="json"
    )
    self_answer = client_for(agent).post(
        f"/api/v1/quality/reviews/{review_id}/answer/", {"text": "I agree"}, format="json"
    )
    answered = client_for(supervisor).post(
        f"/api/v1/quality/reviews/{review_id}/answer/", {"text": "Noted; tone kept"}, format="json"
    )

    assert [r["id"] for r in own.json()] == [review_id]
    assert others.json() == []
    assert by_other.status_code == 404
    assert disputed.status_code == 200 and disputed.json()["status"] == "disputed"
    assert again.status_code == 409 and again.json()["code"] == "already_disputed"
    assert self_answer.status_code == 403
    assert answered.status_code == 200
    assert (answered.json()["status"], answered.json()["answer"]) == (
        "answered",
        "Noted; tone kept",
    )


def test_an_agent_cannot_review(client_for, agent, agent2, queue):
    item = done_item(queue, agent2)

    response = client_for(agent).post(
        "/api/v1/quality/reviews/", {"item": item.pk, "scores": all_scores()}, format="json"
    )

    assert response.status_code == 403


def test_a_supervisor_cannot_review_their_own_work(client_for, supervisor, queue):
    item = done_item(queue, supervisor)

    response = client_for(supervisor).post(
        "/api/v1/quality/reviews/", {"item": item.pk, "scores": all_scores()}, format="json"
    )

    assert response.status_code == 403 and response.json()["code"] == "own_work"


def test_the_review_list_costs_a_fixed_number_of_queries(
    client_for, supervisor, agent, queue, django_assert_num_queries
):
    client = client_for(supervisor)
    for _ in range(2):
        client.post(
            "/api/v1/quality/reviews/",
            {"item": done_item(queue, agent).pk, "scores": all_scores()},
            format="json",
        )
    # session, user, roles; the reviews with their items; their scores; the criteria
    with django_assert_num_queries(6):
        first = client.get("/api/v1/quality/reviews/")
    for _ in range(5):
        client.post(
            "/api/v1/quality/reviews/",
            {"item": done_item(queue, agent).pk, "scores": all_scores()},
            format="json",
        )
    with django_assert_num_queries(6):
        second = client.get("/api/v1/quality/reviews/")

    assert (len(first.json()), len(second.json())) == (2, 7)
