"""The complaint list, the board and the detail cost a fixed number of queries, however many
complaints, remedies and pieces of evidence there are."""

import pytest

from helpdesk.complaints import services
from tests.factories import CustomerFactory

from .conftest import fresh

pytestmark = pytest.mark.django_db


def grow(n, manager, handler, category):
    for i in range(n):
        customer = CustomerFactory()
        complaint = services.complaint_open(
            actor=fresh(manager),
            customer_id=customer.pk,
            subject=f"Complaint {i}",
            description="x",
            category_id=category.pk,
            severity=["low", "medium", "high", "critical"][i % 4],
        )
        if i % 2:
            services.complaint_investigate(actor=fresh(manager), complaint_id=complaint.pk)
            services.remedy_add(
                actor=fresh(manager),
                complaint_id=complaint.pk,
                kind="compensation",
                amount_fen=100 + i,
            )
            services.complaint_note(actor=fresh(manager), complaint_id=complaint.pk, body="note")


def test_the_complaint_list(
    client_for, handler, manager, category, appeal_policy, django_assert_num_queries
):
    client = client_for(fresh(handler))
    grow(2, manager, handler, category)
    # session, user, roles, visible queues, count, ids page, the page's cards
    with django_assert_num_queries(7):
        first = client.get("/api/v1/complaints/").json()
    grow(12, manager, handler, category)
    with django_assert_num_queries(7):
        second = client.get("/api/v1/complaints/?severity=low,high&page_size=50").json()

    assert first["count"] == 2
    assert second["count"] == 7
    assert all(row["sla"]["state"] == "ok" for row in second["results"])


def test_the_board(client_for, lead, manager, handler, category, django_assert_num_queries):
    client = client_for(fresh(lead))
    grow(2, manager, handler, category)
    # session, user, roles, visible queues, counts per stage, the ranked cards
    with django_assert_num_queries(6):
        first = client.get("/api/v1/complaints/board/").json()
    grow(12, manager, handler, category)
    with django_assert_num_queries(6):
        second = client.get(f"/api/v1/complaints/board/?category={category.pk}").json()

    def counts(board):
        return {c["stage"]: c["count"] for c in board["columns"] if c["count"]}

    assert counts(first) == {"received": 1, "investigating": 1}
    assert counts(second) == {"received": 7, "investigating": 7}
    investigating = next(c for c in second["columns"] if c["stage"] == "investigating")
    assert len(investigating["cards"]) == 7
    assert all(card["remedies_total_fen"] > 0 for card in investigating["cards"])
    assert [c["stage"] for c in second["columns"]] == [
        "received",
        "investigating",
        "sent_back",
        "proposed",
        "appeal_review",
        "approved",
        "informed",
        "closed",
    ]


def test_a_board_column_shows_its_most_urgent_cards_first_up_to_the_limit(
    client_for, lead, manager, handler, category, settings
):
    settings.COMPLAINTS_BOARD_COLUMN_LIMIT = 3
    grow(8, manager, handler, category)

    board = client_for(fresh(lead)).get("/api/v1/complaints/board/").json()

    received = next(c for c in board["columns"] if c["stage"] == "received")
    assert received["count"] == 4
    assert [card["priority"] for card in received["cards"]] == [3, 3, 1]


def test_the_detail(client_for, handler, manager, category, django_assert_num_queries):
    grow(1, manager, handler, category)
    grow(1, manager, handler, category)
    from helpdesk.complaints.models import Complaint

    complaint_id = Complaint.objects.order_by("pk").first().pk
    url = f"/api/v1/complaints/{complaint_id}/"
    client = client_for(fresh(handler))
    # session, user, roles, visible queues, the complaint with its joins, tags, orders, steps,
    # evidence, remedies, timeline events (the complaint is unassigned: no queue-lead check)
    with django_assert_num_queries(11):
        client.get(url)
    for _ in range(5):
        services.complaint_note(actor=fresh(manager), complaint_id=complaint_id, body="more")
        services.remedy_add(
            actor=fresh(manager), complaint_id=complaint_id, kind="other", description="x"
        )
    with django_assert_num_queries(11):
        body = client.get(url).json()
    assert len(body["remedies"]) == 5
