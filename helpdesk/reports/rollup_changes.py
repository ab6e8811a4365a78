"""The writers' side of the report roll-ups (decision 0022): a change to an item created before
today, or to its SLA clock, call, ticket or rating, notes the first day it may change; the
refresh rebuilds from there. Signals are wired by :func:`connect` (``ReportsConfig.ready``)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import DateTimeField, Value
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import RollupChange
from .rollups import EVERYTHING, _compiled, _today, day_start_zone


def note_item_change(item_id: int | None, created_at: dt.datetime | None = None) -> None:
    """Mark every roll-up day from the item's creation on as stale, unless the item was created
    today (its figures all fall on open days). In the writer's transaction."""
    if item_id is None:
        return
    if created_at is not None:
        if created_at >= day_start_zone(_today()):
            return
        RollupChange.objects.create(from_at=created_at)
        return
    from helpdesk.queues.models import WorkItem

    # The item is not at hand: one INSERT … SELECT (nothing when it was created today).
    qs = (
        WorkItem.objects.filter(pk=item_id, created_at__lt=day_start_zone(_today()))
        .annotate(noted=Value(timezone.now(), output_field=DateTimeField()))
        .values("created_at", "noted")
    )
    sql, params = _compiled(qs)
    table = RollupChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (from_at, created_at) {sql}", params)


def _item_of(instance, field: str = "item"):
    descriptor = type(instance)._meta.get_field(field)
    if descriptor.is_cached(instance):
        item = getattr(instance, field)
        return item.pk, item.__dict__.get("created_at")
    return getattr(instance, f"{field}_id"), None


def _on_item_saved(sender, instance, **kwargs):
    note_item_change(instance.pk, instance.__dict__.get("created_at"))


def _on_item_deleted(sender, instance, **kwargs):
    note_item_change(instance.pk, instance.__dict__.get("created_at") or EVERYTHING)


def _on_key_deleted(sender, instance, **kwargs):
    """A deleted agent or category is set to NULL on its items by an UPDATE without signals."""
    RollupChange.objects.create(from_at=EVERYTHING)


def _on_related_saved(sender, instance, **kwargs):
    note_item_change(*_item_of(instance))


def connect() -> None:
    """Wire the change notes (``ReportsConfig.ready``)."""
    from django.contrib.auth import get_user_model

    from helpdesk.hotline.models import Call
    from helpdesk.quality.models import Rating
    from helpdesk.queues.models import Category, WorkItem
    from helpdesk.sla.models import SlaClock
    from helpdesk.tickets.models import Ticket

    post_save.connect(_on_item_saved, sender=WorkItem, dispatch_uid="rollups_item_saved")
    post_delete.connect(_on_item_deleted, sender=WorkItem, dispatch_uid="rollups_item_deleted")
    for model in (get_user_model(), Category):
        post_delete.connect(
            _on_key_deleted, sender=model, dispatch_uid=f"rollups_{model.__name__}_deleted"
        )
    for model in (SlaClock, Call, Ticket, Rating):
        post_save.connect(
            _on_related_saved, sender=model, dispatch_uid=f"rollups_{model.__name__}_saved"
        )
