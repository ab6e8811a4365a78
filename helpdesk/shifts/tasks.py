from celery import shared_task
from django.conf import settings

from . import builds


@shared_task(
    name="helpdesk.shifts.tasks.build_roster",
    ignore_result=True,
    # The solver stops itself at the build's time limit; this only catches a hung worker.
    soft_time_limit=builds.MAX_TIME_LIMIT + 120,
    time_limit=builds.MAX_TIME_LIMIT + 180,
    acks_late=False,  # a build that killed its worker is not run again and again
)
def build_roster(build_id: int) -> None:
    builds.build_run(build_id)


@shared_task(name="helpdesk.shifts.tasks.send_roster_mail", ignore_result=True)
def send_roster_mail(user_id: int, subject: str, body: str) -> None:
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None and user.email:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
