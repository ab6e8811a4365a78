"""Attachments: limits, the type check, upload and download."""

import hashlib

import pytest

from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import EventVerb, WorkItemEvent
from helpdesk.tickets.attachments import attachment_check, clean_filename
from helpdesk.tickets.models import Attachment

from .conftest import JPEG, PDF, PNG, TEXT, files_on_disk, pdf, png, set_status, upload, zip_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(item):
    return f"/api/v1/tickets/{item.pk}/attachments/"


# --- the check ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "declared", "stored_type"),
    [
        ("photo.png", PNG, "image/png", "image/png"),
        ("photo.JPG", JPEG, "image/jpeg", "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpg", "image/jpeg"),  # a common alias
        ("invoice.pdf", PDF, "application/pdf", "application/pdf"),
        ("invoice.pdf", PDF, "application/octet-stream", "application/pdf"),  # client unsure
        ("logs.zip", zip_bytes(), "application/x-zip-compressed", "application/zip"),
        ("letter.docx", zip_bytes(), DOCX, DOCX),
        ("notes.txt", TEXT, "text/plain", "text/plain"),
        ("orders.csv", b"id,amount\n1,10\n", "application/vnd.ms-excel", "text/csv"),
        ("订单.csv", "编号,金额\n".encode("gbk"), "text/csv", "text/csv"),
    ],
)
def test_an_allowed_file_passes_with_its_type_hash_and_size(name, content, declared, stored_type):
    checked = attachment_check(upload(name, content, declared))

    assert checked.content_type == stored_type
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.filename == name


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("run.exe", b"MZ\x90\x00\x03", "application/octet-stream"),  # type not allowed
        ("page.html", b"<script>alert(1)</script>", "text/html"),
        ("vector.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
        ("no-extension", PNG, "image/png"),
        ("photo.png", PNG, "application/pdf"),  # declared type disagrees with the name
        ("photo.png", PDF, "image/png"),  # content disagrees with the name
        ("invoice.pdf", b"MZ\x90\x00\x03\x00", "application/pdf"),  # an executable renamed
        ("notes.txt", PNG, "text/plain"),  # binary content named as text
        ("notes.txt", PDF, "text/plain"),  # a PDF named as text
        ("letter.docx", PDF, DOCX),  # not a zip container
        ("photo.jpg", PNG, "image/jpeg"),  # one image type disguised as another
    ],
)
def test_a_forbidden_or_disguised_file_is_refused(settings, name, content, declared):
    with pytest.raises(ServiceError) as refused:
        attachment_check(upload(name, content, declared))

    assert refused.value.code == "attachment_type_forbidden"
    assert refused.value.status_code == 415


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 10

    with pytest.raises(ServiceError) as refused:
        attachment_check(upload("notes.txt", b"x" * 11, "text/plain"))

    assert refused.value.code == "attachment_too_large"
    assert refused.value.status_code == 413


def test_a_file_at_the_size_limit_passes(settings):
    settings.ATTACHMENT_MAX_BYTES = 10

    assert attachment_check(upload("notes.txt", b"x" * 10, "text/plain")).size == 10


def test_the_allowed_types_are_a_setting(settings):
    settings.ATTACHMENT_ALLOWED_TYPES = ["application/pdf"]

    with pytest.raises(ServiceError) as refused:
        attachment_check(png())

    assert refused.value.code == "attachment_type_forbidden"
    assert attachment_check(pdf()).content_type == "application/pdf"


