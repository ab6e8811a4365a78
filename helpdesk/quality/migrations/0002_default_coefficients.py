from decimal import Decimal

from django.db import migrations

# Work points per item of each kind (no category): the defaults an operator then adjusts.
DEFAULTS = {
    "ticket": Decimal("1.00"),
    "chat": Decimal("0.50"),
    "call": Decimal("0.50"),
    "callback": Decimal("0.50"),
    "complaint": Decimal("2.00"),
    "order_enquiry": Decimal("1.00"),
}


def seed(apps, schema_editor):
    PointCoefficient = apps.get_model("quality", "PointCoefficient")
    for kind, points in DEFAULTS.items():
        PointCoefficient.objects.get_or_create(
            kind=kind, category=None, defaults={"points": points}
        )


def unseed(apps, schema_editor):
    PointCoefficient = apps.get_model("quality", "PointCoefficient")
    PointCoefficient.objects.filter(category=None, kind__in=list(DEFAULTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
