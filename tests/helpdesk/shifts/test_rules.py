"""A person's rostering rules (set by the leads of their queues) and their own shift wishes."""

from datetime import time

import pytest

from helpdesk.shifts.models import Preference, ShiftType, StaffProfile
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PREFS = "/api/v1/shifts/preferences/"


def rules(user):
    return f"/api/v1/shifts/people/{user.pk}/rules/"


@pytest.fixture
def shifts(db):
    day = ShiftType.objects.create(name="Day", code="D", start=time(8), minutes=480)
    night = ShiftType.objects.create(
        name="Night", code="N", start=time(22), minutes=600, is_night=True
    )
    return day, night


def test_a_person_reads_their_rules_which_start_from_the_defaults(client_for, agent):
    body = client_for(agent).get(rules(agent)).json()

    assert body == {
        "contracted_minutes_per_week": 2400,
        "hours_tolerance_percent": 10,
        "max_consecutive_days": 5,
        "max_shifts_per_week": 5,
        "unavailable_weekdays": [],
    }


def test_their_supervisor_sets_them(client_for, supervisor, agent, shifts):
    response = client_for(supervisor).put(
        rules(agent),
        {"contracted_minutes_per_week": 1200, "unavailable_weekdays": [6, 5, 6]},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["unavailable_weekdays"] == [5, 6]
    assert StaffProfile.objects.get(user=agent).contracted_minutes_per_week == 1200


def test_a_contract_the_shifts_cannot_give_is_refused(client_for, supervisor, agent, shifts):
    # At most 3 shifts a week of at most 10 hours cannot give 40 hours (36 with the 10 % band).
    response = client_for(supervisor).put(rules(agent), {"max_shifts_per_week": 3}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "contract_impossible"
    assert "contracted_minutes_per_week" in response.json()["fields"]
    assert not StaffProfile.objects.filter(user=agent).exists()


def test_being_away_most_of_the_week_counts_too(client_for, supervisor, agent, shifts):
    response = client_for(supervisor).put(
        rules(agent), {"unavailable_weekdays": [0, 1, 2, 3]}, format="json"
    )

    assert response.status_code == 400 and response.json()["code"] == "contract_impossible"


def test_others_neither_see_nor_set_a_persons_rules(client_for, agent, agent2, other_queue):
    stranger = UserFactory(roles=["supervisor"])
    MembershipFactory(queue=other_queue, user=stranger, role="supervisor")

    assert client_for(agent2).get(rules(agent)).status_code == 404
    assert client_for(stranger).get(rules(agent)).status_code == 404
    assert (
        client_for(stranger)
        .put(rules(agent), {"max_shifts_per_week": 4}, format="json")
        .status_code
        == 404
    )
    assert (
        client_for(agent).put(rules(agent), {"max_shifts_per_week": 4}, format="json").status_code
        == 403
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"unavailable_weekdays": [7]}, "unavailable_weekdays.0"),
        ({"max_consecutive_days": 0}, "max_consecutive_days"),
        ({"hours_tolerance_percent": 80}, "hours_tolerance_percent"),
    ],
)
def test_bad_rules_are_a_400_naming_the_field(client_for, supervisor, agent, body, field):
    response = client_for(supervisor).put(rules(agent), body, format="json")

    assert response.status_code == 400 and field in response.json()["fields"]


def test_a_person_keeps_their_own_wishes(client_for, agent, shifts):
    _day, night = shifts
    client = client_for(agent)

    avoid = client.post(
        PREFS, {"wish": "avoid", "shift_type": night.pk, "weight": 3}, format="json"
    )
    want = client.post(PREFS, {"wish": "want", "weekday": 5}, format="json")
    again = client.post(PREFS, {"wish": "want", "shift_type": night.pk}, format="json")

    assert (avoid.status_code, want.status_code, again.status_code) == (201, 201, 201)
    listed = client.get(PREFS).json()
    # The second wish about nights replaced the first.
    assert [(p["wish"], p["weekday"], p["shift_type"]) for p in listed] == [
        ("want", 5, None),
        ("want", None, night.pk),
    ]
    assert client.delete(f"{PREFS}{want.json()['id']}/").status_code == 204
    assert Preference.objects.filter(user=agent).count() == 1


def test_a_wish_must_name_a_weekday_or_a_shift_and_only_ones_own_can_go(client_for, agent, agent2):
    assert client_for(agent).post(PREFS, {"wish": "want"}, format="json").status_code == 400
    theirs = client_for(agent2).post(PREFS, {"wish": "want", "weekday": 1}, format="json").json()

    assert client_for(agent).delete(f"{PREFS}{theirs['id']}/").status_code == 404


def test_the_wish_list_costs_the_same_few_queries(client_for, agent, shifts):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(agent)
    for weekday in range(5):
        client.post(PREFS, {"wish": "avoid", "weekday": weekday}, format="json")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(PREFS)

    assert len(response.json()) == 5
    assert len(queries) == 4  # session, user, roles, wishes
