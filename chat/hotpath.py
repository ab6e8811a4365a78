"""The chat's hot path on PostgreSQL: a text message stored in one statement, on the event loop
(and the two reads every visitor's socket makes when it connects).

Most frames a busy chat server sees are text messages to an active chat. Sent through Django's
ORM on worker threads, each took several round trips, each ending in a wait for the GIL against
the event loop and the other threads; one process then served fewer than 100 messages a second
(bench/README.md, live chat). Here the same write is one ``UPDATE … RETURNING`` + ``INSERT`` in a
single statement, awaited on the event loop with psycopg's async driver: no thread, no hop.

The statement numbers the message under the conversation's row lock (as
:func:`chat.messaging.message_send` does) and stores it, or does nothing. It does nothing, and
the caller takes the general path with its checks and errors, for anything unusual: a resend
(the ``client_id`` is stored: the unique constraint fails the whole statement), a chat that is
waiting or has ended, an agent who neither holds nor watches the chat, and the holder's first
public reply (the first response is recorded by the general path). On SQLite (``make run``'s
default) the general path serves every message.

Connections: a small pool per event loop (``CHAT_HOTPATH_POOL``, 4), or a connection per call
when Django's own pool is off (the test suite, whose databases are dropped at the end).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import weakref

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .models import ChatMessage, Conversation, Party, State

logger = logging.getLogger(__name__)

_pools: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def enabled() -> bool:
    return connections["default"].vendor == "postgresql"


def _connect_kwargs() -> dict:
    params = dict(connections["default"].get_connection_params())
    # Django's sync cursor class and adapters do not apply to an async connection.
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return params


def _uses_pool() -> bool:
    return bool(settings.DATABASES["default"].get("OPTIONS", {}).get("pool"))


async def _pool_for_loop():
    from psycopg_pool import AsyncConnectionPool

    loop = asyncio.get_running_loop()
    pool = _pools.get(loop)
    if pool is None:
        pool = AsyncConnectionPool(
            # Prepared after a few uses: the one statement runs for every message. (These are
            # our own connections, never through a transaction-mode PgBouncer.)
            kwargs={**_connect_kwargs(), "autocommit": True, "prepare_threshold": 2},
            min_size=1,
            max_size=settings.CHAT_HOTPATH_POOL,
            open=False,
            name="chat-hotpath",
        )
        _pools[loop] = pool
        await pool.open()
    return pool


@functools.cache
def _statement() -> str:
    conversation = Conversation._meta
    watchers = Conversation.watchers.through._meta
    message = ChatMessage._meta
    from helpdesk.queues.models import WorkItem

    item = WorkItem._meta
    col = message.get_field
    last_seq = conversation.get_field("last_seq").column
    # Who may write: anyone on the visitor's side (the token was checked); an agent who watches
    # the chat, or holds it and has answered it before (or writes an internal note).
    may_write = (
        f"(%(sender)s = '{Party.VISITOR}' OR EXISTS ("
        f"SELECT 1 FROM {item.db_table} w WHERE w.{item.pk.column} = %(conversation)s AND ("
        f"(w.{item.get_field('assignee').column} = %(author)s "
        f"AND (w.{item.get_field('first_response_at').column} IS NOT NULL OR %(internal)s)) "
        f"OR EXISTS (SELECT 1 FROM {watchers.db_table} x "
        f"WHERE x.{watchers.get_field('conversation').column} = %(conversation)s "
        f"AND x.{watchers.get_field('user').column} = %(author)s))))"
    )
    columns = (
        "conversation",
        "seq",
        "client_id",
        "sender",
        "internal",
        "author",
        "body",
        "attachment",
        "attachment_name",
        "attachment_type",
        "attachment_size",
        "created_at",
    )
    return (
        f"WITH numbered AS (UPDATE {conversation.db_table} SET {last_seq} = {last_seq} + 1 "
        f"WHERE {conversation.pk.column} = %(conversation)s "
        f"AND {conversation.get_field('state').column} = '{State.ACTIVE}' AND {may_write} "
        f"RETURNING {last_seq}) "
        f"INSERT INTO {message.db_table} ({', '.join(col(c).column for c in columns)}) "
        f"SELECT %(conversation)s, {last_seq}, %(client_id)s, %(sender)s, %(internal)s, "
        f"%(author)s, %(body)s, '', '', '', NULL, %(created_at)s FROM numbered "
        f"RETURNING {message.pk.column}, {col('seq').column}"
    )


async def _fetch_one(sql: str, params) -> tuple | None:
    import psycopg

    if _uses_pool():
        pool = await _pool_for_loop()
        async with pool.connection() as conn:
            return await (await conn.execute(sql, params)).fetchone()
    conn = await psycopg.AsyncConnection.connect(**_connect_kwargs(), autocommit=True)
    async with conn:
        return await (await conn.execute(sql, params)).fetchone()


@functools.cache
def _reads() -> dict[str, str]:
    meta = Conversation._meta
    return {
        "visitor": (
            f"SELECT {meta.get_field('visitor_id').column}, {meta.get_field('visitor_name').column} "
            f"FROM {meta.db_table} WHERE {meta.pk.column} = %s"
        ),
        "last_seq": (
            f"SELECT {meta.get_field('last_seq').column} FROM {meta.db_table} "
            f"WHERE {meta.pk.column} = %s"
        ),
    }


async def visitor_of(conversation_id: int) -> tuple[str, str] | None:
    """``(visitor id, visitor name)`` of a conversation, or None: what a visitor's socket checks
    its token against when it connects (:func:`chat.replay.visitor_info`, without a thread)."""
    row = await _fetch_one(_reads()["visitor"], [conversation_id])
    return None if row is None else (str(row[0]), row[1])


async def last_seq_of(conversation_id: int) -> int | None:
    """The conversation's last ``seq`` (None: no such conversation)."""
    row = await _fetch_one(_reads()["last_seq"], [conversation_id])
    return None if row is None else row[0]


async def append_text(
    *, conversation_id: int, sender: str, client_id, body: str, author=None, internal=False
) -> ChatMessage | None:
    """Store the message and answer it (unsaved-looking but stored: ``pk`` and ``seq`` set), or
    None when the general path must decide (nothing was written)."""
    import psycopg

    params = {
        "conversation": conversation_id,
        "sender": sender,
        "client_id": client_id,
        "internal": bool(internal),
        "author": author.pk if author is not None else None,
        "body": body,
        "created_at": timezone.now(),
    }
    try:
        row = await _fetch_one(_statement(), params)
    except psycopg.errors.UniqueViolation:
        return None  # a resend: the general path answers the stored message
    if row is None:
        return None
    message = ChatMessage(
        pk=row[0],
        conversation_id=conversation_id,
        seq=row[1],
        client_id=client_id,
        sender=sender,
        internal=bool(internal),
        author=author,
        body=body,
        created_at=params["created_at"],
    )
    message._state.adding = False
    return message


async def close_pools() -> None:
    """Close this loop's pool (shutdown, tests)."""
    pool = _pools.pop(asyncio.get_running_loop(), None)
    if pool is not None:
        await pool.close()
