"""Customer files: confidential; every read and export is audited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CreditStanding(models.TextChoices):
    GOOD = "good", _("Good")
    WATCH = "watch", _("Watch")
    HOLD = "hold", pgettext_lazy("credit standing", "On hold")
    BLOCKED = "blocked", _("Blocked")


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    company = models.CharField(_("company"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    credit_standing = models.CharField(
        _("credit standing"),
        max_length=20,
        choices=CreditStanding.choices,
        default=CreditStanding.GOOD,
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="custodian_of",
        verbose_name=_("custodian"),
        help_text=_("The person responsible for keeping this file up to date."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["name"]), models.Index(fields=["company"])]

    def __str__(self) -> str:
        return self.name


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")


class CustomerContact(models.Model):
    """A phone number (stored E.164) or an email address (stored lower-case)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    value = models.CharField(_("value"), max_length=254)
    label = models.CharField(_("label"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        ordering = ["-is_primary", "kind", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "kind", "value"], name="customers_contact_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "value"], name="customers_contact_lookup")]

    def __str__(self) -> str:
        return self.value


class AuditAction(models.TextChoices):
    READ = "read", _("read")
    SEARCH = "search", _("searched")
    EXPORT = "export", _("exported")
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DENIED = "denied", _("access denied")


class CustomerAuditEntry(models.Model):
    """Who read, exported or changed which customer file, when, from where."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("customer file audit entry")
        verbose_name_plural = _("customer file audit entries")
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="customers_audit_customer"),
            models.Index(fields=["actor", "-created_at"], name="customers_audit_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.customer_id}"
