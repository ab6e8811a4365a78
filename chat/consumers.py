"""Chat websockets (docs/chat-protocol.md): the visitor's socket (one conversation, by token)
and the agent's (every chat they hold or watch, multiplexed by ``conversation``).

Thin: authenticate, check access, call services off the event loop, forward events. Delivery:
each socket keeps a cursor per conversation (the highest ``seq`` it has passed on, in order). A
``message.new`` at or below the cursor is a duplicate and dropped; one beyond ``cursor + 1``
first fills the gap from the database (an earlier doorbell was late or lost). Pings and
heartbeats also catch up from the database, so a lost doorbell is repaired within one beat.

Database calls run with ``thread_sensitive=False``: each on a worker thread of the loop's pool
with that thread's own connection (closed after the call, as ``database_sync_to_async`` does),
so the sockets of one process do not queue behind a single thread.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from django.conf import settings
from django.utils.translation import gettext as _

from helpdesk.realtime.groups import user_group

from . import events, hotpath, presence, replay
from .groups import conversation_group, conversation_staff_group
from .models import Party, State
from .sockets import (
    CLOSE_FORBIDDEN,
    CLOSE_NOT_FOUND,
    CLOSE_UNAUTHENTICATED,
    ChatSocket,
    FrameError,
    bad_frame,
    db,
)
from .tokens import InvalidToken, visitor_token_read


class VisitorConsumer(ChatSocket):
    """``/ws/chat/visitor/?token=``: the token's conversation, never another."""

    side = Party.VISITOR

    def extra_origins(self):
        return settings.CHAT_WIDGET_ORIGINS

    def send_limits(self):
        address = (self.scope.get("client") or ["unknown"])[0]
        return [
            ("chat-send-visitor", str(self.conversation_id), settings.CHAT_VISITOR_SEND_RATE),
            ("chat-send-ip", str(address), settings.CHAT_VISITOR_IP_SEND_RATE),
        ]

    async def authenticate(self) -> int | None:
        query = parse_qs((self.scope.get("query_string") or b"").decode("latin1"))
        try:
            claim = visitor_token_read((query.get("token") or [None])[0])
        except InvalidToken:
            return CLOSE_UNAUTHENTICATED
        if hotpath.enabled():
            found = await hotpath.visitor_of(claim.conversation_id)
            info = found and replay.VisitorInfo(claim.conversation_id, found[0], found[1])
        else:
            info = await db(replay.visitor_info)(claim.conversation_id)
        if info is None:
            return CLOSE_NOT_FOUND
        if info.visitor_id != claim.visitor_id:
            return CLOSE_UNAUTHENTICATED
        self.info = info
        self.conversation_id = info.conversation
        # Join before any replay: whatever commits after this is heard live.
        await self.join(conversation_group(self.conversation_id))
        return None

    async def resume(self, content) -> None:
        last_seq = content.get("last_seq")
        if not isinstance(last_seq, int) or isinstance(last_seq, bool) or last_seq < 0:
            last_seq = 0
        backlog = None
        if hotpath.enabled():
            # Usually nothing is missing: then one read on the loop, no thread.
            current = await hotpath.last_seq_of(self.conversation_id)
            if current is not None and last_seq >= current:
                backlog = replay.Backlog(conversation=self.conversation_id, last_seq=current)
        if backlog is None:
            (backlog,) = await db(replay.backlogs)(
                {self.conversation_id: last_seq}, include_internal=False
            )
        self.cursors[self.conversation_id] = min(last_seq, backlog.last_seq)
        await self.send_backlog(backlog)
        await self.send_json(
            {
                "type": "ready",
                "conversation": self.conversation_id,
                "last_seq": self.cursors[self.conversation_id],
            }
        )

    async def on_send(self, content) -> None:
        await self.send_message(self.conversation_id, content)

    async def on_typing(self, content) -> None:
        await self.typing(self.conversation_id, content, self.info.name)

    async def on_read(self, content) -> None:
        await self.read(self.conversation_id, content)

    async def on_event(self, event: str, payload: dict) -> None:
        if event == events.MESSAGE_NEW:
            message = payload.get("message") or {}
            if not message.get("internal"):
                await self.deliver(self.conversation_id, message)
        elif event == events.TYPING:
            if payload.get("sender") != Party.VISITOR:
                await self.send_json({"type": event, **payload})
        elif event == events.READ:
            await self.send_json({"type": event, **payload})
        elif event == events.CONVERSATION_UPDATED:
            await self.send_json({"type": event, "conversation": self.visitor_frame(payload)})

    @staticmethod
    def visitor_frame(payload: dict) -> dict:
        frame = dict(payload.get("conversation") or {})
        agent = frame.get("agent")
        # Visitors see who answers them by name only, and only once someone does.
        frame["agent"] = (
            {"name": agent.get("name")} if agent and frame.get("state") == State.ACTIVE else None
        )
        return frame


