"""The workflow's allowed and forbidden transitions: every stage × every action, and every role
× every action (written out by hand: a change to the workflow must change this spec)."""

import pytest

from helpdesk.complaints.models import ComplaintStep, Stage
from helpdesk.queues import services as queue_services
from tests.factories import UserFactory

from .conftest import drive, fresh, reload

pytestmark = pytest.mark.django_db

ACTIONS = ["investigate", "propose", "approve", "send_back", "inform", "close", "appeal"]
MANAGER_ACTIONS = {"approve", "send_back"}

# (stage, action) -> the stage it leads to. Everything else is refused.
ALLOWED = {
    ("received", "investigate"): "investigating",
    ("received", "close"): "closed",
    ("investigating", "propose"): "proposed",
    ("investigating", "close"): "closed",
    ("sent_back", "investigate"): "investigating",
    ("sent_back", "propose"): "proposed",
    ("sent_back", "close"): "closed",
    ("proposed", "approve"): "approved",
    ("proposed", "send_back"): "sent_back",
    ("appeal_review", "approve"): "approved",
    ("appeal_review", "send_back"): "sent_back",
    ("approved", "inform"): "informed",
    ("informed", "close"): "closed",
    ("informed", "appeal"): "investigating",
    ("closed", "appeal"): "investigating",
}
# Refusals that name their rule; the rest are invalid_transition. All 409.
NAMED = {
    ("received", "inform"): "resolution_not_approved",
    ("investigating", "inform"): "resolution_not_approved",
    ("sent_back", "inform"): "resolution_not_approved",
    ("proposed", "inform"): "resolution_not_approved",
    ("appeal_review", "inform"): "resolution_not_approved",
    ("proposed", "close"): "resolution_not_approved",
    ("appeal_review", "close"): "resolution_not_approved",
    ("approved", "close"): "customer_not_informed",
}


def payload(stage: str, action: str) -> dict:
    if action == "propose":
        return {"resolution": "We apologise and refund the order."}
    if action in ("send_back", "appeal"):
        return {"reason": "The customer says the refund is too small."}
    if action == "close" and stage != "informed":
        return {"outcome": "withdrawn", "reason": "The customer withdrew it by phone."}
    return {}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("stage", Stage.values)
def test_each_stage_allows_exactly_its_moves(
    stage, action, open_complaint, handler, manager, appeal_policy, client_for
):
    complaint = drive(open_complaint(), stage, handler=handler, manager=manager)
    actor = manager if action in MANAGER_ACTIONS else handler
    steps_before = ComplaintStep.objects.count()

    response = client_for(fresh(actor)).post(
        f"/api/v1/complaints/{complaint.pk}/{action.replace('_', '-')}/", payload(stage, action)
    )

    expected = ALLOWED.get((stage, action))
    if expected is not None:
        assert response.status_code == 200, response.content
        assert response.json()["stage"] == expected
        assert reload(complaint).stage == expected
        step = ComplaintStep.objects.latest("id")
        assert (step.action, step.from_stage, step.to_stage, step.actor_id) == (
            action,
            stage,
            expected,
            actor.pk,
        )
    else:
        assert response.status_code == 409, response.content
        assert response.json()["code"] == NAMED.get((stage, action), "invalid_transition")
        assert reload(complaint).stage == stage
        assert ComplaintStep.objects.count() == steps_before


# For each action, a stage it is allowed from (the complaint held by ``handler``).
STAGE_FOR = {
    "investigate": "received",
    "propose": "investigating",
    "approve": "proposed",
    "send_back": "proposed",
    "inform": "approved",
    "close": "informed",
    "appeal": "informed",
}
ROLES = [
    "manager",
    "lead",
    "handler",
    "other_handler",
    "supervisor_elsewhere",
    "agent",
    "order_handler",
]
# role -> actions it may take on a complaint held by someone else. Managers decide and lead every
# queue; the queue's supervisor leads it but does not approve; the holder handles; another complaint
# handler may not take over a held complaint; agents and order handlers open complaints only.
MAY = {
    "manager": set(ACTIONS),
    "lead": set(ACTIONS) - MANAGER_ACTIONS,
    "handler": set(ACTIONS) - MANAGER_ACTIONS,
    "other_handler": set(),
    "supervisor_elsewhere": set(),
    "agent": set(),
    "order_handler": set(),
}
# Why a role is refused: no permission at all (403 permission_denied), or the object rule (a
# member of the queue who is not the complaint's holder: 403 not_handler; not in the queue: 404).
REFUSAL = {
    "lead": "permission_denied",
    "handler": "permission_denied",
    "other_handler": {"manager": "permission_denied", "handler": "not_handler"},
    "supervisor_elsewhere": {"manager": "permission_denied", "handler": "not_found"},
    "agent": "permission_denied",
    "order_handler": "permission_denied",
}


@pytest.fixture
def people(manager, lead, handler, handler2, agent, order_handler, queue):
    elsewhere = UserFactory(username="super2", roles=["supervisor"])
    return {
        "manager": manager,
        "lead": lead,
        "handler": handler,
        "other_handler": handler2,
        "supervisor_elsewhere": elsewhere,
        "agent": agent,
        "order_handler": order_handler,
    }


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_take_exactly_its_actions(
    role, action, people, open_complaint, handler, manager, lead, appeal_policy, client_for
):
    complaint = drive(open_complaint(), STAGE_FOR[action], handler=handler, manager=manager)
    if complaint.item.assignee_id is None:
        queue_services.workitem_assign(
            item_id=complaint.pk, assignee=fresh(handler), actor=fresh(lead), reason="yours"
        )
    stage = complaint.stage
    user = people[role]

    response = client_for(fresh(user)).post(
        f"/api/v1/complaints/{complaint.pk}/{action.replace('_', '-')}/", payload(stage, action)
    )

    if action in MAY[role]:
        assert response.status_code == 200, response.content
        assert reload(complaint).stage == ALLOWED[(stage, action)]
    else:
        refusal = REFUSAL[role]
        if isinstance(refusal, dict):
            refusal = refusal["manager" if action in MANAGER_ACTIONS else "handler"]
        assert response.status_code == (404 if refusal == "not_found" else 403), response.content
        assert response.json()["code"] == refusal
        assert reload(complaint).stage == stage


def test_a_refused_approval_names_the_manager_rule(
    open_complaint, handler, manager, lead, client_for
):
    complaint = drive(open_complaint(), "proposed", handler=handler, manager=manager)

    response = client_for(fresh(lead)).post(f"/api/v1/complaints/{complaint.pk}/approve/", {})

    assert response.status_code == 403
    assert "manager" in response.json()["message"]


def test_the_detail_offers_each_person_the_actions_they_may_take(
    open_complaint, handler, handler2, manager, lead, client_for
):
    complaint = drive(open_complaint(), "proposed", handler=handler, manager=manager)
    url = f"/api/v1/complaints/{complaint.pk}/"

    actions = {
        who: client_for(fresh(user)).get(url).json()["actions"]
        for who, user in (
            ("manager", manager),
            ("lead", lead),
            ("handler", handler),
            ("other", handler2),
        )
    }

    assert actions["manager"] == ["approve", "send_back", "edit", "add_evidence"]
    assert actions["lead"] == ["edit", "add_evidence"]
    assert actions["handler"] == ["edit", "add_evidence"]
    assert actions["other"] == ["add_evidence"]
