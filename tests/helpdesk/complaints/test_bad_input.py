"""Bad input: a 4xx in the shared error shape naming the rule, and nothing changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from helpdesk.common.errors import ServiceError
from helpdesk.complaints import services

from .conftest import PNG, drive, fresh

pytestmark = pytest.mark.django_db


def assert_refused(response, status, code, snapshot, before, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"]
    if field is not None:
        assert field in body["fields"]
    assert snapshot() == before


def test_proposing_without_a_root_cause_is_refused(open_complaint, handler, client_for, snapshot):
    complaint = open_complaint()
    services.complaint_investigate(actor=fresh(handler), complaint_id=complaint.pk)
    before = snapshot()

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/propose/", {"resolution": "Sorry, refunded."}
    )

    assert_refused(response, 400, "root_cause_required", snapshot, before, "root_cause")


@pytest.mark.parametrize(
    ("root_cause", "field"),
    [
        ("agent_conduct", "attributed_agent"),
        ("supplier_channel", "attributed_channel"),
        ("process", "attribution_note"),
        ("product", "attribution_note"),
        ("other", "attribution_note"),
    ],
)
def test_proposing_without_the_attribution_its_root_cause_needs_is_refused(
    root_cause, field, open_complaint, handler, client_for, snapshot
):
    complaint = open_complaint()
    services.complaint_investigate(actor=fresh(handler), complaint_id=complaint.pk)
    services.complaint_update(
        actor=fresh(handler), complaint_id=complaint.pk, root_cause=root_cause
    )
    before = snapshot()

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/propose/", {"resolution": "Sorry, refunded."}
    )

    assert_refused(response, 400, "attribution_required", snapshot, before, field)


def test_a_customer_misunderstanding_needs_no_further_attribution(
    open_complaint, handler, client_for
):
    complaint = open_complaint()
    services.complaint_investigate(actor=fresh(handler), complaint_id=complaint.pk)
    services.complaint_update(
        actor=fresh(handler), complaint_id=complaint.pk, root_cause="customer_misunderstanding"
    )

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/propose/", {"resolution": "Explained the fee."}
    )

    assert response.status_code == 200


def test_approving_without_the_manager_role_is_refused(
    open_complaint, handler, manager, lead, client_for, snapshot
):
    complaint = drive(open_complaint(), "proposed", handler=handler, manager=manager)
    before = snapshot()

    response = client_for(fresh(lead)).post(f"/api/v1/complaints/{complaint.pk}/approve/", {})

    assert_refused(response, 403, "permission_denied", snapshot, before)
    # The service holds the rule too (for callers other than the API).
    with pytest.raises(ServiceError) as refused:
        services.complaint_approve(actor=fresh(lead), complaint_id=complaint.pk)
    assert (refused.value.code, refused.value.status_code) == ("manager_approval_required", 403)
    assert snapshot() == before


def test_informing_the_customer_before_approval_is_refused(
    open_complaint, handler, manager, client_for, snapshot
):
    complaint = drive(open_complaint(), "proposed", handler=handler, manager=manager)
    before = snapshot()

    response = client_for(fresh(handler)).post(f"/api/v1/complaints/{complaint.pk}/inform/", {})

    assert_refused(response, 409, "resolution_not_approved", snapshot, before)


def test_informing_says_nothing_but_the_approved_text(
    open_complaint, handler, manager, client_for, snapshot
):
    complaint = drive(open_complaint(), "approved", handler=handler, manager=manager)
    before = snapshot()

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/inform/", {"message": "Something else"}
    )

    assert_refused(response, 400, "unknown_field", snapshot, before, "message")


def test_closing_with_a_remedy_awaiting_approval_is_refused(
    open_complaint, handler, client_for, snapshot
):
    complaint = open_complaint()
    services.complaint_investigate(actor=fresh(handler), complaint_id=complaint.pk)
    services.remedy_add(
        actor=fresh(handler), complaint_id=complaint.pk, kind="compensation", amount_fen=1000
    )
    before = snapshot()

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/close/",
        {"outcome": "withdrawn", "reason": "The customer withdrew it."},
    )

    assert_refused(response, 409, "remedy_not_approved", snapshot, before)


def test_closing_a_proposal_with_its_remedy_unapproved_is_refused(
    open_complaint, handler, manager, client_for, snapshot
):
    complaint = open_complaint()
    services.complaint_investigate(actor=fresh(handler), complaint_id=complaint.pk)
    services.complaint_update(
        actor=fresh(handler), complaint_id=complaint.pk, root_cause="customer_misunderstanding"
    )
    services.remedy_add(actor=fresh(handler), complaint_id=complaint.pk, kind="apology")
    services.complaint_propose(actor=fresh(handler), complaint_id=complaint.pk, resolution="Sorry")
    before = snapshot()

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/close/", {"outcome": "withdrawn", "reason": "x"}
    )

    assert_refused(response, 409, "remedy_not_approved", snapshot, before)


def test_closing_an_approved_resolution_before_informing_is_refused(
    open_complaint, handler, manager, client_for, snapshot
):
    complaint = drive(open_complaint(), "approved", handler=handler, manager=manager)
    before = snapshot()

    response = client_for(fresh(handler)).post(f"/api/v1/complaints/{complaint.pk}/close/", {})

    assert_refused(response, 409, "customer_not_informed", snapshot, before)


def test_a_refund_of_another_customers_order_is_refused(
    open_complaint, handler, other_customer, make_order, client_for, snapshot
):
    complaint = open_complaint()
    services.complaint_investigate(actor=fresh(handler), complaint_id=complaint.pk)
    foreign = make_order(other_customer, status="failed")
    before = snapshot()

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/remedies/", {"kind": "refund", "order": foreign.pk}
    )

    assert_refused(response, 400, "order_not_customers", snapshot, before, "order")


def test_linking_another_customers_order_is_refused(
    open_complaint, handler, other_customer, make_order, client_for, snapshot
):
    complaint = open_complaint()
    foreign = make_order(other_customer)
    before = snapshot()

    patch = client_for(fresh(handler)).patch(
        f"/api/v1/complaints/{complaint.pk}/", {"orders": [foreign.pk]}
    )
    assert_refused(patch, 400, "order_not_customers", snapshot, before, "orders")
    link = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/links/", {"order": foreign.pk}
    )
    assert_refused(link, 400, "order_not_customers", snapshot, before, "order")


def test_a_large_amount_needs_the_managers_explicit_confirmation(
    open_complaint, handler, manager, client_for, snapshot, settings
):
    settings.COMPLAINTS_APPROVAL_THRESHOLD_FEN = 10_000
    complaint = open_complaint()
    services.complaint_investigate(actor=fresh(handler), complaint_id=complaint.pk)
    services.complaint_update(
        actor=fresh(handler), complaint_id=complaint.pk, root_cause="process", attribution_note="x"
    )
    big = services.remedy_add(
        actor=fresh(handler), complaint_id=complaint.pk, kind="compensation", amount_fen=10_001
    )
    services.complaint_propose(actor=fresh(handler), complaint_id=complaint.pk, resolution="We pay")
    before = snapshot()
    url = f"/api/v1/complaints/{complaint.pk}/approve/"

    response = client_for(fresh(manager)).post(url, {})

    assert_refused(response, 400, "amount_confirmation_required", snapshot, before, "remedies")
    assert response.json()["fields"]["remedies"] == [str(big.pk)]
    response = client_for(fresh(manager)).post(url, {"confirm_above_threshold": True})
    assert response.status_code == 200
    step = response.json()["steps"][-1]
    assert step["data"]["above_threshold"] == [{"remedy": big.pk, "amount_fen": 10_001}]
    assert step["data"]["confirmed_above_threshold"] is True
    assert step["data"]["threshold_fen"] == 10_000


def test_findings_and_remedies_are_locked_once_proposed(
    open_complaint, handler, manager, client_for, snapshot
):
    complaint = drive(open_complaint(), "proposed", handler=handler, manager=manager)
    before = snapshot()
    client = client_for(fresh(handler))

    patch = client.patch(f"/api/v1/complaints/{complaint.pk}/", {"root_cause": "product"})
    remedy = client.post(f"/api/v1/complaints/{complaint.pk}/remedies/", {"kind": "apology"})

    assert_refused(patch, 409, "resolution_locked", snapshot, before)
    assert_refused(remedy, 409, "resolution_locked", snapshot, before)


def test_sending_back_and_appealing_need_a_reason(
    open_complaint, handler, manager, client_for, snapshot
):
    proposed = drive(open_complaint(), "proposed", handler=handler, manager=manager)
    informed = drive(open_complaint(), "informed", handler=handler, manager=manager)
    before = snapshot()

    back = client_for(fresh(manager)).post(
        f"/api/v1/complaints/{proposed.pk}/send-back/", {"reason": "  "}
    )
    appeal = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{informed.pk}/appeal/", {"reason": ""}
    )

    assert_refused(back, 400, "reason_required", snapshot, before, "reason")
    assert_refused(appeal, 400, "reason_required", snapshot, before, "reason")


def test_an_appeal_goes_straight_up_only_when_the_policy_says_so(
    open_complaint, handler, manager, client_for, snapshot
):
    complaint = drive(open_complaint(), "informed", handler=handler, manager=manager)
    before = snapshot()

    response = client_for(fresh(handler)).post(
        f"/api/v1/complaints/{complaint.pk}/appeal/",
        {"reason": "Still unhappy", "to_manager": True},
    )

    assert_refused(response, 409, "appeal_not_allowed", snapshot, before)


def test_a_refused_upload_writes_no_file(open_complaint, handler, client_for, snapshot, settings):
    complaint = open_complaint()
    before = snapshot()
    client = client_for(fresh(handler))
    url = f"/api/v1/complaints/{complaint.pk}/attachments/"

    bad_type = client.post(
        url,
        {"attachments": [SimpleUploadedFile("run.exe", b"MZ\x00\x00", "application/octet-stream")]},
        format="multipart",
    )
    fake_png = client.post(
        url,
        {
            "attachments": [
                SimpleUploadedFile("ok.png", PNG, "image/png"),
                SimpleUploadedFile("lie.png", b"%PDF-1.4 not an image", "image/png"),
            ]
        },
        format="multipart",
    )
    settings.ATTACHMENT_MAX_BYTES = 10
    too_big = client.post(
        url, {"attachments": [SimpleUploadedFile("a.png", PNG, "image/png")]}, format="multipart"
    )

    assert_refused(bad_type, 415, "attachment_type_forbidden", snapshot, before, "attachments")
    assert_refused(fake_png, 415, "attachment_type_forbidden", snapshot, before, "attachments")
    assert_refused(too_big, 413, "attachment_too_large", snapshot, before, "attachments")


def test_opening_needs_a_customer_and_a_known_source(
    client_for, manager, agent, complaints_queue, snapshot
):
    before = snapshot()
    client = client_for(fresh(manager))

    no_customer = client.post("/api/v1/complaints/", {"subject": "Rude", "description": "x"})
    no_source = client.post("/api/v1/complaints/", {"source_item": 987654})
    two_sources = client.post("/api/v1/complaints/", {"source_item": 1, "source_order": 1})

    assert_refused(no_customer, 400, "customer_required", snapshot, before, "customer")
    assert_refused(no_source, 400, "source_not_found", snapshot, before, "source_item")
    assert_refused(two_sources, 400, "one_source", snapshot, before)
