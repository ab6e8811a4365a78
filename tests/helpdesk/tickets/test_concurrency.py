"""Two people acting on the same tickets at once (PostgreSQL row locks, real threads)."""

import threading

import pytest
from django.db import connection, connections

from helpdesk.queues.models import WorkItem
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket, TicketMessage

from .conftest import fresh


def _run_concurrently(fn, args_list):
    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def worker(args):
        try:
            barrier.wait()
            results.append(fn(*args))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(a,)) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results, errors


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL property; SQLite serialises writers")


@pytest.mark.django_db(transaction=True)
def test_merging_two_tickets_into_each_other_at_once_merges_one_way_only(
    postgres_only, agent, make_ticket
):
    for _round in range(5):
        a, b = make_ticket(subject="a"), make_ticket(subject="b")

        results, errors = _run_concurrently(
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

    _results, errors = _run_concurrently(
        lambda user: services.ticket_reply(ticket_id=item.pk, actor=fresh(user), body="hi"),
        [(agent,), (agent2,)],
    )

    assert errors == []
    item.refresh_from_db()
    assert item.status == "open"
    assert item.events.filter(verb="status_changed").count() == 1
    assert item.events.filter(verb="replied").count() == 2
