from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    """A member of staff. Roles are rows of :class:`UserRole`; queues come from memberships."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        help_text=_("Interface language; empty follows the browser."),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    extension = models.CharField(_("phone extension"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def name(self) -> str:
        return str(self)

    @cached_property
    def role_set(self) -> frozenset[str]:
        """The user's roles (one query, cached on the instance; prefetch ``roles`` to avoid it)."""
        if not self.is_active:
            return frozenset()
        return frozenset(r.role for r in self.roles.all())

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_manager(self) -> bool:
        return Role.MANAGER in self.role_set


class UserRole(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_userrole_unique"),
        ]
        indexes = [models.Index(fields=["role"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCEEDED = "login_succeeded", _("signed in")
    LOGIN_FAILED = "login_failed", _("sign-in failed")
    LOGIN_LOCKED = "login_locked", _("sign-in locked out")
    LOGIN_RATE_LIMITED = "login_rate_limited", _("sign-in rate limited")
    LOGOUT = "logout", _("signed out")
    TOKEN_ROTATED = "token_rotated", _("API token issued")
    ROLE_GRANTED = "role_granted", _("role granted")
    ROLE_REVOKED = "role_revoked", _("role revoked")
    ACCOUNT_CHANGED = "account_changed", _("account flags changed")
    QUEUE_MEMBER_ADDED = "queue_member_added", _("added to a queue")
    QUEUE_MEMBER_CHANGED = "queue_member_changed", _("queue membership changed")
    QUEUE_MEMBER_REMOVED = "queue_member_removed", _("removed from a queue")


class SecurityEvent(models.Model):
    """Who signed in or out (or failed to), and whose permissions changed, by whom, from where.

    Append-only: written by :mod:`helpdesk.accounts.audit`, never edited (the admin is read-only).
    Customer-file reads and report exports have their own logs (``CustomerAuditEntry``,
    ``ExportLog``).
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=SecurityEventKind.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
    )
    username = models.CharField(_("username given"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["kind", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username or self.user_id or ''}".strip()
