"""Supplier adapters: one interface (submit by our reference, query by our reference, read the
balance, verify a callback), one implementation per protocol. ``http_json`` speaks the signed
JSON protocol of docs/supplier-protocol.md (which the simulator serves).

The rule that keeps orders from being charged twice starts here: anything that may have reached
the supplier without a clear answer (a read timeout, a broken connection after sending, an
answer we cannot verify) is **unknown**, never failed. Only a refused connection (nothing was
sent) or a signed refusal is a failure.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Protocol

import httpx

from .models import Category, Outcome, SupplierChannel
from .signing import sign, verify


@dataclass(frozen=True)
class Answer:
    outcome: str  # Outcome: succeeded, accepted, unknown, failed
    category: str  # Category
    code: str = ""
    message: str = ""
    supplier_order_id: str = ""
    latency_ms: int = 0


@dataclass(frozen=True)
class QueryAnswer:
    status: str  # success, failed, processing, not_found, unknown (the query itself failed)
    category: str = ""
    code: str = ""
    supplier_order_id: str = ""
    latency_ms: int = 0


class Adapter(Protocol):
    def submit(
        self,
        *,
        reference: str,
        product_code: str,
        account: str,
        amount: int,
        callback_url: str | None,
    ) -> Answer: ...

    def query(self, reference: str) -> QueryAnswer: ...

    def balance(self) -> int: ...

    def verify_callback(self, body: dict) -> bool: ...


# Supplier codes, normalised (docs/supplier-protocol.md).
FAILURES = {
    "1001": Category.CUSTOMER,
    "1002": Category.PRODUCT,
    "1003": Category.BALANCE,
    "2001": Category.SUPPLIER,
    "2002": Category.BUSY,
}
FAIL_CODES = {
    "ACCOUNT_INVALID": Category.CUSTOMER,
    "PRODUCT_UNKNOWN": Category.PRODUCT,
    "BALANCE_LOW": Category.BALANCE,
    "SUPPLIER_ERROR": Category.SUPPLIER,
    "SUPPLIER_BUSY": Category.BUSY,
}


class SupplierError(Exception):
    """A call that got no usable answer (for query and balance)."""


_clients: dict[int, httpx.Client] = {}


def shared_client() -> httpx.Client:
    """One HTTP client per process, shared by every channel and thread: its connection pool
    and TLS context are built once (a new client per call cost ~19 ms of CPU). Made after a
    fork, never inherited from the parent (Celery's prefork pool)."""
    pid = os.getpid()
    client = _clients.get(pid)
    if client is None:
        _clients.clear()
        client = _clients.setdefault(
            pid,
            httpx.Client(
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
                follow_redirects=False,
            ),
        )
    return client


class HttpJsonAdapter:
    def __init__(self, channel: SupplierChannel, client: httpx.Client | None = None):
        self.channel = channel
        self.base_url = channel.base_url.rstrip("/")
        self.timeout = httpx.Timeout(
            channel.timeout_seconds, connect=min(3.0, channel.timeout_seconds)
        )
        self.client = client or shared_client()

    def _signed(self, **fields) -> dict:
        body = {"merchant": self.channel.merchant, "timestamp": int(time.time()), **fields}
        body = {k: v for k, v in body.items() if v is not None}
        return {**body, "sign": sign(body, self.channel.secret)}

    def _post(self, path: str, body: dict) -> tuple[dict, int]:
        started = time.monotonic()
        response = self.client.post(self.base_url + path, json=body, timeout=self.timeout)
        latency = int((time.monotonic() - started) * 1000)
        data = response.json()
        if not isinstance(data, dict) or not verify(data, self.channel.secret):
            raise ValueError("unsigned or badly signed answer")
        return data, latency

    def submit(self, *, reference, product_code, account, amount, callback_url) -> Answer:
        body = self._signed(
            order_ref=reference,
            product_code=product_code,
            account=account,
            amount=amount,
            callback_url=callback_url,
        )
        started = time.monotonic()
        try:
            data, latency = self._post("/api/recharge", body)
        except (httpx.ConnectError, httpx.ConnectTimeout):
            # Nothing reached the supplier: a plain failure, safe to try elsewhere.
            return Answer(Outcome.FAILED, Category.TRANSPORT, latency_ms=_since(started))
        except httpx.TimeoutException:
            return Answer(Outcome.UNKNOWN, Category.TIMEOUT, latency_ms=_since(started))
        except (httpx.HTTPError, ValueError):
            # Sent, but the answer is unusable: the supplier may have done it.
            return Answer(Outcome.UNKNOWN, Category.PROTOCOL, latency_ms=_since(started))
        code, status = str(data.get("code", "")), data.get("status")
        common = {
            "code": code,
            "message": str(data.get("message", ""))[:255],
            "supplier_order_id": str(data.get("supplier_order_id") or ""),
            "latency_ms": latency,
        }
        if status == "success":
            return Answer(Outcome.SUCCEEDED, Category.OK, **common)
        if status in ("accepted", "processing"):
            return Answer(Outcome.ACCEPTED, Category.OK, **common)
        if code in ("SIGN_ERROR", "TIMESTAMP_EXPIRED", "BAD_REQUEST"):
            # Refused before the order was read (nothing recorded): our request was wrong.
            return Answer(Outcome.FAILED, Category.PROTOCOL, **common)
        if status == "failed":
            category = FAILURES.get(code) or FAIL_CODES.get(str(data.get("fail_code", "")))
            return Answer(Outcome.FAILED, category or Category.SUPPLIER, **common)
        return Answer(Outcome.UNKNOWN, Category.UNKNOWN, **common)

    def query(self, reference: str) -> QueryAnswer:
        started = time.monotonic()
        try:
            data, latency = self._post("/api/query", self._signed(order_ref=reference))
        except (httpx.HTTPError, ValueError):
            return QueryAnswer("unknown", Category.TRANSPORT, latency_ms=_since(started))
        status = data.get("status")
        if status not in ("success", "failed", "processing", "not_found"):
            return QueryAnswer("unknown", Category.PROTOCOL, latency_ms=latency)
        fail_code = str(data.get("fail_code") or "")
        return QueryAnswer(
            status,
            FAIL_CODES.get(fail_code, Category.SUPPLIER) if status == "failed" else "",
            code=fail_code or str(data.get("code", "")),
            supplier_order_id=str(data.get("supplier_order_id") or ""),
            latency_ms=latency,
        )

    def balance(self) -> int:
        try:
            data, _latency = self._post("/api/balance", self._signed())
            return int(data["balance"])
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise SupplierError(str(exc)) from exc

    def verify_callback(self, body: dict) -> bool:
        return (
            isinstance(body, dict)
            and body.get("merchant") == self.channel.merchant
            and verify(body, self.channel.secret)
        )


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


ADAPTERS = {"http_json": HttpJsonAdapter}


def adapter_for(channel: SupplierChannel) -> Adapter:
    try:
        return ADAPTERS[channel.adapter](channel)
    except KeyError:
        raise ValueError(f"unknown adapter {channel.adapter!r}") from None
