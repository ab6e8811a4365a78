"""Placing an order with an Idempotency-Key: a repeat of the request (a retry after the
connection dropped, a double click) answers with the order already placed, never a second one."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from orders.models import Order
from orders.services import order_place
from tests.concurrency import require_postgresql, run_concurrently
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KEY = "3f1c9a52-7d4e-4b8e-9a51-0c2f6de1b7aa"


@pytest.fixture
def handler(db):
    return UserFactory(username="orders", roles=["order_handler"])


def place(client, product, key=None, account="13800138000"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    body = {"product": product.pk, "account": account, "amount": 3_000}
    return client.post("/api/v1/orders/", body, format="json", **headers)


def test_a_repeated_request_gets_the_order_already_placed(client_for, handler, product):
    client = client_for(handler)

    first = place(client, product, KEY)
    again = place(client, product, KEY, account="138 0013 8000")  # the same number, spaced

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["reference"] == first.json()["reference"]
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == 1


def test_without_a_key_each_request_is_an_order(client_for, handler, product):
    client = client_for(handler)

    assert place(client, product).json()["id"] != place(client, product).json()["id"]
    assert Order.objects.count() == 2


def test_the_same_key_for_a_different_order_is_refused(client_for, handler, product):
    client = client_for(handler)
    place(client, product, KEY)

    other = place(client, product, KEY, account="13900139000")

    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert set(other.json()) == {"code", "message", "fields"}
    assert Order.objects.count() == 1


def test_keys_belong_to_whoever_sent_them(client_for, handler, product):
    colleague = UserFactory(username="orders2", roles=["order_handler"])

    mine = place(client_for(handler), product, KEY)
    theirs = place(client_for(colleague), product, KEY)

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]
    assert "Idempotent-Replayed" not in theirs.headers


@pytest.mark.parametrize("key", ["", "x" * 81, "naïve-key", "two words"])
def test_a_malformed_key_is_a_400_and_places_nothing(client_for, handler, product, key):
    response = place(client_for(handler), product, key)

    if key == "":  # an empty header is no key at all
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert "Idempotency-Key" in response.json()["fields"]
    assert not Order.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_the_same_moment_place_one_order(handler, product):
    require_postgresql()

    def attempt():
        client = APIClient()
        client.force_authenticate(handler)
        response = place(client, product, KEY)
        return response.status_code, response.json()["id"]

    results, errors = run_concurrently(lambda: attempt(), [()] * 4)

    assert errors == []
    assert {status for status, _ in results} == {201}
    assert len({order_id for _, order_id in results}) == 1
    assert Order.objects.filter(idempotency_key=KEY).count() == 1


def test_the_service_tells_a_replay(handler, product):
    order, replayed = order_place(
        actor=handler,
        product_id=product.pk,
        account="13800138000",
        amount=3_000,
        idempotency_key=KEY,
    )
    again, replayed_again = order_place(
        actor=handler,
        product_id=product.pk,
        account="13800138000",
        amount=3_000,
        idempotency_key=KEY,
    )
    assert (replayed, replayed_again) == (False, True)
    assert again.pk == order.pk
