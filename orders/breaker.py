"""Circuit breakers per supplier channel, kept in Redis so every worker shares them.

States: **closed** (traffic flows; each call's outcome goes into a sliding window, by count or by
time) → **open** when, with at least ``min_calls`` in the window, the failure rate or the
slow-call rate reaches its threshold (no traffic for a cooling wait that doubles with each trip
in a row, up to ``max_open_seconds``, with ±20 % jitter) → **half-open** when the wait is over
(at most ``half_open_probes`` orders go through as probes) → **closed** once that many probes
succeed, or **open** again (a longer wait) at the first probe that fails. Customer errors
(an invalid number) are not the channel's fault and never count. A person may force a channel
open (no traffic) or closed (all traffic, breaker ignored); forced states live on the channel row.

Every transition runs inside one Lua script (atomic across workers); the caller records the
transitions it caused as ``ChannelEvent`` rows and rings the order handlers' consoles.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.conf import settings

from helpdesk.common.redis import get_redis

from .models import ForcedState, SupplierChannel, WindowKind

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"

# KEYS: state hash, window key. ARGV: now, window kind, window size, min calls, failure %,
# slow %, base wait, max wait, probes, jitter factor, outcome ("ok"|"fail"), slow (0|1),
# was probe (0|1).
_RECORD = """
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local now = tonumber(ARGV[1])
local outcome = ARGV[11]
local slow = ARGV[12]
local probe = ARGV[13]
local function trip(reason)
  local trips = tonumber(redis.call('HGET', KEYS[1], 'trips') or '0') + 1
  local wait = math.min(tonumber(ARGV[8]), tonumber(ARGV[7]) * 2 ^ (trips - 1)) * tonumber(ARGV[10])
  redis.call('HSET', KEYS[1], 'state', 'open', 'open_until', tostring(now + wait),
             'trips', trips, 'probes', 0, 'probe_ok', 0)
  redis.call('DEL', KEYS[2])
  return {state, 'open', reason, tostring(wait)}
end
if state == 'half_open' then
  if probe ~= '1' then return {state, state, '', ''} end
  if outcome == 'fail' or slow == '1' then return trip('probe_failed') end
  local ok = redis.call('HINCRBY', KEYS[1], 'probe_ok', 1)
  if ok >= tonumber(ARGV[9]) then
    redis.call('HSET', KEYS[1], 'state', 'closed', 'trips', 0, 'probes', 0, 'probe_ok', 0)
    redis.call('DEL', KEYS[2])
    return {state, 'closed', 'recovered', ''}
  end
  return {state, state, '', ''}
end
if state == 'open' then return {state, state, '', ''} end
local entry = outcome .. (slow == '1' and ':slow' or ':fast')
local entries
if ARGV[2] == 'count' then
  redis.call('LPUSH', KEYS[2], entry)
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
  entries = redis.call('LRANGE', KEYS[2], 0, -1)
else
  redis.call('ZADD', KEYS[2], now, tostring(now) .. ':' .. entry .. ':' .. redis.call('INCR', KEYS[1] .. ':seq'))
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]))
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]) + 60)
  entries = redis.call('ZRANGE', KEYS[2], 0, -1)
end
local calls, fails, slows = #entries, 0, 0
for _, e in ipairs(entries) do
  if string.find(e, 'fail:') then fails = fails + 1 end
  if string.find(e, ':slow') then slows = slows + 1 end
end
if calls >= tonumber(ARGV[4]) then
  if fails * 100 >= tonumber(ARGV[5]) * calls then return trip('failure_rate') end
  if slows * 100 >= tonumber(ARGV[6]) * calls then return trip('slow_calls') end
end
return {state, state, '', ''}
"""

# KEYS: state hash. ARGV: now, probes allowed. Returns {state before, state after, permit, probe}.
_ALLOW = """
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local now = tonumber(ARGV[1])
if state == 'closed' then return {state, state, 1, 0} end
if state == 'open' then
  local until_ = tonumber(redis.call('HGET', KEYS[1], 'open_until') or '0')
  if now < until_ then return {state, state, 0, 0} end
  redis.call('HSET', KEYS[1], 'state', 'half_open', 'probes', 0, 'probe_ok', 0)
end
local taken = redis.call('HINCRBY', KEYS[1], 'probes', 1)
if taken <= tonumber(ARGV[2]) then return {state, 'half_open', 1, 1} end
return {state, 'half_open', 0, 0}
"""

# A probe that ended without a verdict (a customer error, an unknown answer) gives its place back.
_RELEASE = """
if (redis.call('HGET', KEYS[1], 'state') or 'closed') == 'half_open' then
  local taken = tonumber(redis.call('HGET', KEYS[1], 'probes') or '0')
  if taken > 0 then redis.call('HINCRBY', KEYS[1], 'probes', -1) end
