"""The ticket admin: the list and a ticket with its messages inline."""

import pytest
from django.test import Client

from tests.factories import UserFactory

from .conftest import png


@pytest.fixture
def admin_client_(db):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_admin_lists_tickets_and_shows_the_thread_inline(admin_client_, make_ticket):
    item = make_ticket(subject="Refund please", body="I want my money back", attachments=[png()])

    listing = admin_client_.get("/admin/tickets/ticket/")
    page = admin_client_.get(f"/admin/tickets/ticket/{item.pk}/change/")

    assert listing.status_code == 200
    assert "Refund please" in listing.content.decode()
    assert page.status_code == 200
    assert "I want my money back" in page.content.decode()
    assert "screenshot.png" in page.content.decode()


@pytest.mark.django_db
def test_the_admin_lists_attachments(admin_client_, make_ticket):
    make_ticket(attachments=[png()])

    response = admin_client_.get("/admin/tickets/attachment/")

    assert response.status_code == 200
    assert "screenshot.png" in response.content.decode()
