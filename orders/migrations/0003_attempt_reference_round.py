"""Each attempt gets its own supplier reference; each order remembers when its round began."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def fill(apps, schema_editor):
    """Attempts made before this change were sent with the order's reference: the last one on
    each channel keeps it (a supplier may still be asked about it); earlier ones on the same
    channel, all answered, take the new form."""
    Attempt = apps.get_model("orders", "Attempt")
    Order = apps.get_model("orders", "Order")
    latest = {}
    rows = Attempt.objects.select_related("order").order_by("order_id", "channel_id", "number")
    for attempt in rows:
        latest[(attempt.order_id, attempt.channel_id)] = attempt
    for attempt in rows:
        if latest[(attempt.order_id, attempt.channel_id)] is attempt:
            attempt.reference = attempt.order.reference
        else:
            attempt.reference = f"{attempt.order.reference}-{attempt.number}"
        attempt.save(update_fields=["reference"])
    Order.objects.update(round_started_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("orders", "0002_order_enquiry")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="round_started_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="round started at"
            ),
        ),
        migrations.AddField(
            model_name="attempt",
            name="reference",
            field=models.CharField(max_length=40, null=True, verbose_name="supplier reference"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attempt",
            name="reference",
            field=models.CharField(max_length=40, verbose_name="supplier reference"),
        ),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                fields=["channel", "reference"], name="orders_attempt_reference"
            ),
        ),
    ]
