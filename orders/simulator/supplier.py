"""The supplier HTTP API of one simulated channel (``/api/recharge``, ``/api/query``,
``/api/balance``) and its callbacks to us."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from orders.signing import signed, verify
from orders.simulator.channel import Channel, Followup, Order

TIMESTAMP_TOLERANCE = 300  # seconds
CALLBACK_TIMEOUT = 5.0  # seconds an attempt may take
MAX_REF_LENGTH = 64

Log = Callable[[str], None]


class Refused(Exception):
    """A request refused before it reaches the channel (nothing is recorded)."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields


def _answer(channel: Channel, body: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(signed(body, channel.secret), status=status)


def _refusal(channel: Channel, refused: Refused) -> web.Response:
    body: dict[str, Any] = {"code": refused.code, "message": refused.message}
    if refused.fields:
        # Flat, so it can be signed: "fields" would be an object.
        body["message"] += ": " + "; ".join(f"{k} {v}" for k, v in refused.fields.items())
    return _answer(channel, body, refused.status)


async def _read_signed(request: web.Request, channel: Channel) -> dict[str, Any]:
    """The request's fields once its JSON, sign, merchant and timestamp are checked."""
    try:
        body = await request.json()
    except ValueError:
        channel.counters["bad_requests"] += 1
        raise Refused(400, "BAD_REQUEST", "the body is not JSON") from None
    if not isinstance(body, dict):
        channel.counters["bad_requests"] += 1
        raise Refused(400, "BAD_REQUEST", "the body is not a JSON object")
    if not verify(body, channel.secret):
        channel.counters["sign_errors"] += 1
        raise Refused(401, "SIGN_ERROR", "missing or wrong sign")
    if body.get("merchant") != channel.merchant:
        channel.counters["sign_errors"] += 1
        raise Refused(401, "SIGN_ERROR", f"merchant is not {channel.merchant}")
    timestamp = body.get("timestamp")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool):
        channel.counters["bad_requests"] += 1
        raise Refused(400, "BAD_REQUEST", "timestamp: Unix seconds (an integer) required")
    if abs(time.time() - timestamp) > TIMESTAMP_TOLERANCE:
        channel.counters["timestamp_errors"] += 1
        raise Refused(
            401, "TIMESTAMP_EXPIRED", f"timestamp is more than {TIMESTAMP_TOLERANCE} s off"
        )
    return body


def _recharge_fields(body: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    ref = body.get("order_ref")
    if not isinstance(ref, str) or not ref or len(ref) > MAX_REF_LENGTH:
        errors["order_ref"] = f"a string of 1 to {MAX_REF_LENGTH} characters"
    for name in ("product_code", "account"):
        if not isinstance(body.get(name), str):
            errors[name] = "a string"
    amount = body.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        errors["amount"] = "whole fen, more than 0"
    url = body.get("callback_url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        errors["callback_url"] = "an http:// or https:// URL"
    return errors


def supplier_app(channel: Channel, session: Callable[[], aiohttp.ClientSession], log: Log):
    """The aiohttp application serving ``channel``; ``session()`` gives the callback client."""

    async def recharge(request: web.Request) -> web.Response:
        try:
            body = await _read_signed(request, channel)
            errors = _recharge_fields(body)
            if errors:
                channel.counters["bad_requests"] += 1
                raise Refused(400, "BAD_REQUEST", "invalid fields", errors)
        except Refused as refused:
            return _refusal(channel, refused)
        decision = channel.submit(
            order_ref=body["order_ref"],
            product_code=body["product_code"],
            account=body["account"],
            amount=body["amount"],
            callback_url=body.get("callback_url"),
        )
        later = decision.followup
        if later is not None and (later.settle or later.callback):
            channel.spawn(_follow_up(channel, later, session, log))
        order = decision.order
        fail_code = f" {order.fail_code}" if order.fail_code else ""
        held = f" (answer held {decision.hold:g} s)" if decision.hold else ""
        log(
            f"{channel.name}: recharge {order.order_ref} {order.product_code} {order.amount} "
            f"-> {decision.code} {decision.status}{fail_code}{held}"
        )
        await asyncio.sleep(decision.delay + decision.hold)
        return _answer(channel, decision.body())

    async def query(request: web.Request) -> web.Response:
        try:
            body = await _read_signed(request, channel)
            ref = body.get("order_ref")
            if not isinstance(ref, str) or not ref:
                channel.counters["bad_requests"] += 1
                raise Refused(400, "BAD_REQUEST", "invalid fields", {"order_ref": "a string"})
        except Refused as refused:
            return _refusal(channel, refused)
        answer, delay = channel.query(ref)
        await asyncio.sleep(delay)
        return _answer(channel, answer)

    async def balance(request: web.Request) -> web.Response:
        try:
            await _read_signed(request, channel)
        except Refused as refused:
            return _refusal(channel, refused)
        answer, delay = channel.balance()
        await asyncio.sleep(delay)
        return _answer(channel, answer)

    app = web.Application()
    app.router.add_post("/api/recharge", recharge)
    app.router.add_post("/api/query", query)
    app.router.add_post("/api/balance", balance)
    return app


async def _follow_up(
    channel: Channel,
    followup: Followup,
    session: Callable[[], aiohttp.ClientSession],
    log: Log,
) -> None:
    await asyncio.sleep(followup.delay)
    order = followup.order
    if followup.settle:
        channel.settle(order)
        log(f"{channel.name}: {order.order_ref} settled: {order.status}")
    if followup.callback and order.callback_url:
        await deliver_callback(channel, order, session(), log)


async def deliver_callback(
    channel: Channel, order: Order, session: aiohttp.ClientSession, log: Log
) -> bool:
    """POST the signed result to the order's ``callback_url``: the first attempt, then
    ``callback_retries`` more ``callback_retry_ms`` apart until one is answered HTTP 200."""
    attempts = 1 + channel.settings.callback_retries
    for attempt in range(1, attempts + 1):
        if attempt > 1:
            await asyncio.sleep(channel.settings.callback_retry_ms / 1000)
        body = signed(channel.callback_body(order), channel.secret)  # a fresh timestamp
        status: int | None = None
        error: str | None = None
        try:
            async with session.post(
                order.callback_url,
                json=body,
                timeout=aiohttp.ClientTimeout(total=CALLBACK_TIMEOUT),
            ) as response:
                status = response.status
                await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"{type(exc).__name__}: {exc}".rstrip(": ")
        order.callback_attempts.append(
            {"attempt": attempt, "at": time.time(), "http_status": status, "error": error}
        )
        channel.counters["callbacks_sent"] += 1
        log(
            f"{channel.name}: callback {order.order_ref} {order.status} attempt {attempt}/"
            f"{attempts} -> {status if status is not None else error}"
        )
        if status == 200:
            order.callback_delivered = True
            channel.counters["callbacks_delivered"] += 1
            return True
    channel.counters["callbacks_abandoned"] += 1
    return False
