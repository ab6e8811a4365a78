"""Chat fixtures: agents online, a routed queue, conversations started through the service."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chat import services
from chat.models import AgentPresence, Conversation, PresenceStatus
from chat.tokens import visitor_token
from helpdesk.queues.models import RoutingMode

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def png(name="screenshot.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def go_online(user, *, capacity=None, seen=None) -> AgentPresence:
    presence, _created = AgentPresence.objects.update_or_create(
        user=user,
        defaults={"status": PresenceStatus.ONLINE, "last_seen": seen or timezone.now()},
    )
    if capacity is not None:
        presence.chat_capacity = capacity
        presence.save(update_fields=["chat_capacity"])
    return presence


def start_chat(queue, *, name="Li Lei", contact="13800138000", topic="Top-up", message=""):
    return services.conversation_start(
        queue=queue, name=name, contact=contact, topic=topic, message=message
    )


def fresh(conversation) -> Conversation:
    return Conversation.objects.select_related("item").get(pk=conversation.pk)


def new_id() -> str:
    return str(uuid.uuid4())


def token_for(conversation) -> str:
    return visitor_token(conversation)


@pytest.fixture(autouse=True)
def _chat_settings(settings, tmp_path):
    settings.CHAT_VISITOR_RATE = None  # throttling has its own test
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def routed_queue(queue):
    queue.routing_mode = RoutingMode.ROUND_ROBIN
    queue.save(update_fields=["routing_mode"])
    return queue


@pytest.fixture
def agent_online(agent):
    go_online(agent)
    return agent


@pytest.fixture
def waiting_chat(queue, agent_online):
    """A chat waiting in a manual queue (nobody routed it), with the agent online."""
    return start_chat(queue)


@pytest.fixture
def active_chat(waiting_chat, agent):
    """The agent accepted it."""
    services.conversation_accept(conversation_id=waiting_chat.pk, user=agent)
    return fresh(waiting_chat)
