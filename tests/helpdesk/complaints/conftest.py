"""Complaint fixtures: the complaints queue and its people, a customer with orders, complaints
opened and driven through the services (never by writing rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk.accounts.models import User
from helpdesk.complaints import services
from helpdesk.complaints.models import Complaint, ComplaintStep, Evidence, Remedy, Stage
from helpdesk.customers.models import ContactKind
from helpdesk.queues.models import Category, WorkItem, WorkItemEvent, WorkItemLink
from helpdesk.sla.models import SlaPolicy
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    MembershipFactory,
    QueueFactory,
    UserFactory,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def fresh(user) -> User:
    """The user as a new request would load them (no cached roles or queues)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_on_disk(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def complaints_queue(db):
    return QueueFactory(name="Complaints", slug="complaints")


@pytest.fixture
def appeal_policy(complaints_queue):
    """The complaints queue's SLA: resolution within three days; appeals may go to a manager."""
    return SlaPolicy.objects.create(
        queue=complaints_queue, resolution_minutes=3 * 24 * 60, appeal_to_manager=True
    )


@pytest.fixture
def handler(complaints_queue):
    user = UserFactory(username="handler", roles=["complaint_handler"])
    MembershipFactory(queue=complaints_queue, user=user, role="complaint_handler")
    return user


@pytest.fixture
def handler2(complaints_queue):
    user = UserFactory(username="handler2", roles=["complaint_handler"])
    MembershipFactory(queue=complaints_queue, user=user, role="complaint_handler")
    return user


@pytest.fixture
def lead(complaints_queue):
    """A supervisor who leads the complaints queue."""
    user = UserFactory(username="lead", roles=["supervisor"])
    MembershipFactory(queue=complaints_queue, user=user, role="supervisor", accepts_routing=False)
    return user


@pytest.fixture
def order_handler(db):
    return UserFactory(username="orders", roles=["order_handler"])


@pytest.fixture
def customer(db):
    customer = CustomerFactory(name="Zhou Jie")
    ContactFactory(customer=customer, kind=ContactKind.EMAIL, value="zhou.jie@example.com")
    return customer


@pytest.fixture
def other_customer(db):
    return CustomerFactory(name="Wu Fang")


@pytest.fixture
def category(complaints_queue):
    return Category.objects.create(queue=complaints_queue, name="Late credit")


@pytest.fixture
def channel(db):
    from orders.models import SupplierChannel

    return SupplierChannel.objects.create(
        name="alpha", base_url="http://127.0.0.1:1", merchant="m", secret="s"
    )


@pytest.fixture
def product(db):
    from orders.models import Product

    return Product.objects.create(
        operator="china_mobile",
        kind="airtime",
        name="Mobile 50",
        code="mobile-50",
        face_value=5000,
        price=4980,
    )


@pytest.fixture
def make_order(product):
    counter = iter(range(1, 10_000))

    def make(customer, *, status="succeeded", channel=None):
        from orders.models import Order

        return Order.objects.create(
            reference=f"R20261201TEST{next(counter):05d}",
            customer=customer,
            account="+8613800138000",
            product=product,
            amount=product.face_value,
            price=product.price,
            status=status,
            channel=channel,
        )

    return make


@pytest.fixture
def open_complaint(complaints_queue, manager, customer):
    """``open_complaint(**kwargs)``: a complaint opened directly (by a manager by default)."""

    def make(*, actor=None, **kwargs):
        kwargs.setdefault("subject", "Top-up never arrived")
        kwargs.setdefault("description", "I paid 49.80 and the credit never came.")
        kwargs.setdefault("customer_id", customer.pk)
        complaint = services.complaint_open(actor=fresh(actor or manager), **kwargs)
        return Complaint.objects.select_related("item").get(pk=complaint.pk)

    return make


def reload(complaint) -> Complaint:
    return Complaint.objects.select_related("item").get(pk=complaint.pk)


def with_findings(complaint, actor):
    services.complaint_update(
        actor=fresh(actor),
        complaint_id=complaint.pk,
        root_cause="process",
        attribution_note="Refund approvals wait for the weekly batch",
    )


def drive(complaint, stage: str, *, handler, manager) -> Complaint:
    """Move a received complaint to ``stage`` through the services, as people would."""
    h, m = fresh(handler), fresh(manager)
    path = {
        Stage.RECEIVED: [],
        Stage.INVESTIGATING: ["investigate"],
        Stage.PROPOSED: ["investigate", "propose"],
        Stage.SENT_BACK: ["investigate", "propose", "send_back"],
        Stage.APPROVED: ["investigate", "propose", "approve"],
        Stage.INFORMED: ["investigate", "propose", "approve", "inform"],
        Stage.APPEAL_REVIEW: ["investigate", "propose", "approve", "inform", "appeal_up"],
        Stage.CLOSED: ["investigate", "propose", "approve", "inform", "close"],
    }[stage]
    for step in path:
        cid = complaint.pk
        if step == "investigate":
            services.complaint_investigate(actor=h, complaint_id=cid)
            with_findings(complaint, handler)
        elif step == "propose":
            services.complaint_propose(
                actor=h, complaint_id=cid, resolution="We refund the order and apologise."
            )
        elif step == "send_back":
            services.complaint_send_back(actor=m, complaint_id=cid, reason="Refund too little")
        elif step == "approve":
            services.complaint_approve(actor=m, complaint_id=cid)
        elif step == "inform":
            services.complaint_inform(actor=h, complaint_id=cid)
        elif step == "appeal_up":
            services.complaint_appeal(
                actor=h, complaint_id=cid, reason="Customer disagrees", to_manager=True
            )
        elif step == "close":
            services.complaint_close(actor=h, complaint_id=cid)
    complaint = reload(complaint)
    assert complaint.stage == stage
    return complaint


@pytest.fixture
def snapshot(media_root):
    """``snapshot()``: what a refused request must leave unchanged."""

    def take():
        from orders.models import Order, Refund

        return {
            "complaints": list(
                Complaint.objects.order_by("pk").values_list(
                    "pk",
                    "stage",
                    "root_cause",
                    "resolution",
                    "approved_resolution",
                    "approved_by",
                    "informed_at",
                    "outcome",
                )
            ),
            "items": list(
                WorkItem.objects.order_by("pk").values_list("pk", "status", "updated_at")
            ),
            "steps": ComplaintStep.objects.count(),
            "evidence": Evidence.objects.count(),
            "remedies": list(Remedy.objects.order_by("pk").values_list("pk", "state")),
            "events": WorkItemEvent.objects.count(),
            "links": WorkItemLink.objects.count(),
            "orders": list(Order.objects.order_by("pk").values_list("pk", "status")),
            "refunds": Refund.objects.count(),
            "files": files_on_disk(media_root) if media_root.exists() else [],
        }

    return take
