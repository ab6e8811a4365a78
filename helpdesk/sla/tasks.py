from celery import shared_task
from django.conf import settings

from helpdesk.common.metrics import SLA_SCAN, note_run

from . import escalation


@shared_task(name="helpdesk.sla.tasks.scan", ignore_result=True)
def scan() -> dict:
    """Beat: warnings, breaches and escalation steps due (docs/sla.md)."""
    done = escalation.scan_and_act()
    note_run(SLA_SCAN)
    return done


@shared_task(name="helpdesk.sla.tasks.escalation_step", ignore_result=True)
def escalation_step(run_id: int) -> bool:
    return escalation.step(run_id)


@shared_task(name="helpdesk.sla.tasks.send_sla_mail", ignore_result=True)
def send_sla_mail(user_id: int, subject: str, body: str) -> None:
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None and user.email:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
