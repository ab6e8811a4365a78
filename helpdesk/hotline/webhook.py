"""The telephone system's webhook: authenticate, parse, apply once (``docs/hotline-protocol.md``).

1. The signature is checked before the body is read: the integration named in the header, the
   HMAC of ``timestamp.body`` with its secret, then the timestamp's freshness (within
   ``HOTLINE_SIGNATURE_WINDOW_SECONDS``, so a captured request cannot be replayed later).
2. The body is parsed strictly (``EventSerializer``).
3. In one transaction: an event already received for (integration, call id, event) gets the
   answer it got then and writes nothing; otherwise the call service runs and the answer is kept
   as the event's receipt (a unique row: two deliveries at once apply it once).

Refusals are recorded as anomalies (outside the refused transaction, so they survive it), and so
are problems that did not stop the event (an unknown extension, say).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from helpdesk.common import ratelimit
from helpdesk.common.errors import NotFound, RateLimited, ServiceError
from helpdesk.common.storable import storable
from helpdesk.queues.models import Queue

from . import services, signing
from .models import (
    AnomalyReason,
    Call,
    CallEventReceipt,
    EventKind,
    HotlineAnomaly,
    TelephonyIntegration,
)
from .numbers import call_number

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    body: dict[str, Any]
    duplicate: bool


def _record(
    reason: str,
    *,
    integration: TelephonyIntegration | None = None,
    payload: Mapping | None = None,
    call_id: int | None = None,
    detail: dict | None = None,
    remote_addr: str | None = None,
) -> None:
    payload = payload or {}
    HotlineAnomaly.objects.create(
        integration=integration,
        reason=reason,
        event=storable(str(payload.get("event", "")))[:12],
        pbx_call_id=storable(str(payload.get("call_id", "")))[:128],
        call_id=call_id,
        detail=storable(detail or {}),
        remote_addr=remote_addr,
    )


def _refuse(reason: str, message: str, status_code: int, **record) -> ServiceError:
    _record(reason, **record)
    logger.warning("hotline event refused: %s", reason)
    return ServiceError(message, code=reason, status_code=status_code)


def authenticate(
    headers: Mapping[str, str], body: bytes, *, remote_addr: str | None
) -> TelephonyIntegration:
    """The integration that signed ``body``; 401 (recorded) for anything else."""
    name = (headers.get(signing.INTEGRATION_HEADER) or "").strip()
    stamp = (headers.get(signing.TIMESTAMP_HEADER) or "").strip()
    given = (headers.get(signing.SIGNATURE_HEADER) or "").strip()
    integration = (
        TelephonyIntegration.objects.filter(name=name[:50], is_active=True).first()
        if name
        else None
    )
    where = {"integration": integration, "remote_addr": remote_addr}
    size = {"detail": {"bytes": len(body)}}  # never the unauthenticated body itself
    if not (name and stamp and given):
        raise _refuse(
            AnomalyReason.SIGNATURE_MISSING,
            _("The event is not signed."),
            401,
            **where,
            **size,
        )
    if integration is None or not signing.verify(integration.secret, stamp, body, given):
        raise _refuse(
            AnomalyReason.SIGNATURE_INVALID,
            _("The event's signature is not valid."),
            401,
            **where,
            detail={"bytes": len(body), "integration": name[:50]},
        )
    sent = signing.valid_timestamp(stamp)
    if sent is None or abs(time.time() - sent) > settings.HOTLINE_SIGNATURE_WINDOW_SECONDS:
        raise _refuse(
            AnomalyReason.STALE_TIMESTAMP,
            _("The event's timestamp is too old or too far ahead; sign it again."),
            401,
            **where,
            detail={"timestamp": stamp[:20]},
        )
    return integration


def parse(integration: TelephonyIntegration, body: bytes, *, remote_addr: str | None) -> dict:
    """The event's fields (strict); 400 (recorded) for anything malformed."""
    from .serializers import EventSerializer

    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if not isinstance(data, dict):
        raise _refuse(
            AnomalyReason.MALFORMED,
            _("The event is not a JSON object."),
            400,
            integration=integration,
            remote_addr=remote_addr,
            detail={"body": body[:2000].decode("utf-8", "replace")},
        )
    serializer = EventSerializer(data=data)
    if not serializer.is_valid():
        _record(
            AnomalyReason.MALFORMED,
            integration=integration,
            payload=data,
            remote_addr=remote_addr,
            detail={"errors": serializer.errors, "body": data},
        )
        raise ValidationError(serializer.errors)
    return dict(serializer.validated_data)