def test_an_empty_file_is_refused():
    with pytest.raises(ServiceError) as refused:
        attachment_check(upload("notes.txt", b"", "text/plain"))

    assert refused.value.code == "attachment_empty"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\li\\report.pdf", "report.pdf"),
        ("bad\x00name\n.txt", "badname.txt"),
        (".hidden.txt", "hidden.txt"),
        ("", "attachment"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_file_names_lose_paths_and_control_characters(raw, clean):
    assert clean_filename(raw) == clean


# --- upload --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_files_are_attached_to_the_ticket(as_user, agent, make_ticket, media_root):
    item = make_ticket()

    response = as_user(agent).post(url(item), {"attachments": [png(), pdf()]}, format="multipart")

    assert response.status_code == 201, response.json()
    rows = response.json()
    assert [(r["filename"], r["message"], r["size"]) for r in rows] == [
        ("screenshot.png", None, len(PNG)),
        ("invoice.pdf", None, len(PDF)),
    ]
    assert rows[0]["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert len(files_on_disk(media_root)) == 2
    [event] = WorkItemEvent.objects.filter(item=item, verb=EventVerb.ATTACHED)
    assert event.data["attachments"] == [r["id"] for r in rows]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("files", "status", "code"),
    [
        ([upload("big.txt", b"a" * 2001, "text/plain")], 413, "attachment_too_large"),
        ([png(), upload("run.exe", b"MZ\x90\x00")], 415, "attachment_type_forbidden"),
        ([upload("photo.png", PDF, "image/png")], 415, "attachment_type_forbidden"),
        ([upload("photo.png", PNG, "application/pdf")], 415, "attachment_type_forbidden"),
    ],
)
def test_a_refused_upload_writes_no_row_and_no_file(
    as_user, agent, make_ticket, snapshot, settings, files, status, code
):
    settings.ATTACHMENT_MAX_BYTES = 2000
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(url(item), {"attachments": files}, format="multipart")

    assert response.status_code == status
    assert response.json()["code"] == code
    assert "attachments" in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_an_upload_without_files_is_a_field_error(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(url(item), {}, format="multipart")

    assert response.status_code == 400
    assert "attachments" in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_more_files_than_the_limit_are_refused(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(
        url(item), {"attachments": [png(f"{i}.png") for i in range(11)]}, format="multipart"
    )

    assert response.status_code == 400
    assert "attachments" in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_closed_ticket_takes_no_files(as_user, agent, make_ticket, snapshot):
    item = set_status(make_ticket(), "closed")
    before = snapshot()

    response = as_user(agent).post(url(item), {"attachments": [png()]}, format="multipart")

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_closed"
    assert snapshot() == before


# --- download ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_download_is_the_file_as_an_attachment_never_sniffed(as_user, agent, make_ticket):
    item = make_ticket(attachments=[pdf("Invoice March.pdf")])
    attachment = Attachment.objects.get(ticket_id=item.pk)

    response = as_user(agent).get(f"/api/v1/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Invoice March.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(PDF))


@pytest.mark.django_db
def test_a_download_ignores_what_the_client_accepts(as_user, agent, make_ticket):
    item = make_ticket(attachments=[png()])
    attachment = Attachment.objects.get(ticket_id=item.pk)

    response = as_user(agent).get(f"/api/v1/attachments/{attachment.pk}/", HTTP_ACCEPT="image/png")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG


@pytest.mark.django_db
def test_a_non_ascii_file_name_survives_the_download(as_user, agent, make_ticket):
    item = make_ticket(attachments=[upload("发票.pdf", PDF, "application/pdf")])
    attachment = Attachment.objects.get(ticket_id=item.pk)

    response = as_user(agent).get(f"/api/v1/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert "filename*=utf-8''%E5%8F%91%E7%A5%A8.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_someone_outside_the_queue_cannot_download(as_user, outsider, make_ticket):
    item = make_ticket(attachments=[png()])
    attachment = Attachment.objects.get(ticket_id=item.pk)

    response = as_user(outsider).get(f"/api/v1/attachments/{attachment.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_an_unknown_attachment_is_not_found(as_user, agent):
    response = as_user(agent).get("/api/v1/attachments/987654/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_file_missing_on_disk_is_not_found(as_user, agent, make_ticket, media_root):
    item = make_ticket(attachments=[png()])
    attachment = Attachment.objects.get(ticket_id=item.pk)
    (media_root / attachment.file.name).unlink()

    response = as_user(agent).get(f"/api/v1/attachments/{attachment.pk}/")

    assert response.status_code == 404
