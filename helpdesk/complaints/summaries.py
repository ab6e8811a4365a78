"""Keeping and sending the daily summary: one per local day, sent once to the supervisors.

The beat task asks every few minutes; the first run after a day has ended makes the summary,
stores it (``DailySummary``, unique per day) and tells each recipient live (``complaint.daily_summary``
on their user group) and by mail. Later runs find the row and do nothing, whatever the number of
workers (the row is created under a unique constraint, inside the transaction that queues the
notifications).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.realtime.groups import user_group
from helpdesk.realtime.publish import publish_on_commit

from . import reports
from .models import DailySummary


def recipients() -> list:
    return list(
        get_user_model()
        .objects.filter(is_active=True, roles__role__in=settings.COMPLAINTS_SUMMARY_ROLES)
        .distinct()
        .order_by("pk")
    )


def summary_send_for_yesterday() -> DailySummary | None:
    return summary_send(day=reports.today() - timedelta(days=1))


def summary_send(*, day: date) -> DailySummary | None:
    """Make, keep and send the summary of ``day``; None when it was already sent."""
    from .report_serializers import ComplaintDailySummarySerializer

    if DailySummary.objects.filter(day=day).exists():
        return None
    data = ComplaintDailySummarySerializer(reports.daily_summary(day)).data
    people = recipients()
    try:
        with transaction.atomic():
            summary = DailySummary.objects.create(
                day=day, data=data, sent_to=[p.pk for p in people]
            )
            _send(summary, people)
    except IntegrityError:  # another worker made it meanwhile
        return None
    return summary


def _send(summary: DailySummary, people) -> None:
    from .tasks import send_staff_mail

    data = summary.data
    payload = {
        "day": summary.day.isoformat(),
        "summary": summary.pk,
        "received": data["received"],
        "open_breaches": data["open_breaches"]["count"],
        "new_themes": len(data["new_themes"]),
    }
    subject = _(
        "Complaints of %(day)s: %(received)d received, %(breaches)d breaching their SLA"
    ) % {
        "day": summary.day.isoformat(),
        "received": data["received"],
        "breaches": data["open_breaches"]["count"],
    }
    body = mail_body(data)
    for person in people:
        publish_on_commit([user_group(person.pk)], "complaint.daily_summary", payload)
        enqueue_on_commit(send_staff_mail, person.pk, str(subject), body)


def mail_body(data: dict) -> str:
    dimensions = {
        "category": _("category"),
        "root_cause": _("root cause"),
        "channel": _("supplier channel"),
    }
    lines = [
        _(
            "Received: %(n)d. Closed: %(closed)d. Open: %(open)d (%(waiting)d waiting for a manager)."
        )
        % {
            "n": data["received"],
            "closed": data["closed"],
            "open": data["open"],
            "waiting": data["awaiting_manager"],
        },
        "",
        _("Top categories:"),
        *[f"  {c['label']}: {c['count']}" for c in data["top_categories"]],
        "",
        _("New themes:"),
        *[
            f"  {t['label']} ({dimensions.get(t['dimension'], t['dimension'])}): {t['count']}"
            for t in data["new_themes"]
        ],
        "",
        _("Breaching their SLA now: %(n)d") % {"n": data["open_breaches"]["count"]},
        *[f"  {b['reference']} {b['subject']}" for b in data["open_breaches"]["items"]],
    ]
    return "\n".join(str(line) for line in lines)
