"""Erlang C against published textbook values, and the calculator's API."""

import pytest

from helpdesk.shifts import erlang

# Erlang C tables for a traffic of 10 Erlangs (e.g. 100 calls in 30 minutes at 3 minutes each):
# the probability of waiting with N agents, as printed in the standard tables.
PUBLISHED_WAIT = {11: 0.6821, 12: 0.4494, 13: 0.2853, 14: 0.1741, 15: 0.1020}


@pytest.mark.parametrize(("agents", "expected"), PUBLISHED_WAIT.items())
def test_the_probability_of_waiting_matches_the_tables(agents, expected):
    assert erlang.erlang_c(agents, 10.0) == pytest.approx(expected, abs=5e-5)


def test_the_worked_example_100_calls_in_half_an_hour_at_3_minutes_80_in_20_seconds():
    # The worked example of the call-centre literature: 13 agents reach 79.6 % (not enough),
    # 14 reach 88.8 %, answering on average in 7.8 s at 71.4 % occupancy; with 30 % shrinkage,
    # 20 must be rostered.
    assert erlang.service_level(13, 10.0, 180, 20) == pytest.approx(0.7956, abs=5e-4)

    result = erlang.staffing(erlang.Demand(contacts=100))

    assert result.traffic_erlangs == 10.0
    assert result.raw_agents == 14
    assert result.service_level == pytest.approx(0.8884, abs=5e-4)
    assert result.average_speed_of_answer == pytest.approx(7.84, abs=0.01)
    assert result.occupancy == pytest.approx(10 / 14)
    assert result.scheduled_agents == 20


def test_the_occupancy_cap_adds_agents_the_service_level_alone_would_not():
    loose = erlang.staffing(erlang.Demand(contacts=1000, target_service_level=0.5))
    capped = erlang.staffing(
        erlang.Demand(contacts=1000, target_service_level=0.5, max_occupancy=0.8)
    )

    assert loose.occupancy > 0.8
    assert capped.occupancy <= 0.8 and capped.raw_agents > loose.raw_agents


def test_chats_count_with_their_concurrency():
    one_at_a_time = erlang.staffing(erlang.Demand(contacts=90, handling_seconds=600))
    three_at_once = erlang.staffing(erlang.Demand(contacts=90, handling_seconds=600, concurrency=3))

    assert one_at_a_time.traffic_erlangs == pytest.approx(30.0)
    assert three_at_once.traffic_erlangs == pytest.approx(10.0)
    assert three_at_once.raw_agents < one_at_a_time.raw_agents


def test_no_contacts_need_nobody():
    result = erlang.staffing(erlang.Demand(contacts=0))

    assert (result.raw_agents, result.scheduled_agents, result.service_level) == (0, 0, 1.0)


# --- the API -----------------------------------------------------------------------------------

URL = "/api/v1/staffing/erlang-c/"


@pytest.mark.django_db
def test_a_supervisor_gets_the_staffing_of_an_interval(client_for, supervisor):
    response = client_for(supervisor).post(URL, {"contacts": 100}, format="json")

    assert response.status_code == 200
    body = response.json()
    (interval,) = body["intervals"]
    assert interval["raw_agents"] == 14 and interval["scheduled_agents"] == 20
    assert round(interval["service_level"], 3) == 0.888
    assert body["peak_scheduled_agents"] == 20
    assert body["scheduled_agent_hours"] == 10.0  # 20 people for half an hour


@pytest.mark.django_db
def test_a_day_of_half_hours_in_one_call(client_for, manager):
    series = [0, 20, 100, 250, 100]

    response = client_for(manager).post(
        URL, {"series": series, "handling_seconds": 240, "shrinkage": 0.25}, format="json"
    )

    assert response.status_code == 200
    intervals = response.json()["intervals"]
    assert [i["contacts"] for i in intervals] == series
    assert intervals[0]["scheduled_agents"] == 0
    assert response.json()["peak_scheduled_agents"] == intervals[3]["scheduled_agents"]
    assert intervals[3]["raw_agents"] > intervals[2]["raw_agents"] > intervals[1]["raw_agents"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "contacts"),
        ({"contacts": 10, "series": [10]}, "contacts"),
        ({"series": []}, "series"),
        ({"contacts": -1}, "contacts"),
        ({"contacts": 10, "target_service_level": 1}, "target_service_level"),
        ({"contacts": 10, "shrinkage": 0.95}, "shrinkage"),
        ({"contacts": 10, "handling_seconds": 0}, "handling_seconds"),
        ({"contacts": 10, "agents": 3}, "agents"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client_for, supervisor, body, field):
    response = client_for(supervisor).post(URL, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.django_db
def test_demand_beyond_the_calculator_is_a_clear_400(client_for, supervisor):
    response = client_for(supervisor).post(
        URL, {"contacts": 1_000_000, "handling_seconds": 3600}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "beyond_capacity"


@pytest.mark.django_db
def test_agents_do_not_plan_staffing(client_for, agent):
    response = client_for(agent).post(URL, {"contacts": 100}, format="json")

    assert response.status_code == 403
