"""Remedies carried out when the customer is told; sending back; appeals (to the handler, or
straight to a manager)."""

import pytest
from django.core import mail

from helpdesk.complaints import services
from helpdesk.complaints.models import ComplaintStep, Evidence, Remedy

from .conftest import drive, fresh, reload, with_findings

pytestmark = pytest.mark.django_db


def investigated(open_complaint, handler, **kwargs):
    complaint = open_complaint(**kwargs)
    services.complaint_investigate(actor=fresh(handler), complaint_id=complaint.pk)
    with_findings(complaint, handler)
    return complaint


def approve_and_inform(complaint, handler, manager, resolution="Sorry; see the remedies."):
    services.complaint_propose(
        actor=fresh(handler), complaint_id=complaint.pk, resolution=resolution
    )
    services.complaint_approve(
        actor=fresh(manager), complaint_id=complaint.pk, confirm_above_threshold=True
    )
    services.complaint_inform(actor=fresh(handler), complaint_id=complaint.pk)


def test_each_remedy_is_carried_out_or_recorded_when_the_customer_is_told(
    open_complaint, handler, manager, customer, make_order
):
    from orders.models import Refund

    failed, delivered, partly = (
        make_order(customer, status="failed"),
        make_order(customer, status="succeeded"),
        make_order(customer, status="failed"),
    )
    complaint = investigated(open_complaint, handler)
    h = fresh(handler)
    full = services.remedy_add(
        actor=h, complaint_id=complaint.pk, kind="refund", order_id=failed.pk
    )
    goodwill = services.remedy_add(
        actor=h, complaint_id=complaint.pk, kind="refund", order_id=delivered.pk
    )
    part = services.remedy_add(
        actor=h, complaint_id=complaint.pk, kind="refund", order_id=partly.pk, amount_fen=1000
    )
    money = services.remedy_add(
        actor=h, complaint_id=complaint.pk, kind="compensation", amount_fen=500
    )
    sorry = services.remedy_add(actor=h, complaint_id=complaint.pk, kind="apology")
    dropped = services.remedy_add(
        actor=h, complaint_id=complaint.pk, kind="other", description="A free top-up"
    )
    services.remedy_withdraw(actor=h, complaint_id=complaint.pk, remedy_id=dropped.pk)

    approve_and_inform(complaint, handler, manager)

    states = dict(Remedy.objects.values_list("pk", "state"))
    assert states == {
        full.pk: "executed",
        goodwill.pk: "recorded",
        part.pk: "recorded",
        money.pk: "recorded",
        sorry.pk: "executed",
        dropped.pk: "withdrawn",
    }
    failed.refresh_from_db(), delivered.refresh_from_db(), partly.refresh_from_db()
    assert (failed.status, delivered.status, partly.status) == ("refunded", "succeeded", "failed")
    assert list(Refund.objects.values_list("order_id", flat=True)) == [failed.pk]
    assert "Only failed orders" in Remedy.objects.get(pk=goodwill.pk).execution_note
    assert "whole orders" in Remedy.objects.get(pk=part.pk).execution_note
    inform = ComplaintStep.objects.get(complaint=complaint, action="inform")
    assert {r["remedy"] for r in inform.data["remedies"]} == {
        full.pk,
        goodwill.pk,
        part.pk,
        money.pk,
        sorry.pk,
    }


def test_a_refund_is_at_most_the_price_and_once_per_order(
    open_complaint, handler, customer, make_order, client_for
):
    order = make_order(customer, status="failed")
    complaint = investigated(open_complaint, handler)
    client = client_for(fresh(handler))
    url = f"/api/v1/complaints/{complaint.pk}/remedies/"

    too_much = client.post(
        url, {"kind": "refund", "order": order.pk, "amount_fen": order.price + 1}
    )
    first = client.post(url, {"kind": "refund", "order": order.pk})
    second = client.post(url, {"kind": "refund", "order": order.pk})
    no_amount = client.post(url, {"kind": "compensation"})

    assert too_much.json()["code"] == "refund_above_price"
    assert first.status_code == 201
    assert (second.status_code, second.json()["code"]) == (409, "refund_exists")
    assert no_amount.json()["code"] == "amount_required"
    assert list(reload(complaint).orders.all()) == [order]


