"""Ticket fixtures: tickets made through the service, sample files, and a database snapshot."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from helpdesk.accounts.models import User
from helpdesk.queues.models import WorkItem, WorkItemEvent, WorkItemLink
from helpdesk.tickets import services
from helpdesk.tickets.models import Attachment, Ticket, TicketMessage

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
TEXT = b"Order 42 was charged twice.\n"


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("log.txt", "hello")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str | None = None) -> SimpleUploadedFile:
    """A file as a browser would send it (``content_type`` None: application/octet-stream)."""
    return SimpleUploadedFile(
        name, content, content_type=content_type or "application/octet-stream"
    )


def png(name="screenshot.png"):
    return upload(name, PNG, "image/png")


def pdf(name="invoice.pdf"):
    return upload(name, PDF, "application/pdf")


def fresh(user) -> User:
    """The user as a new request would load them (no cached roles or queues)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Each test writes attachments to its own directory (so "no file on disk" is checkable)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_on_disk(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def as_user(client_for):
    """``as_user(user)``: an API client for a freshly loaded ``user``."""

    def make(user):
        return client_for(fresh(user))

    return make


@pytest.fixture
def make_ticket(queue, manager):
    """``make_ticket(**kwargs)``: a ticket opened through the service (by a manager by default)."""

    def make(*, actor=None, queue=queue, subject="Card not charged", body="Please help.", **kw):
        ticket = services.ticket_create(
            actor=fresh(actor or manager), queue_id=queue.pk, subject=subject, body=body, **kw
        )
        return WorkItem.objects.get(pk=ticket.pk)

    return make


def set_status(item: WorkItem, status: str) -> WorkItem:
    """Put a ticket straight into ``status`` (test set-up, no lifecycle rules)."""
    WorkItem.objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()
    return item


@pytest.fixture
def snapshot(media_root):
    """``snapshot()``: what a refused request must leave unchanged."""

    def take():
        return {
            "items": list(
                WorkItem.objects.order_by("pk").values_list(
                    "pk", "status", "first_response_at", "queue_id", "updated_at"
                )
            ),
            "tickets": list(Ticket.objects.order_by("pk").values_list("pk", "merged_into_id")),
            "messages": list(TicketMessage.objects.order_by("pk").values_list("pk", "ticket_id")),
            "attachments": list(Attachment.objects.order_by("pk").values_list("pk", "ticket_id")),
            "events": WorkItemEvent.objects.count(),
            "links": WorkItemLink.objects.count(),
            "files": files_on_disk(media_root) if media_root.exists() else [],
        }

    return take