def _queue_for(integration: TelephonyIntegration, slug: str, notes: services.Notes) -> Queue:
    queue = Queue.objects.filter(slug=slug, is_active=True).first() if slug else None
    if queue is not None:
        return queue
    if slug:
        notes.add(AnomalyReason.UNKNOWN_QUEUE, queue=slug)
    default = integration.default_queue
    if default is None or not default.is_active:
        raise ServiceError(
            _("The event names no queue we know, and the integration has no default queue."),
            code=AnomalyReason.UNKNOWN_QUEUE,
            fields={"queue": [_("Unknown queue.")]},
        )
    return default


def _call_for(integration: TelephonyIntegration, pbx_call_id: str) -> int:
    call_id = (
        Call.objects.filter(integration=integration, pbx_call_id=pbx_call_id)
        .values_list("pk", flat=True)
        .first()
    )
    if call_id is None:
        raise NotFound(
            _("No call has this id: send new_call first."), code=AnomalyReason.UNKNOWN_CALL
        )
    return call_id


def _apply(integration: TelephonyIntegration, event: dict, notes: services.Notes) -> Call:
    kind = event["event"]
    if kind == EventKind.NEW_CALL:
        inbound = event["direction"] == "inbound"
        return services.call_ring(
            integration=integration,
            pbx_call_id=event["call_id"],
            direction=event["direction"],
            from_number=call_number(event["from"], field="from"),  # withheld: empty
            to_number=call_number(event["to"], field="to", required=not inbound),
            queue=_queue_for(integration, event["queue"], notes),
            at=event["timestamp"],
            extension=event["agent"],
            notes=notes,
        )
    call_id = _call_for(integration, event["call_id"])
    if kind == EventKind.ANSWERED:
        return services.call_answer(
            call_id=call_id, at=event["timestamp"], extension=event["agent"], notes=notes
        )
    return services.call_hang_up(
        call_id=call_id, at=event["timestamp"], cause=event["cause"], notes=notes
    )


def _duplicate(integration, event: dict, digest: str, remote_addr) -> Answer | None:
    receipt = CallEventReceipt.objects.filter(
        integration=integration, pbx_call_id=event["call_id"], event=event["event"]
    ).first()
    if receipt is None:
        return None
    if receipt.body_sha256 != digest:
        _record(
            AnomalyReason.DUPLICATE_DIFFERS,
            integration=integration,
            payload=event,
            call_id=receipt.call_id,
            detail={"first": receipt.body_sha256, "this": digest},
            remote_addr=remote_addr,
        )
    return Answer(body=receipt.result, duplicate=True)


def event_receive(*, headers: Mapping[str, str], body: bytes, remote_addr: str | None) -> Answer:
    """Authenticate, parse and apply one event; see the module's docstring."""
    integration = authenticate(headers, body, remote_addr=remote_addr)
    wait = ratelimit.hit(
        "webhook-source", f"hotline:{integration.pk}", settings.WEBHOOK_SOURCE_RATE
    )
    if wait:
        raise RateLimited(retry_after=wait)
    event = parse(integration, body, remote_addr=remote_addr)
    digest = hashlib.sha256(body).hexdigest()
    record = {"integration": integration, "payload": event, "remote_addr": remote_addr}
    try:
        with transaction.atomic():
            repeat = _duplicate(integration, event, digest, remote_addr)
            if repeat is not None:
                return repeat
            notes = services.Notes()
            call = _apply(integration, event, notes)
            result = _result(event, call)
            CallEventReceipt.objects.create(
                integration=integration,
                pbx_call_id=event["call_id"],
                event=event["event"],
                call=call,
                body_sha256=digest,
                result=result,
            )
            for reason, detail in notes.items:
                _record(reason, call_id=call.pk, detail=detail, **record)
    except IntegrityError:
        # Delivered twice at once: the other delivery applied it (its receipt is committed).
        repeat = _duplicate(integration, event, digest, remote_addr)
        if repeat is not None:
            return repeat
        # A new_call for a call made without one (seeded, say): answer with the call as it is.
        call = (
            Call.objects.filter(integration=integration, pbx_call_id=event["call_id"])
            .select_related("item")
            .first()
        )
        if event["event"] != EventKind.NEW_CALL or call is None:
            raise
        return Answer(body=_result(event, call), duplicate=True)
    except ServiceError as refused:
        reason = refused.code if refused.code in AnomalyReason.values else AnomalyReason.MALFORMED
        _record(reason, detail={"code": refused.code, "body": _jsonable(event)}, **record)
        raise
    return Answer(body=result, duplicate=False)


def _result(event: dict, call: Call) -> dict:
    return {
        "event": event["event"],
        "call_id": event["call_id"],
        "call": call.pk,
        "reference": call.reference,
        "state": call.state,
        "ringback": call.ringback_id,
    }


def _jsonable(event: dict) -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in event.items()}
