"""Staffing data: demand per queue, day and half-hour."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.queues.models import Kind, Queue

SLOTS_PER_DAY = 48  # half-hours
SLOT_MINUTES = 30


class DemandSource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    FORECAST = "forecast", _("Forecast")


class Demand(models.Model):
    """Contacts expected in one half-hour (``slot`` 0 = 00:00–00:30 local time) of one day, for
    one queue and one kind of work (chats are staffed with their concurrency)."""

    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="demand"
    )
    day = models.DateField(_("day"))
    slot = models.PositiveSmallIntegerField(
        _("half-hour"), validators=[MaxValueValidator(SLOTS_PER_DAY - 1)]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contacts = models.FloatField(_("contacts"), validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=10, choices=DemandSource.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demand")
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "day", "slot", "kind"], name="shifts_demand_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(slot__lt=SLOTS_PER_DAY), name="shifts_demand_slot_range"
            ),
            models.CheckConstraint(
                condition=models.Q(contacts__gte=0), name="shifts_demand_contacts_positive"
            ),
        ]
        indexes = [models.Index(fields=["queue", "day"], name="shifts_demand_queue_day")]

    def __str__(self) -> str:
        return f"{self.queue_id} {self.day} #{self.slot} {self.kind}: {self.contacts}"
