"""Two people acting on the same tickets at once (PostgreSQL row locks, real threads)."""

import pytest

from helpdesk.queues.models import WorkItem
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket, TicketMessage
from tests.concurrency import require_postgresql, run_concurrently

from .conftest import fresh


@pytest.fixture
def postgres_only():
    require_postgresql()


@pytest.mark.django_db(transaction=True)
def test_merging_two_tickets_into_each_other_at_once_merges_one_way_only(
    postgres_only, agent, make_ticket
):
    for _round in range(5):
        a, b = make_ticket(subject="a"), make_ticket(subject="b")

        results, errors = run_concurrently(
            lambda source, target: services.ticket_merge(
                ticket_id=source, into_id=target, actor=fresh(agent)
            ),
            [(a.pk, b.pk), (b.pk, a.pk)],
        )

        assert len(results) == 1
        assert [e.code for e in errors] == ["merge_target_closed"]
        merged = Ticket.objects.exclude(merged_into=None).filter(pk__in=[a.pk, b.pk])
        assert merged.count() == 1
        survivor = merged.get().merged_into_id
        assert WorkItem.objects.get(pk=survivor).status == "new"
        assert TicketMessage.objects.filter(ticket_id=survivor, kind="customer").count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_replies_open_the_ticket_once(postgres_only, agent, agent2, make_ticket):
    item = make_ticket()

    _results, errors = run_concurrently(
        lambda user: services.ticket_reply(ticket_id=item.pk, actor=fresh(user), body="hi"),
        [(agent,), (agent2,)],
    )

    assert errors == []
    item.refresh_from_db()
    assert item.status == "open"
    assert item.events.filter(verb="status_changed").count() == 1
    assert item.events.filter(verb="replied").count() == 2
