"""The demo seed shows the quality pages something: ratings (low ones with corrective actions),
praise and a review, made through the services."""

import pytest
from django.core.management import call_command

from helpdesk.quality.models import CorrectiveAction, Praise, Rating, Review

pytestmark = pytest.mark.django_db


def test_the_demo_has_ratings_corrective_actions_praise_and_a_review(settings):
    settings.SETTINGS_MODULE = "helpdesk.settings.test"
    call_command("seed_demo")

    assert Rating.objects.count() >= 4
    assert CorrectiveAction.objects.filter(rating__score__lt=3).count() >= 1
    assert Praise.objects.count() == 1
    assert Review.objects.count() == 1

    call_command("seed_demo")

    assert (Praise.objects.count(), Review.objects.count()) == (1, 1)
