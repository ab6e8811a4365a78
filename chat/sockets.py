"""What both chat sockets share: the connection (origin, close codes, the hello deadline), the
parsing of client frames (errors, rate limits), and delivery by cursor (see
:mod:`chat.consumers`).

Database calls run with ``thread_sensitive=False`` (:func:`db`): each on a worker thread of the
loop's pool with that thread's own connection (closed after the call), so the sockets of one
process do not queue behind a single thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from urllib.parse import urlparse

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.db import close_old_connections
from django.utils.translation import gettext as _

from helpdesk.common import ratelimit
from helpdesk.common.errors import ServiceError
from helpdesk.realtime.publish import publishing_from

from . import events, hotpath, messaging, replay
from .groups import conversation_group
from .models import Party
from .serializers import message_payload

logger = logging.getLogger(__name__)


# The sockets' database calls get a few threads of their own: more threads only fight the event
# loop for the GIL, and throughput fell as they were added (bench/README.md, live chat).
_executor = ThreadPoolExecutor(max_workers=settings.CHAT_DB_THREADS, thread_name_prefix="chat-db")


def db(func):
    """``func`` on a worker thread of the loop's pool, with that thread's own connection, closed
    again afterwards when past its age (``CONN_MAX_AGE``; 0 under ASGI: after every call).
    ``database_sync_to_async`` closes it as well, but Channels' test communicator turns that
    into a no-op, which would leak one connection per pool thread in tests."""

    @wraps(func)
    def on_own_connection(loop, *args, **kwargs):
        try:
            with publishing_from(loop):
                return func(*args, **kwargs)
        finally:
            close_old_connections()

    call = database_sync_to_async(on_own_connection, thread_sensitive=False, executor=_executor)

    @wraps(func)
    async def run(*args, **kwargs):
        return await call(asyncio.get_running_loop(), *args, **kwargs)

    return run


CLOSE_NO_HELLO = 4400
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404

# How long a message that arrived ahead of a gap waits for the missing doorbell before the gap
# is read from the database.
GAP_WAIT_SECONDS = 0.05

# Frames of any type per connection and window: a guard against floods of typing or pings.
FRAMES_PER_MESSAGE_LIMIT = 5


class FrameError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def origin_allowed(scope, extra=()) -> bool:
    """The ``Origin`` header names an allowed host (or one of ``extra``), as Channels checks it."""
    allowed = [*settings.ALLOWED_HOSTS, *extra]
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        allowed += ["localhost", "127.0.0.1", "[::1]"]
    origin = dict(scope.get("headers") or []).get(b"origin")
    parsed = urlparse(origin.decode("latin1").lower()) if origin else None
    return OriginValidator(None, allowed).valid_origin(parsed)


def bad_frame(message=None) -> FrameError:
    return FrameError("bad_json", message or _("A frame is a JSON object with a type."))


class ChatSocket(AsyncJsonWebsocketConsumer):
    side: str = ""

    async def dispatch(self, message):
        """As Channels dispatches, without its ``aclose_old_connections()`` before each message:
        that is a hop to the process's one thread-sensitive thread for every frame and every
        doorbell, which serialised all sockets behind it under load (bench/README.md). Our
        database calls manage their own connection (:func:`db`)."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- connection --------------------------------------------------------------------------

    async def connect(self):
        self.hello_done = False
        self.closing = False
        self.cursors: dict[int, int] = {}
        # Messages that came ahead of a gap, per conversation and seq; and the timers that
        # read such a gap from the database if its doorbell does not come.
        self.held: dict[int, dict[int, dict]] = {}
        self.fill_timers: dict[int, asyncio.TimerHandle] = {}
        self.tasks: set[asyncio.Future] = set()
        self.joined: set[str] = set()
        self.sends: deque[float] = deque()
        self.frames: deque[float] = deque()
        self.deadline = None
        # Accept first: a close code reaches a browser only on an open socket.
        await self.accept()
        if not origin_allowed(self.scope, self.extra_origins()):
            await self.close_with(CLOSE_FORBIDDEN)
            return
        code = await self.authenticate()
        if code:
            await self.close_with(code)
            return
        self.deadline = asyncio.ensure_future(self.hello_deadline())

    async def close_with(self, code: int) -> None:
        self.closing = True
        await self.close(code=code)

    async def hello_deadline(self) -> None:
        await asyncio.sleep(settings.CHAT_HELLO_TIMEOUT)
        if not self.hello_done and not self.closing:
            await self.close_with(CLOSE_NO_HELLO)

    async def disconnect(self, code):
        self.closing = True
        for conversation_id in list(getattr(self, "fill_timers", ())):
            self.forget_held(conversation_id, all_of_it=True)
        if self.deadline is not None:
            self.deadline.cancel()
        for group in list(getattr(self, "joined", ())):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def join(self, group: str) -> None:
        if group not in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.joined.add(group)

    async def leave(self, group: str) -> None:
        if group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)
            self.joined.discard(group)

    # --- frames from the client --------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if self.closing:
            return
        content = None
        try:
            content = self.parse(text_data)
            if not self.hello_done and content["type"] != "hello":
                await self.close_with(CLOSE_NO_HELLO)
                return
            self.count_frame()
            handler = self.handlers().get(content["type"])
            if handler is None:
                raise FrameError("unknown_type", _("Unknown frame type."))
            await handler(content)
        except FrameError as exc:
            await self.send_error(exc.code, exc.message, content)
        except ServiceError as exc:
            await self.send_error(exc.code, exc.message, content)
        except Exception:  # a socket answers a bad frame; it never dies of one
            logger.exception("chat frame failed")
            await self.send_error("server_error", _("Something went wrong; try again."), content)

    def parse(self, text_data) -> dict:
        if text_data is None:
            raise bad_frame()
        if len(text_data) > settings.CHAT_MESSAGE_MAX_CHARS * 6 + 2048:
            raise FrameError("message_too_long", _("This frame is too large."))
        try:
            content = json.loads(text_data)
        except ValueError:
            raise bad_frame(_("This frame is not valid JSON.")) from None
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            raise bad_frame()
        return content

    def count_frame(self) -> None:
        window = settings.CHAT_RATE_WINDOW
        limit = settings.CHAT_RATE_MESSAGES * FRAMES_PER_MESSAGE_LIMIT
        if not self.within_rate(self.frames, limit, window):
            raise FrameError("rate_limited", _("Too many frames; slow down."))

    @staticmethod
    def within_rate(times: deque, limit: int, window: float) -> bool:
        now = time.monotonic()
        while times and times[0] <= now - window:
            times.popleft()
        if len(times) >= limit:
            return False
        times.append(now)
        return True

    async def send_error(self, code: str, message: str, content=None) -> None:
        ref = content.get("client_id") if isinstance(content, dict) else None
        await self.send_json(
            {
                "type": "error",
                "code": code,
                "message": str(message),
                "ref": ref if isinstance(ref, str) else None,
            }
        )

    def handlers(self) -> dict:
        return {
            "hello": self.on_hello,
            "message.send": self.on_send,
            "typing": self.on_typing,
            "read": self.on_read,
            "heartbeat": self.on_heartbeat,
            "ping": self.on_ping,
        }

    async def on_hello(self, content) -> None:
        self.hello_done = True
        if self.deadline is not None:
            self.deadline.cancel()
        await self.resume(content)

    def parse_send(self, content) -> tuple[uuid.UUID, str]:
        if not self.within_rate(self.sends, settings.CHAT_RATE_MESSAGES, settings.CHAT_RATE_WINDOW):
            raise FrameError("rate_limited", _("Too many messages; wait a few seconds."))
        raw_id = content.get("client_id")
        try:
            client_id = uuid.UUID(raw_id) if isinstance(raw_id, str) else None
        except ValueError:
            client_id = None
        if client_id is None:
            raise FrameError("invalid_client_id", _("client_id must be a UUID."))
        body = content.get("body")
        return client_id, messaging.body_checked(body if isinstance(body, str) else "")

    def send_limits(self) -> list[tuple[str, str, str]]:
        """(scope, key, rate) of the limits a send counts against beyond this connection's own:
        shared by the sender's every socket and process (Redis; see each side)."""
        return []

    async def check_send_limits(self) -> None:
        for scope, key, rate in self.send_limits():
            if await ratelimit.ahit(scope, key, rate):
                raise FrameError("rate_limited", _("Too many messages; wait a few seconds."))

    async def send_message(self, conversation_id: int, content, *, internal: bool = False) -> None:
        client_id, body = self.parse_send(content)
        await self.check_send_limits()
        message = None
        if hotpath.enabled():
            message = await hotpath.append_text(
                conversation_id=conversation_id,
                sender=self.side,
                client_id=client_id,
                body=body,
                author=self.actor(),
                internal=internal,
            )
        if message is not None:
            duplicate = False
            # Committed (one autocommit statement): now the doorbell, from the loop itself.
            group, event = events.message_event(message, message_payload(message))
            await self.channel_layer.group_send(group, event)
        else:
            message, duplicate = await db(messaging.message_send)(
                conversation_id=conversation_id,
                sender=self.side,
                client_id=client_id,
                body=body,
                actor=self.actor(),
                internal=internal,
            )
        # The service has committed: the message is the record before anyone hears of it.
        await self.send_json(
            {
                "type": "message.ack",
                "client_id": str(message.client_id),
                "conversation": conversation_id,
                "seq": message.seq,
                "id": message.pk,
                "duplicate": duplicate,
            }
        )

    async def typing(self, conversation_id: int, content, name: str) -> None:
        payload = {
            "conversation": conversation_id,
            "sender": self.side,
            "name": name,
            "is_typing": bool(content.get("is_typing")),
        }
        await self.channel_layer.group_send(
            conversation_group(conversation_id),
            {
                "type": "event.forward",
                "event": events.TYPING,
                "payload": payload,
                "origin": self.channel_name,
            },
        )

    async def read(self, conversation_id: int, content) -> None:
        seq = content.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            raise bad_frame(_("seq must be a whole number."))
        await db(messaging.conversation_mark_read)(
            conversation_id=conversation_id, reader=self.side, seq=seq, actor=self.actor()
        )

    async def on_ping(self, content) -> None:
        await self.catch_up()
        await self.send_json({"type": "pong"})

    async def on_heartbeat(self, content) -> None:
        await self.catch_up()
        await self.send_json({"type": "heartbeat.ack"})

    # --- delivery ----------------------------------------------------------------------------

    @property
    def include_internal(self) -> bool:
        return self.side == Party.AGENT

    async def send_backlog(self, backlog: replay.Backlog) -> None:
        if backlog.overflow:
            await self.send_json(
                {"type": "resync", "conversation": backlog.conversation, "reason": "gap_too_large"}
            )
        else:
            for message in backlog.messages:
                await self.send_json(
                    {
                        "type": events.MESSAGE_NEW,
                        "conversation": backlog.conversation,
                        "message": message,
                    }
                )
        self.cursors[backlog.conversation] = max(
            self.cursors.get(backlog.conversation, 0), backlog.last_seq
        )
        if backlog.conversation in self.held:
            await self.release_held(backlog.conversation)

    async def deliver(self, conversation_id: int, message: dict) -> None:
        cursor = self.cursors.get(conversation_id)
        seq = message.get("seq")
        if cursor is None or not isinstance(seq, int) or seq <= cursor:
            return  # not following it (yet), or a duplicate
        if seq > cursor + 1:
            # An earlier doorbell is late (two senders' doorbells cross) or lost. Hold this one
            # for a moment: the late one usually comes within milliseconds; if not, the gap is
            # read from the database (gap_fill).
            held = self.held.setdefault(conversation_id, {})
            held[seq] = message
            if conversation_id not in self.fill_timers:
                self.fill_timers[conversation_id] = asyncio.get_running_loop().call_later(
                    GAP_WAIT_SECONDS, self.gap_fill_due, conversation_id
                )
            return
        await self.send_message_frame(conversation_id, message)
        await self.release_held(conversation_id)

    async def release_held(self, conversation_id: int) -> None:
        """Send the held messages that now follow the cursor; forget those it has passed."""
        held = self.held.get(conversation_id)
        while held and self.cursors[conversation_id] + 1 in held:
            await self.send_message_frame(
                conversation_id, held.pop(self.cursors[conversation_id] + 1)
            )
        self.forget_held(conversation_id)

    async def send_message_frame(self, conversation_id: int, message: dict) -> None:
        await self.send_json(
            {"type": events.MESSAGE_NEW, "conversation": conversation_id, "message": message}
        )
        self.cursors[conversation_id] = max(self.cursors.get(conversation_id, 0), message["seq"])

    def forget_held(self, conversation_id: int, *, all_of_it: bool = False) -> None:
        """Drop held messages the cursor has passed (or all of them); stop the timer when none
        are left."""
        held = self.held.get(conversation_id)
        cursor = self.cursors.get(conversation_id, 0)
        if held and not all_of_it:
            for seq in [s for s in held if s <= cursor]:
                del held[seq]
        if all_of_it or not held:
            self.held.pop(conversation_id, None)
            timer = self.fill_timers.pop(conversation_id, None)
            if timer is not None:
                timer.cancel()

    def gap_fill_due(self, conversation_id: int) -> None:
        """The wait is over: ask this consumer (through its own channel, so the fill runs in
        turn with everything else it handles) to read the gap from the database."""
        self.fill_timers.pop(conversation_id, None)
        if not self.closing and self.held.get(conversation_id):
            task = asyncio.ensure_future(
                self.channel_layer.send(
                    self.channel_name, {"type": "gap.fill", "conversation": conversation_id}
                )
            )
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def gap_fill(self, event) -> None:
        conversation_id = event.get("conversation")
        held = self.held.get(conversation_id)
        cursor = self.cursors.get(conversation_id)
        if not held or cursor is None:
            return
        gap = await db(replay.backlog)(
            conversation_id,
            after=cursor,
            upto=max(held),
            include_internal=self.include_internal,
        )
        # The held messages are in the backlog too (it reads up to the newest of them); what
        # is still held after it (newer ones) is released or forgotten by send_backlog.
        await self.send_backlog(gap)

    async def catch_up(self) -> None:
        if not self.cursors:
            return
        for backlog in await db(replay.backlogs)(
            dict(self.cursors), include_internal=self.include_internal
        ):
            if backlog.last_seq > self.cursors.get(backlog.conversation, 0):
                await self.send_backlog(backlog)

    async def event_forward(self, message) -> None:
        """A doorbell from the channel layer (services publish after commit)."""
        if self.closing or message.get("origin") == self.channel_name:
            return
        await self.on_event(message.get("event"), message.get("payload") or {})

    # --- per side ----------------------------------------------------------------------------

    def extra_origins(self):
        return ()

    def actor(self):
        return None

    async def authenticate(self) -> int | None:
        raise NotImplementedError

    async def resume(self, content) -> None:
        raise NotImplementedError

    async def on_send(self, content) -> None:
        raise NotImplementedError

    async def on_typing(self, content) -> None:
        raise NotImplementedError

    async def on_read(self, content) -> None:
        raise NotImplementedError

    async def on_event(self, event: str, payload: dict) -> None:
        raise NotImplementedError