class AgentConsumer(ChatSocket):
    """``/ws/chat/agent/``: every live chat the signed-in agent holds (or is offered) or watches."""

    side = Party.AGENT

    def actor(self):
        return self.scope["user"]

    def send_limits(self):
        return [("chat-send-user", str(self.scope["user"].pk), settings.CHAT_USER_SEND_RATE)]

    async def authenticate(self) -> int | None:
        # The session's user and their right to chat in one call on the sockets' threads
        # (Channels' AuthMiddleware would take a turn on the process's single thread-sensitive
        # thread first: the bottleneck of a burst of agents reconnecting).
        user, may_chat = await db(replay.session_agent)(self.scope)
        self.scope["user"] = user
        if not user.is_authenticated:
            return CLOSE_UNAUTHENTICATED
        if not may_chat:
            return CLOSE_FORBIDDEN
        # Offers, joins and releases reach the agent on their own group.
        await self.join(user_group(user.pk))
        return None

    async def follow(self, conversation_id: int) -> None:
        await self.join(conversation_group(conversation_id))
        await self.join(conversation_staff_group(conversation_id))

    async def unfollow(self, conversation_id: int) -> None:
        self.forget_held(conversation_id, all_of_it=True)
        self.cursors.pop(conversation_id, None)
        await self.leave(conversation_group(conversation_id))
        await self.leave(conversation_staff_group(conversation_id))

    async def resume(self, content) -> None:
        resume = content.get("resume")
        wanted: dict[int, int] = {}
        if isinstance(resume, dict):
            for key, value in resume.items():
                try:
                    conversation_id = int(key)
                except (TypeError, ValueError):
                    continue
                if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                    wanted[conversation_id] = value
        user = self.scope["user"]
        following = await db(replay.agent_conversation_ids)(user)
        for conversation_id in set(self.cursors) - set(following):
            await self.unfollow(conversation_id)
        for conversation_id in following:
            await self.follow(conversation_id)  # before reading what to replay
        cursors = {c: wanted.get(c) for c in following}
        for backlog in await db(replay.backlogs)(cursors, include_internal=True):
            start = wanted.get(backlog.conversation, backlog.last_seq)
            self.cursors[backlog.conversation] = min(start, backlog.last_seq)
            await self.send_backlog(backlog)
        await self.send_json(
            {
                "type": "ready",
                "conversations": {str(c): self.cursors[c] for c in following if c in self.cursors},
            }
        )

    def conversation_of(self, content) -> int:
        conversation_id = content.get("conversation")
        if not isinstance(conversation_id, int) or isinstance(conversation_id, bool):
            raise bad_frame(_("conversation must be a conversation id."))
        return conversation_id

    def following(self, conversation_id: int) -> int:
        if conversation_id not in self.cursors:
            raise FrameError(
                "not_in_conversation", _("You neither hold nor watch this conversation.")
            )
        return conversation_id

    async def on_send(self, content) -> None:
        conversation_id = self.conversation_of(content)
        internal = content.get("internal", False)
        if not isinstance(internal, bool):
            raise bad_frame(_("internal must be true or false."))
        await self.send_message(conversation_id, content, internal=internal)

    async def on_typing(self, content) -> None:
        conversation_id = self.following(self.conversation_of(content))
        await self.typing(conversation_id, content, self.scope["user"].name)

    async def on_read(self, content) -> None:
        await self.read(self.conversation_of(content), content)

    async def on_heartbeat(self, content) -> None:
        await db(presence.presence_heartbeat)(user=self.scope["user"])
        await super().on_heartbeat(content)

    async def on_event(self, event: str, payload: dict) -> None:
        if event == events.MESSAGE_NEW:
            await self.deliver(payload.get("conversation"), payload.get("message") or {})
        elif event in (events.TYPING, events.READ):
            if payload.get("conversation") in self.cursors:
                await self.send_json({"type": event, **payload})
        elif event == events.CONVERSATION_UPDATED:
            frame = payload.get("conversation") or {}
            await self.reconcile(frame.get("id"), frame)
        elif event in ("workitem.created", "workitem.changed") and payload.get("kind") == "chat":
            # The core assigned or released a chat: an offer to this agent, or one taken away.
            await self.reconcile(payload.get("id"), None)

    async def reconcile(self, conversation_id, frame: dict | None) -> None:
        """Follow a conversation the agent now holds or watches; leave one they no longer do."""
        if not isinstance(conversation_id, int):
            return
        view = await db(replay.agent_view)(self.scope["user"], conversation_id)
        followed = conversation_id in self.cursors
        if view.following and not followed:
            await self.follow(conversation_id)
            # Read after joining: later messages come live; earlier ones over HTTP.
            self.cursors[conversation_id] = await db(replay.last_seq_of)(conversation_id)
            kind = events.CONVERSATION_OFFERED if view.offered else events.CONVERSATION_UPDATED
            await self.send_json({"type": kind, "conversation": view.frame})
        elif not view.following and followed:
            await self.unfollow(conversation_id)
            await self.send_json(
                {"type": events.CONVERSATION_UPDATED, "conversation": view.frame or frame}
            )
        elif view.following and frame is not None:
            await self.send_json({"type": events.CONVERSATION_UPDATED, "conversation": frame})
