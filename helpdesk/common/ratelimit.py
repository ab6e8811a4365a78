"""Rate limits shared by every process: counters in Redis (decision 0021).

A limit is a rate such as ``"30/min"`` or ``"20/15min"`` (units ``s``, ``min``, ``h``, ``d``) for
a *scope* (``login-ip``, ``chat-send-user``, ...) and a *key* (an address, a user id, an
integration). Counting is a sliding window, approximated the usual way: the current fixed window's
count plus the previous window's, weighted by how much of it still overlaps. One round trip
(``INCR``, ``EXPIRE``, ``GET`` in a pipeline), atomic per key, so concurrent requests on several
processes cannot slip past it the way a read-modify-write of a cached list can.

If Redis cannot be reached the request is let through (and logged): the limits guard against
floods, the lock-out (django-axes, in the database) and the signatures still stand without them.

Views use :class:`RedisThrottle` subclasses (DRF answers ``429 rate_limited`` with
``Retry-After``); services and sockets call :func:`hit` / :func:`ahit` and raise
:class:`~helpdesk.common.errors.RateLimited`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import re
import time
from dataclasses import dataclass

import redis
import redis.asyncio
from django.conf import settings
from rest_framework.throttling import BaseThrottle

from .redis import get_redis

logger = logging.getLogger("helpdesk.security")

_UNITS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


@functools.cache
def parse_rate(value: str | None) -> Rate | None:
    """``"30/min"`` → Rate(30, 60); ``"20/15min"`` → Rate(20, 900); empty or None → no limit."""
    if not value:
        return None
    match = _RATE.match(str(value).lower())
    if not match or match.group(3) not in _UNITS:
        raise ValueError(f"Not a rate: {value!r} (say e.g. 30/min, 20/15min, 5/s).")
    count = int(match.group(2) or 1)
    return Rate(int(match.group(1)), count * _UNITS[match.group(3)])


def _keys(scope: str, key: str, window: int, now: float) -> tuple[str, str, float]:
    bucket = int(now // window)
    prefix = f"{settings.RATE_LIMIT_PREFIX}:{scope}:{key}"
    elapsed = (now % window) / window
    return f"{prefix}:{bucket}", f"{prefix}:{bucket - 1}", elapsed


def _decide(rate: Rate, current: int, previous: int, elapsed: float) -> float:
    """Seconds to wait (0: allowed). ``current`` already counts this request."""
    weighted = previous * (1 - elapsed) + current
    if weighted <= rate.limit:
        return 0.0
    # The previous window's weight falls as time passes; at worst the current one must end.
    if previous and current <= rate.limit:
        needed = (weighted - rate.limit) / previous  # fraction of a window
        return max(1.0, math.ceil(needed * rate.window))
    return max(1.0, math.ceil((1 - elapsed) * rate.window))


def hit(scope: str, key: str, rate: Rate | str | None, *, count: bool = True) -> float:
    """Count one event for ``scope``/``key``; the seconds to wait if over ``rate`` (else 0).

    ``count=False`` only looks (for limits that count failures, checked before the attempt).
    """
    rate = parse_rate(rate) if isinstance(rate, str) or rate is None else rate
    if rate is None:
        return 0.0
    now = time.time()
    current_key, previous_key, elapsed = _keys(scope, key, rate.window, now)
    try:
        pipe = get_redis().pipeline(transaction=False)
        if count:
            pipe.incr(current_key)
            pipe.expire(current_key, rate.window * 2 + 1)
        else:
            pipe.get(current_key)
            pipe.get(current_key)
        pipe.get(previous_key)
        current, _, previous = pipe.execute()
    except redis.RedisError:
        logger.warning("rate limit %s not checked: Redis unavailable", scope)
        return 0.0
    current = int(current or 0) + (0 if count else 1)
    return _decide(rate, current, int(previous or 0), elapsed)


# One asyncio client per event loop (a client's connections belong to the loop that made them).
_async_clients: dict[int, redis.asyncio.Redis] = {}


def _async_client() -> redis.asyncio.Redis:
    loop = asyncio.get_running_loop()
    client = _async_clients.get(id(loop))
    if client is None:
        client = redis.asyncio.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
        _async_clients[id(loop)] = client
    return client


async def ahit(scope: str, key: str, rate: Rate | str | None) -> float:
    """:func:`hit` for the event loop (websocket consumers): never blocks the loop."""
    rate = parse_rate(rate) if isinstance(rate, str) or rate is None else rate
    if rate is None:
        return 0.0
    now = time.time()
    current_key, previous_key, elapsed = _keys(scope, key, rate.window, now)
    try:
        pipe = _async_client().pipeline(transaction=False)
        pipe.incr(current_key)
        pipe.expire(current_key, rate.window * 2 + 1)
        pipe.get(previous_key)
        current, _, previous = await pipe.execute()
    except (redis.RedisError, OSError):
        logger.warning("rate limit %s not checked: Redis unavailable", scope)
        return 0.0
    return _decide(rate, int(current or 0), int(previous or 0), elapsed)


def client_address(request) -> str:
    """The address the server saw (daphne behind a proxy runs with ``--proxy-headers``)."""
    return (request.META.get("REMOTE_ADDR") or "unknown").strip()


class RedisThrottle(BaseThrottle):
    """A DRF throttle on :func:`hit`: ``scope``, the setting that holds the rate, and the key."""

    scope = ""
    rate_setting = ""

    def key(self, request, view) -> str | None:  # None: not limited
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        key = self.key(request, view)
        self._wait = 0.0
        if key is None:
            return True
        self._wait = hit(self.scope, key, getattr(settings, self.rate_setting, None))
        return self._wait == 0

    def wait(self) -> float | None:
        return self._wait or None


class LoginIpThrottle(RedisThrottle):
    """Sign-in attempts per client address (``LOGIN_RATE``)."""

    scope = "login-ip"
    rate_setting = "LOGIN_RATE"


class WebhookIpThrottle(RedisThrottle):
    """Webhook deliveries per client address (``WEBHOOK_IP_RATE``), before any signature work."""

    scope = "webhook-ip"
    rate_setting = "WEBHOOK_IP_RATE"


class ChatSendUserThrottle(RedisThrottle):
    """An agent's chat sends over HTTP (files) share the socket's per-user budget."""

    scope = "chat-send-user"
    rate_setting = "CHAT_USER_SEND_RATE"

    def key(self, request, view) -> str | None:
        user = getattr(request, "user", None)
        return str(user.pk) if user is not None and user.is_authenticated else None