end
return 1
"""


@dataclass(frozen=True)
class Permit:
    channel_id: int
    probe: bool = False


@dataclass(frozen=True)
class Transition:
    channel_id: int
    from_state: str
    to_state: str
    reason: str
    wait_seconds: float | None = None


def _keys(channel_id: int) -> tuple[str, str]:
    prefix = settings.ORDERS_BREAKER_PREFIX
    return f"{prefix}:{channel_id}:state", f"{prefix}:{channel_id}:window"


def _now() -> float:
    return time.time()


def allow(
    channel: SupplierChannel, now: float | None = None
) -> tuple[Permit | None, Transition | None]:
    """May an order go to this channel now? Forced states first, then the breaker."""
    if channel.forced_state == ForcedState.OPEN or not channel.enabled:
        return None, None
    if channel.forced_state == ForcedState.CLOSED:
        return Permit(channel.pk), None
    state_key, _window = _keys(channel.pk)
    before, after, permit, probe = get_redis().eval(
        _ALLOW, 1, state_key, now or _now(), channel.half_open_probes
    )
    before, after = _text(before), _text(after)
    change = Transition(channel.pk, before, after, "cooled_down") if before != after else None
    return (Permit(channel.pk, bool(probe)) if permit else None), change


def record(
    channel: SupplierChannel,
    permit: Permit,
    *,
    ok: bool,
    slow: bool = False,
    counts: bool = True,
    now: float | None = None,
) -> Transition | None:
    """The outcome of a call made under ``permit``. ``counts=False`` (a customer error, an
    unknown answer) leaves the window alone and gives a probe's place back."""
    state_key, window_key = _keys(channel.pk)
    redis = get_redis()
    if not counts:
        if permit.probe:
            redis.eval(_RELEASE, 1, state_key)
        return None
    if channel.forced_state == ForcedState.CLOSED:
        return None  # forced: the breaker neither counts nor trips
    jitter = random.uniform(0.8, 1.2)
    before, after, reason, wait = redis.eval(
        _RECORD,
        2,
        state_key,
        window_key,
        now or _now(),
        channel.window_kind if channel.window_kind in WindowKind.values else WindowKind.COUNT,
        channel.window_size,
        channel.min_calls,
        channel.failure_rate,
        channel.slow_call_rate,
        channel.open_seconds,
        channel.max_open_seconds,
        channel.half_open_probes,
        jitter,
        "ok" if ok else "fail",
        1 if slow else 0,
        1 if permit.probe else 0,
    )
    before, after = _text(before), _text(after)
    if before == after:
        return None
    return Transition(channel.pk, before, after, _text(reason), float(_text(wait) or 0) or None)


def health(channels: list[SupplierChannel]) -> dict[int, float]:
    """Each channel's success rate over its breaker's window (the same calls the breaker
    judges; emptied when it trips and when it closes again). Fewer calls than the minimum:
    1.0, so a recovered or new channel gets its share and priority decides."""
    redis = get_redis()
    with redis.pipeline(transaction=False) as pipe:
        for channel in channels:
            _state, window = _keys(channel.pk)
            if channel.window_kind == WindowKind.TIME:
                pipe.zrangebyscore(window, _now() - channel.window_size, "+inf")
            else:
                pipe.lrange(window, 0, -1)
        windows = pipe.execute()
    rates = {}
    for channel, entries in zip(channels, windows, strict=True):
        entries = [_text(e) for e in entries]
        fails = sum(1 for e in entries if "fail:" in e)
        enough = len(entries) >= max(1, channel.min_calls)
        rates[channel.pk] = (len(entries) - fails) / len(entries) if enough else 1.0
    return rates


def state_of(channel: SupplierChannel, now: float | None = None) -> dict:
    """What the panel shows: state (forced states win), seconds until a half-open try, trips."""
    if channel.forced_state:
        return {
            "state": OPEN if channel.forced_state == ForcedState.OPEN else CLOSED,
            "forced": channel.forced_state,
            "retry_in": None,
            "trips": 0,
        }
    state_key, _window = _keys(channel.pk)
    raw = {_text(k): _text(v) for k, v in get_redis().hgetall(state_key).items()}
    state = raw.get("state", CLOSED)
    retry_in = None
    if state == OPEN:
        retry_in = max(0.0, float(raw.get("open_until", 0)) - (now or _now()))
    return {"state": state, "forced": "", "retry_in": retry_in, "trips": int(raw.get("trips", 0))}


def reset(channel_id: int) -> None:
    get_redis().delete(*_keys(channel_id))


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode()
    return "" if value is None else str(value)
