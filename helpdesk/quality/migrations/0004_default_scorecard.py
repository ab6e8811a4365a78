from django.db import migrations

# The scorecard's default lines (name, weight): an operator adjusts them in the admin.
DEFAULTS = [
    ("Greeting", 1),
    ("Accuracy", 3),
    ("Tone", 2),
    ("Resolution", 3),
    ("Policy", 1),
]


def seed(apps, schema_editor):
    Criterion = apps.get_model("quality", "Criterion")
    for position, (name, weight) in enumerate(DEFAULTS):
        Criterion.objects.get_or_create(
            name=name, defaults={"weight": weight, "position": position}
        )


def unseed(apps, schema_editor):
    Criterion = apps.get_model("quality", "Criterion")
    Criterion.objects.filter(name__in=[name for name, _weight in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0003_criterion_review_reviewscore_and_more")]

    operations = [migrations.RunPython(seed, unseed)]
