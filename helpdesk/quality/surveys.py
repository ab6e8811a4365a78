"""Survey campaigns: the audience, sending (one signed, single-use invite per customer, mailed in
batches by a Celery task), the public link and its answers, closing (docs/surveys.md)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.customers.models import ContactKind, Customer, CustomerContact
from helpdesk.queues.models import WorkItem

from .survey_models import (
    QUESTIONS,
    CampaignStatus,
    SurveyCampaign,
    SurveyInvite,
    SurveyResponse,
)

SALT = "helpdesk.quality.survey-link"
ANSWERABLE = (CampaignStatus.SENDING, CampaignStatus.OPEN)


def questions() -> list[dict]:
    return [{"key": key, "label": str(label)} for key, label in QUESTIONS]


# --- reads -----------------------------------------------------------------------------------------


def campaigns_with_counts() -> QuerySet[SurveyCampaign]:
    """Campaigns with their invited, sent and answered counts (one query)."""
    return (
        SurveyCampaign.objects.select_related("queue", "created_by")
        .annotate(
            invited=Count("invites", distinct=True),
            sent=Count("invites", filter=Q(invites__sent_at__isnull=False), distinct=True),
            answered=Count("invites", filter=Q(invites__answered_at__isnull=False), distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def campaign_get(campaign_id: int) -> SurveyCampaign:
    campaign = campaigns_with_counts().filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound()
    return campaign


def response_rate(answered: int, invited: int) -> float | None:
    return round(answered / invited, 4) if invited else None


def _email_of_customer():
    return Subquery(
        CustomerContact.objects.filter(customer=OuterRef("pk"), kind=ContactKind.EMAIL)
        .order_by("-is_primary", "pk")
        .values("value")[:1]
    )


def audience(campaign: SurveyCampaign) -> QuerySet[Customer]:
    """The customers a campaign is for: those with an email contact, optionally served (an item
    created) in its period and/or in its queue. Annotated with the address to mail."""
    qs = Customer.objects.filter(
        Exists(CustomerContact.objects.filter(customer=OuterRef("pk"), kind=ContactKind.EMAIL))
    )
    if campaign.queue_id or campaign.served_from or campaign.served_to:
        items = WorkItem.objects.filter(customer=OuterRef("pk"))
        if campaign.queue_id:
            items = items.filter(queue_id=campaign.queue_id)
        if campaign.served_from:
            items = items.filter(created_at__gte=_day_start(campaign.served_from))
        if campaign.served_to:
            items = items.filter(created_at__lt=_day_start(campaign.served_to, after=True))
        qs = qs.filter(Exists(items))
    return qs.annotate(email=_email_of_customer()).order_by("pk")


def _day_start(day, *, after: bool = False):
    import datetime as dt

    if after:
        day = day + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


# --- writes ----------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor, name: str, intro: str, deadline, queue_id=None, served_from=None,
                    served_to=None) -> SurveyCampaign:  # fmt: skip
    if deadline <= timezone.now():
        message = _("The deadline must be in the future.")
        raise ServiceError(message, code="invalid", fields={"deadline": [message]})
    if served_from and served_to and served_from > served_to:
        message = _("The period ends before it starts.")
        raise ServiceError(message, code="invalid", fields={"served_to": [message]})
    if queue_id is not None:
        from helpdesk.queues.models import Queue

        if not Queue.objects.filter(pk=queue_id).exists():
            message = _("No such queue.")
            raise ServiceError(message, code="invalid", fields={"queue": [message]})
    return SurveyCampaign.objects.create(
        name=name.strip(),
        intro=intro.strip(),
        deadline=deadline,
        queue_id=queue_id,
        served_from=served_from,
        served_to=served_to,
        created_by=actor,
    )


def _locked(campaign_id: int) -> SurveyCampaign:
    campaign = SurveyCampaign.objects.select_for_update().filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound()
    return campaign


@transaction.atomic
def campaign_send(*, campaign_id: int, actor) -> SurveyCampaign:
    """Start sending a draft (or resume one still sending): invites are created and mailed by
    the task after commit, a batch at a time; nobody is invited twice."""
    campaign = _locked(campaign_id)
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.SENDING):
        raise Conflict(_("This survey has already been sent."), code="survey_already_sent")
    if campaign.deadline <= timezone.now():
        raise Conflict(_("The survey's deadline has passed."), code="survey_deadline_passed")
    campaign.status = CampaignStatus.SENDING
    campaign.sent_at = campaign.sent_at or timezone.now()
    campaign.save(update_fields=["status", "sent_at"])
    from .tasks import send_survey_batch

    enqueue_on_commit(send_survey_batch, campaign.pk)
    return campaign


@transaction.atomic
def campaign_close(*, campaign_id: int, actor) -> SurveyCampaign:
    campaign = _locked(campaign_id)
    if campaign.status == CampaignStatus.CLOSED:
        raise Conflict(_("This survey is already closed."), code="survey_already_closed")
    if campaign.status == CampaignStatus.DRAFT:
        raise Conflict(_("A survey that was never sent cannot be closed."), code="survey_not_sent")
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    return campaign


def invites_create(campaign: SurveyCampaign) -> int:
    """Create the missing invites of the campaign's audience, a batch at a time (a customer
    already invited is skipped: the unique constraint and ``ignore_conflicts``). Returns how many
    were new."""
    size = settings.QUALITY_SURVEY_BATCH_SIZE
    invited = SurveyInvite.objects.filter(campaign=campaign, customer=OuterRef("pk"))
    pending = audience(campaign).exclude(Exists(invited)).values_list("pk", "email")
    created = 0
    last = 0
    while True:
        batch = list(pending.filter(pk__gt=last)[:size])
        if not batch:
            return created
        rows = [
            SurveyInvite(
                campaign=campaign,
                customer_id=pk,
                email=email,
                token=signing.dumps({"s": campaign.pk, "c": pk}, salt=SALT),
            )
            for pk, email in batch
        ]
        created += len(SurveyInvite.objects.bulk_create(rows, ignore_conflicts=True))
        last = batch[-1][0]


def invites_mail_batch(campaign: SurveyCampaign) -> int:
    """Mail one batch of the campaign's unsent invites (rows locked, others skip them); returns
    how many were mailed."""
    from django.core.mail import EmailMessage, get_connection

    with transaction.atomic():
        batch = list(
            SurveyInvite.objects.select_for_update(skip_locked=True)
            .filter(campaign=campaign, sent_at__isnull=True)
            .select_related("customer")
            .order_by("pk")[: settings.QUALITY_SURVEY_BATCH_SIZE]
        )
        if not batch:
            return 0
        messages = [_invite_message(campaign, invite, EmailMessage) for invite in batch]
        get_connection().send_messages(messages)
        SurveyInvite.objects.filter(pk__in=[i.pk for i in batch]).update(sent_at=timezone.now())
    return len(batch)


def survey_url(token: str) -> str:
    return settings.QUALITY_SURVEY_URL + token + "/"


def _invite_message(campaign, invite, message_class):
    deadline = timezone.localtime(campaign.deadline).strftime("%Y-%m-%d %H:%M")
    subject = _("Survey: %(name)s") % {"name": campaign.name}
    parts = [
        _("Dear %(customer)s,") % {"customer": invite.customer.name},
        campaign.intro,
        _("Please tell us how we did (service quality, price, overall) by %(deadline)s: %(url)s")
        % {"deadline": deadline, "url": survey_url(invite.token)},
    ]
    body = "\n\n".join(p for p in parts if p)
    return message_class(str(subject), body, settings.DEFAULT_FROM_EMAIL, [invite.email])


def send_step(campaign_id: int) -> bool:
    """One step of sending: create missing invites, mail a batch. True when more remain; when
    none remain the campaign is open."""
    campaign = SurveyCampaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.status != CampaignStatus.SENDING:
        return False
    invites_create(campaign)
    mailed = invites_mail_batch(campaign)
    if mailed and SurveyInvite.objects.filter(campaign=campaign, sent_at__isnull=True).exists():
        return True
    SurveyCampaign.objects.filter(pk=campaign.pk, status=CampaignStatus.SENDING).update(
        status=CampaignStatus.OPEN
    )
    return False


# --- the public link -------------------------------------------------------------------------------


def invite_read(token: str, *, for_update: bool = False) -> SurveyInvite:
    """The invite a token opens: 400 forged, 404 never issued, 410 used, closed or past due."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise ServiceError(_("This survey link is not valid."), code="invalid_link") from None
    qs = SurveyInvite.objects.select_related("campaign", "customer")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    invite = qs.filter(
        token=token, campaign_id=payload.get("s"), customer_id=payload.get("c")
    ).first()
    if invite is None:
        raise NotFound(_("This survey link is not valid."))
    if invite.answered_at is not None:
        raise ServiceError(
            _("This survey has already been answered with this link."),
            code="link_used",
            status_code=410,
        )
    campaign = invite.campaign
    if campaign.status not in ANSWERABLE or campaign.deadline <= timezone.now():
        raise ServiceError(_("This survey is closed."), code="survey_closed", status_code=410)
    return invite


@transaction.atomic
def survey_answer(*, token: str, service: int, price: int, overall: int, comment: str = ""):
    """The customer's answers, once per link (a second one is ``link_used``, nothing changed)."""
    for name, value in (("service", service), ("price", price), ("overall", overall)):
        if not 1 <= int(value) <= 5:
            message = _("A score is from 1 to 5.")
            raise ServiceError(message, code="invalid", fields={name: [message]})
    invite = invite_read(token, for_update=True)
    response = SurveyResponse.objects.create(
        invite=invite,
        campaign_id=invite.campaign_id,
        service=service,
        price=price,
        overall=overall,
        comment=(comment or "").strip(),
    )
    invite.answered_at = response.created_at
    invite.save(update_fields=["answered_at"])
    return response
