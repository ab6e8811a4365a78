"""Quality fixtures: tickets resolved and chats ended through their services, so that the rating
links are issued by the same hooks as in production."""

import pytest

from helpdesk.tickets import services as tickets


@pytest.fixture(autouse=True)
def _quality_settings(settings):
    settings.QUALITY_RATING_TARGET = 3
    settings.QUALITY_RATING_LINK_MAX_AGE_DAYS = 14
    settings.CHAT_VISITOR_RATE = None


@pytest.fixture
def resolve_ticket(django_capture_on_commit_callbacks):
    """``resolve_ticket(agent, queue, email=...)``: open a ticket, take it, resolve it; the
    after-commit hooks run (link issued, mail sent)."""

    def make(agent, queue, *, email="li@example.test", subject="Top-up failed"):
        with django_capture_on_commit_callbacks(execute=True):
            ticket = tickets.ticket_create(
                actor=agent,
                queue_id=queue.pk,
                subject=subject,
                body="It did not arrive.",
                requester_email=email,
            )
        item = ticket.item
        item.assignee = agent
        item.save(update_fields=["assignee"])
        with django_capture_on_commit_callbacks(execute=True):
            tickets.ticket_set_status(ticket_id=item.pk, actor=agent, status="resolved")
        item.refresh_from_db()
        return item

    return make
