from celery import shared_task
from django.conf import settings


@shared_task(name="helpdesk.quality.tasks.send_rating_mail", ignore_result=True)
def send_rating_mail(link_id: int) -> None:
    """Ask the customer to rate the item, with the link's address."""
    from django.core.mail import send_mail
    from django.utils.translation import gettext as _

    from .models import RatingLink

    link = RatingLink.objects.select_related("item").filter(pk=link_id).first()
    if link is None or not link.sent_to or link.used_at is not None:
        return
    subject = _("How did we do? %(ref)s %(subject)s") % {
        "ref": link.item.reference,
        "subject": link.item.subject,
    }
    body = _("Please rate our help from 1 to 5: %(url)s") % {
        "url": settings.QUALITY_RATING_URL + link.token + "/"
    }
    send_mail(str(subject), str(body), settings.DEFAULT_FROM_EMAIL, [link.sent_to])
