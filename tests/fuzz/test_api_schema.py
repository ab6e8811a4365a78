"""API fuzzing: every operation of ``/api/schema/`` with generated requests (schemathesis).

The schema is loaded from the app itself and each operation becomes one test, which sends a
bounded number of generated requests through Django's WSGI handler in this process. Checked on
every response: no 5xx, the status code is documented, the content type is documented, and the
body matches the documented schema (errors included: the shared ``{"code","message","fields"}``).

Why WSGI in this process (not ``live_server``, not ASGI): the requests then run on the test's own
database connection, inside its transaction, so the demo data seeded below is visible and every
operation's writes are rolled back after it; no server thread, no port. The API's views are plain
Django views (the ASGI app only adds websockets), so nothing is left out. Requests go through the
real middleware stack, session authentication included, with CSRF enforced (unlike Django's test
client): the manager's requests carry the session cookie, a CSRF cookie and the matching
``X-CSRFToken`` header, as the browser app sends them.

Bounds for CI: ``MAX_EXAMPLES`` generated requests per operation and user, derandomized
(the same requests on every run). ``FUZZ_EXAMPLES=200 pytest tests/fuzz`` fuzzes deeper.
"""

from __future__ import annotations

import os
import secrets

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import UserFactory

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# Anonymous: only the operations the schema says need no sign-in.
public_schema = schema.include(
    lambda ctx: {} in (ctx.operation.definition.raw.get("security") or [{}])
)

FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo data (queues, people, tickets, calls, complaints, SLA, shifts), once a module.

    Seeded in a transaction rolled back at the end of the module; each operation's test runs in
    a savepoint inside it, so what one operation writes is gone before the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        manager = UserFactory(username="fuzz-manager", roles=["manager"])
        yield {"manager": manager, "ids": _real_ids()}
        transaction.set_rollback(True)


def _real_ids() -> dict[str, list[int]]:
    """Ids of seeded rows by path-parameter name, so paths reach real objects (and 404s)."""
    from django.apps import apps

    wanted = {
        "item_id": "queues.WorkItem",
        "target_id": "queues.WorkItem",
        "queue_id": "queues.Queue",
        "ticket_id": "tickets.Ticket",
        "customer_id": "customers.Customer",
        "contact_id": "customers.CustomerContact",
        "canned_id": "queues.CannedResponse",
        "user_id": "accounts.User",
        "agent_id": "accounts.User",
        "call_id": "hotline.Call",
        "ringback_id": "hotline.RingBack",
        "complaint_id": "complaints.Complaint",
        "remedy_id": "complaints.Remedy",
        "evidence_id": "complaints.Evidence",
        "calendar_id": "sla.BusinessCalendar",
        "day_id": "sla.SpecialDay",
        "policy_id": "sla.SlaPolicy",
        "chain_id": "sla.EscalationChain",
        "run_id": "sla.EscalationRun",
        "escalation_id": "sla.Escalation",
        "period_id": "shifts.RosterPeriod",
        "build_id": "shifts.RosterBuild",
        "leave_id": "shifts.LeaveRequest",
        "swap_id": "shifts.ShiftSwap",
        "preference_id": "shifts.Preference",
        "action_id": "quality.CorrectiveAction",
        "review_id": "quality.Review",
        "conversation_id": "chat.Conversation",
        "message_id": "chat.ChatMessage",
        "order_id": "orders.Order",
        "channel_id": "orders.SupplierChannel",
    }
    out: dict[str, list[int]] = {}
    for name, label in wanted.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        out[name] = list(model.objects.order_by("pk").values_list("pk", flat=True)[:3])
    return out


@pytest.fixture
def wsgi_requests(seeded, db):
    """Requests through the WSGI handler keep the test's connection (as Django's test client)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield seeded
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _manager_credentials(user) -> tuple[dict, dict]:
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked CSRF secret
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    return cookies, {"X-CSRFToken": csrf}


def _use_real_ids(case, data, ids) -> None:
    for name in list(case.path_parameters or {}):
        real = ids.get(name)
        if real and data.draw(st.booleans(), label=f"real {name}"):
            case.path_parameters[name] = data.draw(st.sampled_from(real), label=name)


@schema.parametrize()
@schema.given(data=st.data())
@FUZZ_SETTINGS
def test_as_a_manager(case, data, wsgi_requests):
    _use_real_ids(case, data, wsgi_requests["ids"])
    cookies, headers = _manager_credentials(wsgi_requests["manager"])
    case.call_and_validate(cookies=cookies, headers=headers, checks=CHECKS)


@public_schema.parametrize()
@public_schema.given(data=st.data())
@FUZZ_SETTINGS
def test_anonymously(case, data, wsgi_requests):
    _use_real_ids(case, data, wsgi_requests["ids"])
    case.call_and_validate(checks=CHECKS)
