"""The visitor's token: ``{"v": visitor_id, "c": conversation_id}`` signed with Django's signing.

Issued when a visitor starts a conversation; it opens that conversation and no other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "chat.visitor"


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class VisitorClaim:
    visitor_id: str
    conversation_id: int


def visitor_token(conversation) -> str:
    return signing.dumps({"v": str(conversation.visitor_id), "c": conversation.pk}, salt=SALT)


def visitor_token_read(token: str | None) -> VisitorClaim:
    """The token's claim, or :class:`InvalidToken` (missing, forged, expired or malformed)."""
    if not token:
        raise InvalidToken("missing")
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.CHAT_VISITOR_TOKEN_MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise InvalidToken("bad signature") from exc
    if not isinstance(data, dict):
        raise InvalidToken("malformed")
    visitor, conversation = data.get("v"), data.get("c")
    if not isinstance(visitor, str) or not isinstance(conversation, int):
        raise InvalidToken("malformed")
    return VisitorClaim(visitor_id=visitor, conversation_id=conversation)
