"""Searching customer files by name, company, phone and email, within what the user may open."""

import pytest

from tests.factories import ContactFactory, CustomerFactory, WorkItemFactory

URL = "/api/v1/customers/"


def names(response):
    assert response.status_code == 200, response.json()
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def family(db):
    """Two customers sharing a home phone, and one whose number merely ends the same way."""
    father = CustomerFactory(name="Zhang Wei", company="Zhang Hardware")
    daughter = CustomerFactory(name="Zhang Min", company="")
    stranger = CustomerFactory(name="Chen Jie", company="Acme")
    ContactFactory(customer=father, kind="phone", value="+8613800138000", is_primary=True)
    ContactFactory(customer=daughter, kind="phone", value="+8613800138000", is_primary=True)
    ContactFactory(customer=stranger, kind="phone", value="+8613911138000", is_primary=True)
    ContactFactory(customer=stranger, kind="email", value="chen.jie@acme.cn", is_primary=True)
    return father, daughter, stranger


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["138 0013 8000", "+86 138-0013-8000", "8613800138000"])
def test_a_full_number_finds_everyone_sharing_it_before_partial_matches(
    client_for, manager, family, typed
):
    response = client_for(manager).get(URL, {"q": typed})

    assert names(response) == ["Zhang Min", "Zhang Wei"]


@pytest.mark.django_db
def test_the_last_digits_find_every_number_ending_with_them(client_for, manager, family):
    response = client_for(manager).get(URL, {"q": "138000"})

    assert names(response) == ["Chen Jie", "Zhang Min", "Zhang Wei"]


@pytest.mark.django_db
def test_numbers_ending_with_the_digits_come_before_numbers_merely_containing_them(
    client_for, manager, family
):
    inner = CustomerFactory(name="An Qi")
    ContactFactory(customer=inner, kind="phone", value="+8613800138999")

    response = client_for(manager).get(URL, {"q": "0013 8000"})

    assert names(response) == ["Zhang Min", "Zhang Wei"]
    response = client_for(manager).get(URL, {"q": "1380013"})
    assert names(response) == ["An Qi", "Zhang Min", "Zhang Wei"]


@pytest.mark.django_db
def test_an_email_matches_exactly_in_any_case(client_for, manager, family):
    assert names(client_for(manager).get(URL, {"q": "Chen.Jie@ACME.cn"})) == ["Chen Jie"]
    assert names(client_for(manager).get(URL, {"q": "jie@acme.cn"})) == []


@pytest.mark.django_db
def test_a_name_matches_any_part_in_any_case(client_for, manager, family):
    assert names(client_for(manager).get(URL, {"q": "zhang"})) == ["Zhang Min", "Zhang Wei"]


@pytest.mark.django_db
def test_a_company_matches_any_part(client_for, manager, family):
    assert names(client_for(manager).get(URL, {"q": "hardware"})) == ["Zhang Wei"]


@pytest.mark.django_db
def test_results_carry_only_the_minimal_fields_with_primary_contacts(client_for, manager, family):
    response = client_for(manager).get(URL, {"q": "chen"})

    assert response.json()["results"] == [
        {
            "id": family[2].pk,
            "name": "Chen Jie",
            "company": "Acme",
            "primary_phone": "+8613911138000",
            "primary_email": "chen.jie@acme.cn",
            "credit_standing": "good",
        }
    ]


@pytest.mark.django_db
def test_an_agent_finds_only_customers_with_work_in_their_queues(
    client_for, agent, queue, other_queue, family
):
    father, daughter, _stranger = family
    WorkItemFactory(queue=queue, customer=father)
    WorkItemFactory(queue=other_queue, customer=daughter)

    response = client_for(agent).get(URL, {"q": "138 0013 8000"})

    assert names(response) == ["Zhang Wei"]


@pytest.mark.django_db
def test_without_a_query_the_list_is_every_file_the_user_may_open(client_for, agent, queue, family):
    WorkItemFactory(queue=queue, customer=family[0])

    assert names(client_for(agent).get(URL)) == ["Zhang Wei"]


@pytest.mark.django_db
def test_results_are_paginated(client_for, manager):
    CustomerFactory.create_batch(5, name="Liu")

    response = client_for(manager).get(URL, {"q": "liu", "page_size": 2, "page": 2})

    body = response.json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["next"] and body["previous"]


@pytest.mark.django_db
def test_a_too_long_query_is_a_bad_request(client_for, manager):
    response = client_for(manager).get(URL, {"q": "x" * 101})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["q"]


@pytest.mark.django_db
def test_a_landline_typed_with_its_area_code_and_trunk_zero_is_found(client_for, manager):
    shop = CustomerFactory(name="Shenzhen Shop")
    ContactFactory(customer=shop, kind="phone", value="+8675588889999")

    assert names(client_for(manager).get(URL, {"q": "0755-8888 9999"})) == ["Shenzhen Shop"]
    assert names(client_for(manager).get(URL, {"q": "0755 8888"})) == ["Shenzhen Shop"]
