"""One Redis client per process for the app's own keys (breakers, counters).

The channel layer, Celery and the cache have their own clients; this one is for data the app
keeps in Redis itself. redis-py's pool notices a fork (Celery's prefork workers) and reconnects.
"""

from __future__ import annotations

import functools

import redis
from django.conf import settings


@functools.cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, health_check_interval=30, socket_timeout=5)


def get_redis() -> redis.Redis:
    return _client(settings.REDIS_URL)
