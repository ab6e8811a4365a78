"""Writes to customer files. Each service is atomic and writes an audit row with what changed.

Contacts are normalised before anything is written (phones to E.164, emails to lower case), so an
invalid contact refuses the whole request and leaves the file as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.accounts.roles import LEADS
from helpdesk.common.errors import Forbidden, NotFound, ServiceError

from .audit import audit_record
from .models import AuditAction, ContactKind, CreditStanding, Customer, CustomerContact
from .phone import InvalidEmail, InvalidPhone, normalise_email, normalise_phone
from .selectors import customer_get_for_user

User = get_user_model()


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()

# Fields of the file recorded with old and new values in the audit; notes only as "changed"
# (their text is in the file, which the audit reader may open).
_PLAIN_FIELDS = ("name", "company", "website", "credit_standing")


# --- contacts --------------------------------------------------------------------------------


def contact_normalise(*, kind: str, value: str, field: str) -> str:
    """``value`` normalised for its kind, or a 400 (``invalid_phone``/``invalid_email``)."""
    if kind == ContactKind.PHONE:
        try:
            return normalise_phone(value)
        except InvalidPhone:
            raise ServiceError(
                _("%(value)s is not a valid phone number.") % {"value": value},
                code="invalid_phone",
                fields={field: [_("Enter a valid phone number.")]},
            ) from None
    if kind == ContactKind.EMAIL:
        try:
            return normalise_email(value)
        except InvalidEmail:
            raise ServiceError(
                _("%(value)s is not a valid email address.") % {"value": value},
                code="invalid_email",
                fields={field: [_("Enter a valid email address.")]},
            ) from None
    raise ServiceError(code="invalid", fields={field: [_("Unknown contact kind.")]})


def _normalised_contacts(contacts: Iterable[dict], *, prefix: str) -> list[dict]:
    out: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for index, contact in enumerate(contacts):
        kind = contact["kind"]
        value = contact_normalise(
            kind=kind, value=contact["value"], field=f"{prefix}.{index}.value"
        )
        if (kind, value) in seen:
            raise ServiceError(
                _("%(value)s is listed twice.") % {"value": value},
                code="duplicate_contact",
                fields={f"{prefix}.{index}.value": [_("This contact is listed twice.")]},
            )
        seen.add((kind, value))
        out.append(
            {
                "kind": kind,
                "value": value,
                "label": contact.get("label", ""),
                "is_primary": bool(contact.get("is_primary", False)),
            }
        )
    return out


def _contact_brief(contact: CustomerContact | dict) -> dict:
    if isinstance(contact, dict):
        return {"kind": contact["kind"], "value": contact["value"]}
    return {"kind": contact.kind, "value": contact.value}


def _settle_primaries(customer: Customer, *, preferred: dict[str, int] | None = None) -> None:
    """Exactly one primary contact per kind that has contacts (``preferred`` wins)."""
    preferred = preferred or {}
    contacts = list(CustomerContact.objects.filter(customer=customer).order_by("id"))
    for kind in ContactKind.values:
        of_kind = [c for c in contacts if c.kind == kind]
        if not of_kind:
            continue
        chosen = preferred.get(kind)
        if chosen is None:
            flagged = [c for c in of_kind if c.is_primary]
            chosen = flagged[-1].pk if flagged else of_kind[0].pk
        stale = [c.pk for c in of_kind if c.is_primary != (c.pk == chosen)]
        if stale:
            CustomerContact.objects.filter(pk__in=stale).update(is_primary=False)
            CustomerContact.objects.filter(pk=chosen).update(is_primary=True)


def _create_contacts(customer: Customer, contacts: list[dict]) -> dict[str, int]:
    """Create normalised contacts; returns the contact marked primary per kind (the last one)."""
    preferred: dict[str, int] = {}
    for data in contacts:
        contact = CustomerContact.objects.create(customer=customer, **data)
        if contact.is_primary:
            preferred[contact.kind] = contact.pk
    return preferred


# --- custodian -------------------------------------------------------------------------------


def _resolve_custodian(custodian_id: int | None, *, field: str = "custodian"):
    if custodian_id is None:
        return None
    user = User.objects.filter(pk=custodian_id, is_active=True).first()
    if user is None:
        raise ServiceError(
            _("There is no active user with this id."),
            code="invalid_custodian",
            fields={field: [_("Unknown user.")]},
        )
    return user


def _require_lead_to_hand_over(actor) -> None:
    if not actor.role_set & LEADS:
        raise Forbidden(
            _("Only managers and supervisors may give a customer file to someone else."),
            code="custodian_change_forbidden",
        )


def _require_may_open(actor, customer_id: int, request) -> None:
    """The object rule, checked before the transaction opens so that a ``denied`` row is kept."""
    customer_get_for_user(actor, customer_id, audit=False, request=request)


# --- files -----------------------------------------------------------------------------------


@transaction.atomic
def customer_create(
    *,
    actor,
    name: str,
    company: str = "",
    website: str = "",
    credit_standing: str = CreditStanding.GOOD,
    custodian_id: int | None = UNSET,
    notes: str = "",
    contacts: Iterable[dict] = (),
    request=None,
) -> Customer:
    """Open a new file. Its creator is its custodian unless a manager or supervisor names one."""
    normalised = _normalised_contacts(contacts, prefix="contacts")
    if custodian_id is UNSET:
        custodian = actor
    else:
        if custodian_id != actor.pk:
            _require_lead_to_hand_over(actor)
        custodian = _resolve_custodian(custodian_id)
    customer = Customer.objects.create(
        name=name,
        company=company,
        website=website,
        credit_standing=credit_standing,
        custodian=custodian,
        notes=notes,
    )
    preferred = _create_contacts(customer, normalised)
    _settle_primaries(customer, preferred=preferred)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        customer=customer,
        detail={
            "fields": {f: getattr(customer, f) for f in _PLAIN_FIELDS},
            "custodian": custodian.pk if custodian else None,
            "contacts": {"added": [_contact_brief(c) for c in normalised]},
        },
        request=request,
    )
    return customer


def customer_update(
    *,
    actor,
    customer_id: int,
    request=None,
    name: str = UNSET,
    company: str = UNSET,
    website: str = UNSET,
    credit_standing: str = UNSET,
    custodian_id: int | None = UNSET,
    notes: str = UNSET,
    contacts: Iterable[dict] | None = UNSET,
) -> Customer:
    """Change the fields given (``UNSET`` leaves one alone). ``contacts`` replaces the list.

    Only managers and supervisors may change the custodian: anyone else could otherwise keep a
    file they reach through a queue after the work leaves their queue.
    """
    _require_may_open(actor, customer_id, request)
    normalised = None if contacts is UNSET else _normalised_contacts(contacts, prefix="contacts")
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer_id)
        return _apply_update(
            actor=actor,
            customer=customer,
            request=request,
            fields={
                "name": name,
                "company": company,
                "website": website,
                "credit_standing": credit_standing,
            },
            notes=notes,
            custodian_id=custodian_id,
            contacts=normalised,
        )


def _apply_update(
    *, actor, customer: Customer, request, fields: dict, notes, custodian_id, contacts
) -> Customer:
    """Apply the change to the locked ``customer`` and audit what actually changed."""
    changes: dict[str, Any] = {}
    for field, value in fields.items():
        if value is not UNSET and getattr(customer, field) != value:
            changes[field] = {"from": getattr(customer, field), "to": value}
            setattr(customer, field, value)
    if notes is not UNSET and customer.notes != notes:
        changes["notes"] = {"changed": True}
        customer.notes = notes
    if custodian_id is not UNSET and customer.custodian_id != custodian_id:
        _require_lead_to_hand_over(actor)
        changes["custodian"] = {"from": customer.custodian_id, "to": custodian_id}
        customer.custodian = _resolve_custodian(custodian_id)

    contact_changes = {}
    if contacts is not None:
        contact_changes = _replace_contacts(customer, contacts)
    if changes or contact_changes:
        customer.save()
        detail: dict[str, Any] = {"changes": changes}
        if contact_changes:
            detail["contacts"] = contact_changes
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            customer=customer,
            detail=detail,
            request=request,
        )
    return customer


def _replace_contacts(customer: Customer, wanted: list[dict]) -> dict:
    current = {(c.kind, c.value): c for c in customer.contacts.select_for_update().order_by("id")}
    wanted_keys = {(c["kind"], c["value"]) for c in wanted}
    removed = [c for key, c in current.items() if key not in wanted_keys]
    added, changed = [], []
    preferred: dict[str, int] = {}
    if removed:
        CustomerContact.objects.filter(pk__in=[c.pk for c in removed]).delete()
    for data in wanted:
        existing = current.get((data["kind"], data["value"]))
        if existing is None:
            existing = CustomerContact.objects.create(customer=customer, **data)
            added.append(_contact_brief(data))
        elif (existing.label, existing.is_primary) != (data["label"], data["is_primary"]):
            existing.label = data["label"]
            existing.is_primary = data["is_primary"]
            existing.save(update_fields=["label", "is_primary"])
            changed.append(_contact_brief(data))
        if data["is_primary"]:
            preferred[data["kind"]] = existing.pk
    _settle_primaries(customer, preferred=preferred)
    out = {}
    if added:
        out["added"] = added
    if removed:
        out["removed"] = [_contact_brief(c) for c in removed]
    if changed:
        out["changed"] = changed
    return out


def contact_add(
    *,
    actor,
    customer_id: int,
    kind: str,
    value: str,
    label: str = "",
    is_primary: bool = False,
    request=None,
) -> CustomerContact:
    """Add one contact. The same number on another customer is fine (families share phones)."""
    _require_may_open(actor, customer_id, request)
    value = contact_normalise(kind=kind, value=value, field="value")
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer_id)
        return _add_contact(
            actor=actor,
            customer=customer,
            kind=kind,
            value=value,
            label=label,
            is_primary=is_primary,
            request=request,
        )


def _add_contact(
    *, actor, customer: Customer, kind: str, value: str, label: str, is_primary: bool, request
) -> CustomerContact:
    if CustomerContact.objects.filter(customer=customer, kind=kind, value=value).exists():
        raise ServiceError(
            _("%(value)s is already a contact of this customer.") % {"value": value},
            code="duplicate_contact",
            fields={"value": [_("Already a contact of this customer.")]},
            status_code=409,
        )
    contact = CustomerContact.objects.create(
        customer=customer, kind=kind, value=value, label=label, is_primary=is_primary
    )
    _settle_primaries(customer, preferred={kind: contact.pk} if is_primary else None)
    customer.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        customer=customer,
        detail={"changes": {}, "contacts": {"added": [_contact_brief(contact)]}},
        request=request,
    )
    contact.refresh_from_db()
    return contact


def contact_remove(*, actor, customer_id: int, contact_id: int, request=None) -> None:
    """Remove one contact; another of its kind becomes primary if it was the primary one."""
    _require_may_open(actor, customer_id, request)
    with transaction.atomic():
        _remove_contact(
            actor=actor, customer_id=customer_id, contact_id=contact_id, request=request
        )


def _remove_contact(*, actor, customer_id: int, contact_id: int, request) -> None:
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    contact = CustomerContact.objects.filter(customer=customer, pk=contact_id).first()
    if contact is None:
        raise NotFound()
    brief = _contact_brief(contact)
    contact.delete()
    _settle_primaries(customer)
    customer.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        customer=customer,
        detail={"changes": {}, "contacts": {"removed": [brief]}},
        request=request,
    )