def test_a_sent_back_resolution_is_reworked_and_proposed_again(
    open_complaint, handler, manager, django_capture_on_commit_callbacks
):
    complaint = investigated(open_complaint, handler)
    h = fresh(handler)
    small = services.remedy_add(
        actor=h, complaint_id=complaint.pk, kind="compensation", amount_fen=100
    )
    services.complaint_propose(actor=h, complaint_id=complaint.pk, resolution="Here is 1 yuan.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_send_back(
            actor=fresh(manager), complaint_id=complaint.pk, reason="One yuan is an insult."
        )

    assert reload(complaint).stage == "sent_back"
    assert [m.to for m in mail.outbox] == [[handler.email]]
    assert "One yuan is an insult." in mail.outbox[0].body
    services.remedy_withdraw(actor=h, complaint_id=complaint.pk, remedy_id=small.pk)
    services.remedy_add(actor=h, complaint_id=complaint.pk, kind="compensation", amount_fen=5000)
    services.complaint_propose(actor=h, complaint_id=complaint.pk, resolution="Here is 50 yuan.")
    services.complaint_approve(actor=fresh(manager), complaint_id=complaint.pk)
    complaint = reload(complaint)
    assert complaint.approved_resolution == "Here is 50 yuan."
    assert list(complaint.remedies.values_list("amount_fen", "state")) == [
        (100, "withdrawn"),
        (5000, "approved"),
    ]


def test_an_appeal_reopens_the_investigation_and_the_customer_hears_the_new_resolution(
    open_complaint, handler, manager, django_capture_on_commit_callbacks
):
    complaint = investigated(open_complaint, handler)
    approve_and_inform(complaint, handler, manager, resolution="We apologise.")
    services.complaint_close(actor=fresh(handler), complaint_id=complaint.pk)

    services.complaint_appeal(
        actor=fresh(handler), complaint_id=complaint.pk, reason="An apology is not enough."
    )

    complaint = reload(complaint)
    assert (complaint.stage, complaint.appeal_round, complaint.item.status) == (
        "investigating",
        1,
        "open",
    )
    assert complaint.outcome == ""
    services.complaint_update(
        actor=fresh(handler),
        complaint_id=complaint.pk,
        root_cause="product",
        attribution_note="Data bundle",
    )
    extra = services.remedy_add(
        actor=fresh(handler), complaint_id=complaint.pk, kind="compensation", amount_fen=2000
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_and_inform(complaint, handler, manager, resolution="We apologise and pay 20 yuan.")
    customer_mail = [m for m in mail.outbox if m.to == ["zhou.jie@example.com"]]
    assert [m.body for m in customer_mail] == ["We apologise and pay 20 yuan."]
    assert Remedy.objects.get(pk=extra.pk).appeal_round == 1
    told = Evidence.objects.filter(complaint=complaint, kind="customer_message").order_by("id")
    assert [e.body for e in told] == ["We apologise.", "We apologise and pay 20 yuan."]


def test_an_appeal_goes_straight_to_a_manager_who_upholds_the_resolution(
    open_complaint, handler, manager, appeal_policy, django_capture_on_commit_callbacks
):
    complaint = drive(open_complaint(), "informed", handler=handler, manager=manager)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_appeal(
            actor=fresh(handler), complaint_id=complaint.pk, reason="Wants more", to_manager=True
        )

    assert reload(complaint).stage == "appeal_review"
    assert [m.to for m in mail.outbox] == [[manager.email]]
    services.complaint_approve(actor=fresh(manager), complaint_id=complaint.pk, note="Upheld")
    step = ComplaintStep.objects.filter(complaint=complaint).latest("id")
    assert (step.action, step.from_stage, step.to_stage) == ("approve", "appeal_review", "approved")
    assert step.data["upheld_on_appeal"] is True and step.reason == "Upheld"


def test_the_customer_without_an_address_is_told_on_record_only(
    open_complaint, handler, manager, other_customer, django_capture_on_commit_callbacks
):
    complaint = investigated(open_complaint, handler, customer_id=other_customer.pk)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approve_and_inform(complaint, handler, manager, resolution="Explained.")

    assert {tuple(m.to) for m in mail.outbox} <= {(manager.email,), (handler.email,)}
    told = Evidence.objects.get(complaint=complaint, kind="customer_message")
    assert (told.body, told.data) == ("Explained.", {"channel": "record", "to": ""})
