"""One simulated supplier: its settings, its seeded chance, its ledger and counters.

Everything here is plain synchronous Python: a decision is taken in one go, with no ``await``
between reading and writing the state, so concurrent requests on the event loop never race.
The HTTP side (``supplier.py``) does the waiting: latency, held answers, later results and
callbacks.
"""

from __future__ import annotations

import asyncio
import random
import time
import zlib
from collections.abc import Coroutine, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from orders.simulator.catalogue import PRODUCTS, account_is_valid

# Answer codes (docs/supplier-protocol.md).
SUCCESS = "0000"
ACCEPTED = "0001"
UNKNOWN = "0002"
DUPLICATE = "0003"
FAIL_CODES = {
    "ACCOUNT_INVALID": "1001",
    "PRODUCT_UNKNOWN": "1002",
    "BALANCE_LOW": "1003",
    "SUPPLIER_ERROR": "2001",
    "SUPPLIER_BUSY": "2002",
}

# Order states (what a query answers).
PROCESSING = "processing"
DONE = "success"
FAILED = "failed"

# Of the orders answered "unknown", the share the supplier had in fact already finished.
UNKNOWN_ALREADY_DONE = 0.5


def default_seed(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


@dataclass
class Settings:
    latency_ms: int = 30
    latency_jitter_ms: int = 20
    failure_rate: float = 0.0
    timeout_rate: float = 0.0
    unknown_rate: float = 0.0
    busy_rate: float = 0.0
    async_rate: float = 0.0
    callback_delay_ms: int = 500
    callback_retries: int = 3
    callback_retry_ms: int = 1_000
    balance: int = 10_000_000  # fen: 100,000.00 yuan
    invalid_prefixes: list[str] = field(default_factory=list)
    timeout_seconds: float = 30.0
    seed: int = 0


RATES = ("failure_rate", "timeout_rate", "unknown_rate", "busy_rate", "async_rate")
MILLISECONDS = ("latency_ms", "latency_jitter_ms", "callback_delay_ms", "callback_retry_ms")
SETTING_NAMES = tuple(f.name for f in fields(Settings))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def setting_errors(changes: Mapping[str, Any]) -> dict[str, str]:
    """Why each of ``changes`` cannot be applied (an empty dict when all can)."""
    errors: dict[str, str] = {}
    for name, value in changes.items():
        if name not in SETTING_NAMES:
            errors[name] = "not a setting"
        elif name in RATES:
            if not _is_number(value) or not 0 <= value <= 1:
                errors[name] = "a probability from 0 to 1"
        elif name in MILLISECONDS:
            if not _is_int(value) or not 0 <= value <= 600_000:
                errors[name] = "whole milliseconds from 0 to 600000"
        elif name == "callback_retries":
            if not _is_int(value) or not 0 <= value <= 10:
                errors[name] = "a whole number from 0 to 10"
        elif name == "balance":
            if not _is_int(value) or value < 0:
                errors[name] = "whole fen, 0 or more"
        elif name == "invalid_prefixes":
            if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
                errors[name] = "a list of non-empty strings"
        elif name == "timeout_seconds":
            if not _is_number(value) or not 0 < value <= 3_600:
                errors[name] = "seconds, more than 0 and at most 3600"
        elif name == "seed" and not _is_int(value):
            errors[name] = "a whole number"
    return errors


@dataclass
class Order:
    order_ref: str
    product_code: str
    account: str
    amount: int
    callback_url: str | None
    supplier_order_id: str
    answer: str  # the code of the first answer
    status: str = PROCESSING
    fail_code: str | None = None
    submits: int = 1
    queries: int = 0
    charged: int = 0
    created_at: float = field(default_factory=time.time)
    finished_at: float | None = None
    callback_attempts: list[dict[str, Any]] = field(default_factory=list)
    callback_delivered: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Followup:
    """Work after the answer: settle a processing order, then send the callback (if any)."""

    order: Order
    delay: float  # seconds
    settle: bool  # the result is still to be decided
    callback: bool


@dataclass
class Decision:
    """What to answer, after how long, and what comes later."""

    code: str
    status: str
    order: Order
    message: str
    delay: float  # latency, seconds
    hold: float = 0.0  # a "timeout": the answer waits this much longer
    followup: Followup | None = None

    def body(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "status": self.status,
            "order_ref": self.order.order_ref,
            "supplier_order_id": self.order.supplier_order_id,
            "fail_code": self.order.fail_code,
            "message": self.message,
        }


def new_counters() -> dict[str, Any]:
    return {
        "submits": 0,
        "duplicates": 0,
        "queries": 0,
        "balance_queries": 0,
        "sign_errors": 0,
        "timestamp_errors": 0,
        "bad_requests": 0,
        "success": 0,
        "accepted": 0,
        "unknown": 0,
        "timeouts": 0,
        "failed": dict.fromkeys(FAIL_CODES, 0),
        "charged_orders": 0,
        "charged_amount": 0,
        "callbacks_sent": 0,
        "callbacks_delivered": 0,
        "callbacks_abandoned": 0,
    }


class Channel:
    def __init__(self, name: str, port: int, secret: str, host: str = "127.0.0.1"):
        self.name = name
        self.port = port
        self.host = host
        self.secret = secret
        self.merchant = f"sim-{name}"
        self.tasks: set[asyncio.Task] = set()
        self.reset()

    # --- state ----------------------------------------------------------------------------------

    def reset(self) -> None:
        """Settings to defaults, ledger and counters cleared, balance restored, chance re-seeded;
        pending results and callbacks are dropped."""
        for task in list(self.tasks):
            task.cancel()
        self.tasks.clear()
        self.settings = Settings(seed=default_seed(self.name))
        self.random = random.Random(self.settings.seed)
        self.orders: dict[str, Order] = {}
        self.counters = new_counters()
        self._sequence = 0

    def update(self, changes: Mapping[str, Any]) -> dict[str, str]:
        """Apply ``changes`` (all or nothing); returns the errors, if any."""
        errors = setting_errors(changes)
        if errors:
            return errors
        for name, value in changes.items():
            setattr(self.settings, name, list(value) if name == "invalid_prefixes" else value)
        if "seed" in changes:
            self.random.seed(changes["seed"])
        return {}

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "port": self.port,
            "url": f"http://{self.host}:{self.port}",
            "merchant": self.merchant,
            "settings": asdict(self.settings),
            "counters": self.counters,
            "orders": len(self.orders),
        }

    def ledger(self) -> dict[str, Any]:
        return {
            "channel": self.name,
            "orders": {ref: order.as_dict() for ref, order in self.orders.items()},
        }

    def spawn(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task:
        """Run later work for this channel; ``reset()`` and shutdown cancel it."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    # --- decisions ------------------------------------------------------------------------------

    def _latency(self, draw: float) -> float:
        s = self.settings
        return (s.latency_ms + draw * s.latency_jitter_ms) / 1000

    def _charge(self, order: Order) -> None:
        self.settings.balance -= order.amount
        order.charged = 1
        order.status = DONE
        order.finished_at = time.time()
        self.counters["charged_orders"] += 1
        self.counters["charged_amount"] += order.amount

    def _fail(self, order: Order, fail_code: str) -> None:
        order.status = FAILED
        order.fail_code = fail_code
        order.finished_at = time.time()
        self.counters["failed"][fail_code] += 1

    def submit(
        self,
        *,
        order_ref: str,
        product_code: str,
        account: str,
        amount: int,
        callback_url: str | None = None,
    ) -> Decision:
        s = self.settings
        # The same number of draws for every submit, so a seed replays a run whatever happens.
        busy, failure, timeout, unknown, already_done, async_, jitter = (
            self.random.random() for _ in range(7)
        )
        delay = self._latency(jitter)
        self.counters["submits"] += 1

        seen = self.orders.get(order_ref)
        if seen is not None:
            seen.submits += 1
            self.counters["duplicates"] += 1
            return Decision(DUPLICATE, seen.status, seen, "order_ref already received", delay)

        self._sequence += 1
        order = Order(
            order_ref=order_ref,
            product_code=product_code,
            account=account,
            amount=amount,
            callback_url=callback_url,
            supplier_order_id=f"{self.name.upper()}{self._sequence:08d}",
            answer="",
        )
        self.orders[order_ref] = order

        refusal = self._refusal(order, busy=busy, failure=failure)
        if refusal is not None:
            fail_code, message = refusal
            self._fail(order, fail_code)
            order.answer = FAIL_CODES[fail_code]
            return Decision(order.answer, FAILED, order, message, delay)

        later = s.callback_delay_ms / 1000
        wants_callback = callback_url is not None
        if timeout < s.timeout_rate:
            # Processed at once; the answer hangs past the client's timeout.
            self._charge(order)
            self.counters["timeouts"] += 1
            order.answer = SUCCESS
            followup = Followup(order, later, settle=False, callback=wants_callback)
            return Decision(SUCCESS, DONE, order, "success", delay, s.timeout_seconds, followup)
        if unknown < s.unknown_rate:
            self.counters["unknown"] += 1
            order.answer = UNKNOWN
            settle = already_done >= UNKNOWN_ALREADY_DONE
            if not settle:
                self._charge(order)
            followup = Followup(order, later, settle=settle, callback=wants_callback)
            return Decision(UNKNOWN, "unknown", order, "result not known yet", delay, 0, followup)
        if async_ < s.async_rate:
            self.counters["accepted"] += 1
            order.answer = ACCEPTED
            followup = Followup(order, later, settle=True, callback=wants_callback)
            return Decision(ACCEPTED, "accepted", order, "processing", delay, 0, followup)
        self._charge(order)
        self.counters["success"] += 1
        order.answer = SUCCESS
        return Decision(SUCCESS, DONE, order, "success", delay)

    def _refusal(self, order: Order, *, busy: float, failure: float) -> tuple[str, str] | None:
        s = self.settings
        product = PRODUCTS.get(order.product_code)
        if product is None:
            return "PRODUCT_UNKNOWN", f"no product {order.product_code!r}"
        if order.amount != product.face_value:
            return (
                "PRODUCT_UNKNOWN",
                f"{product.code} has face value {product.face_value}, not {order.amount}",
            )
        if any(order.account.startswith(prefix) for prefix in s.invalid_prefixes):
            return "ACCOUNT_INVALID", "the account is refused for this product"
        if not account_is_valid(product, order.account):
            return "ACCOUNT_INVALID", f"not a valid account for {product.code}"
        if s.balance < order.amount:
            return "BALANCE_LOW", f"balance {s.balance} is less than {order.amount}"
        if busy < s.busy_rate:
            return "SUPPLIER_BUSY", "too many requests, try later"
        if failure < s.failure_rate:
            return "SUPPLIER_ERROR", "the operator's platform refused the order"
        return None

    def settle(self, order: Order) -> None:
        """Decide a processing order: charged and done, unless the balance no longer covers it."""
        if order.status != PROCESSING:
            return
        if self.settings.balance < order.amount:
            self._fail(order, "BALANCE_LOW")
        else:
            self._charge(order)

    def query(self, order_ref: str) -> tuple[dict[str, Any], float]:
        delay = self._latency(self.random.random())
        self.counters["queries"] += 1
        order = self.orders.get(order_ref)
        if order is None:
            body = {
                "code": SUCCESS,
                "status": "not_found",
                "order_ref": order_ref,
                "supplier_order_id": None,
                "fail_code": None,
                "message": "no such order_ref",
            }
            return body, delay
        order.queries += 1
        body = {
            "code": SUCCESS,
            "status": order.status,
            "order_ref": order_ref,
            "supplier_order_id": order.supplier_order_id,
            "fail_code": order.fail_code,
            "message": order.status,
        }
        return body, delay

    def balance(self) -> tuple[dict[str, Any], float]:
        delay = self._latency(self.random.random())
        self.counters["balance_queries"] += 1
        return {"code": SUCCESS, "balance": self.settings.balance}, delay

    def callback_body(self, order: Order) -> dict[str, Any]:
        return {
            "merchant": self.merchant,
            "order_ref": order.order_ref,
            "supplier_order_id": order.supplier_order_id,
            "status": order.status,
            "fail_code": order.fail_code,
            "timestamp": int(time.time()),
        }
