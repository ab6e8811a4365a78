from celery import shared_task
from django.conf import settings


@shared_task(name="helpdesk.complaints.tasks.daily_summary", ignore_result=True)
def daily_summary() -> str | None:
    """Beat (every ``COMPLAINTS_SUMMARY_SWEEP_SECONDS``): once a local day has ended, its summary
    is made, kept and sent to the supervisors, exactly once (docs/complaints.md)."""
    from .summaries import summary_send_for_yesterday

    summary = summary_send_for_yesterday()
    return summary.day.isoformat() if summary is not None else None


@shared_task(name="helpdesk.complaints.tasks.send_staff_mail", ignore_result=True)
def send_staff_mail(user_id: int, subject: str, body: str) -> None:
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None and user.email:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@shared_task(name="helpdesk.complaints.tasks.send_customer_mail", ignore_result=True)
def send_customer_mail(evidence_id: int) -> None:
    """The approved resolution, exactly as recorded, to the address recorded with it."""
    from django.core.mail import send_mail
    from django.utils.translation import gettext as _

    from .models import Evidence, EvidenceKind

    message = (
        Evidence.objects.filter(pk=evidence_id, kind=EvidenceKind.CUSTOMER_MESSAGE)
        .select_related("complaint__item")
        .first()
    )
    address = (message.data or {}).get("to") if message is not None else None
    if not address:
        return
    subject = _("Your complaint %(ref)s: our resolution") % {
        "ref": message.complaint.item.reference
    }
    send_mail(str(subject), message.body, settings.DEFAULT_FROM_EMAIL, [address])
