"""Live chat: a conversation is the chat detail of a work item; its messages are numbered."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.queues.models import WorkItem


class State(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Party(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    AGENT = "agent", _("Agent")
    SYSTEM = "system", _("System")


LIVE_STATES = (State.WAITING, State.ACTIVE)


class Conversation(models.Model):
    """One chat with one visitor. The work item carries queue, assignee (the holder), SLA."""

    item = models.OneToOneField(
        WorkItem,
        verbose_name=_("work item"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="conversation",
    )
    visitor_id = models.UUIDField(_("visitor"), default=uuid.uuid4, editable=False)
    visitor_name = models.CharField(_("visitor name"), max_length=100)
    contact = models.CharField(_("contact"), max_length=254, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    # The highest sequence number allocated (under a row lock on this row).
    last_seq = models.PositiveIntegerField(_("last message number"), default=0)
    visitor_last_read_seq = models.PositiveIntegerField(_("read by the visitor up to"), default=0)
    agent_last_read_seq = models.PositiveIntegerField(_("read by the agent up to"), default=0)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=10, choices=Party.choices, blank=True)
    rating_score = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("watchers"),
        blank=True,
        related_name="watched_conversations",
        help_text=_("Supervisors who joined the chat without taking it."),
    )
    converted_to = models.ForeignKey(
        WorkItem,
        verbose_name=_("converted to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["state", "offered_at"], name="chat_conv_state_offered")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating_score__isnull=True)
                | models.Q(rating_score__gte=1, rating_score__lte=5),
                name="chat_conv_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.visitor_name}"

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES


def attachment_path(instance, filename: str) -> str:
    return f"chat/{instance.conversation_id}/{uuid.uuid4().hex[:16]}/{filename}"


class ChatMessage(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    seq = models.PositiveIntegerField(_("number"))
    client_id = models.UUIDField(_("client id"))
    sender = models.CharField(_("sender"), max_length=10, choices=Party.choices)
    internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Staff only; the visitor never sees it.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("body"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_path, max_length=300, blank=True
    )
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_type = models.CharField(_("type"), max_length=100, blank=True)
    attachment_size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["conversation", "seq"]
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="chat_message_seq"),
            models.UniqueConstraint(
                fields=["conversation", "client_id"], name="chat_message_client_id"
            ),
        ]
        indexes = [models.Index(fields=["conversation", "seq"], name="chat_message_thread")]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq}"


class PresenceStatus(models.TextChoices):
    ONLINE = "online", _("Online")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")


def default_chat_capacity() -> int:
    return settings.CHAT_MAX_CONCURRENT


class AgentPresence(models.Model):
    """Whether an agent takes chats now. ``online`` counts only while heartbeats arrive."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="chat_presence",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PresenceStatus.choices, default=PresenceStatus.OFFLINE
    )
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    chat_capacity = models.PositiveSmallIntegerField(
        _("chat capacity"),
        default=default_chat_capacity,
        help_text=_("Chats the agent may hold at once."),
    )

    class Meta:
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presence")
        indexes = [models.Index(fields=["status", "last_seen"], name="chat_presence_fresh")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status}"
