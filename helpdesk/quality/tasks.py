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


@shared_task(name="helpdesk.quality.tasks.send_action_mail", ignore_result=True)
def send_action_mail(action_id: int) -> None:
    """Tell a corrective action's assignee by mail, with the link to the corrective-actions page."""
    from django.core.mail import send_mail
    from django.utils import translation
    from django.utils.translation import gettext as _

    from .models import CorrectiveAction

    action = (
        CorrectiveAction.objects.select_related("item", "rating", "assignee")
        .filter(pk=action_id, status="open")
        .first()
    )
    user = action.assignee if action is not None else None
    if user is None or not user.is_active or not user.email:
        return
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _("Corrective action: %(ref)s rated %(score)s") % {
            "ref": action.item.reference,
            "score": action.rating.score,
        }
        body = _(
            "The customer rated %(ref)s %(subject)s %(score)s of 5.\n"
            "Comment: %(comment)s\n\nFollow it up: %(url)s"
        ) % {
            "ref": action.item.reference,
            "subject": action.item.subject,
            "score": action.rating.score,
            "comment": action.rating.comment or "-",
            "url": f"{settings.QUALITY_ACTIONS_URL}?action={action.pk}",
        }
    send_mail(str(subject), str(body), settings.DEFAULT_FROM_EMAIL, [user.email])


@shared_task(name="helpdesk.quality.tasks.send_survey_batch", ignore_result=True)
def send_survey_batch(campaign_id: int) -> None:
    """Create a survey campaign's missing invites and mail one batch; queue the next batch while
    unsent invites remain (docs/surveys.md). Safe to run again: nobody is invited twice."""
    from .surveys import send_step

    if send_step(campaign_id):
        send_survey_batch.delay(campaign_id)
