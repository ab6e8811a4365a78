"""Keeping and sending the daily problems report: once a local day, in the evening, to the
supervisors and managers (live on their user group, ``reports.daily_problems``, and by mail).

The beat task asks every few minutes; the first run at or after ``REPORTS_PROBLEMS_HOUR`` (local)
makes the day's report, stores it (``DailyProblems``, unique per day) and queues the
notifications in the same transaction. Later runs find the row and do nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.realtime.groups import user_group
from helpdesk.realtime.publish import publish_on_commit

from . import problems
from .models import DailyProblems


def recipients() -> list:
    return list(
        get_user_model()
        .objects.filter(is_active=True, roles__role__in=settings.REPORTS_PROBLEMS_ROLES)
        .distinct()
        .order_by("pk")
    )


def problems_send_if_due(now: dt.datetime | None = None) -> DailyProblems | None:
    """Today's report once the local evening hour has come; None when not due or already sent."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.REPORTS_PROBLEMS_HOUR:
        return None
    return problems_send(day=local.date())


def problems_send(*, day: dt.date) -> DailyProblems | None:
    import json

    if DailyProblems.objects.filter(day=day).exists():
        return None
    report = problems.daily_problems(day)
    data = json.loads(json.dumps(report, cls=DjangoJSONEncoder))
    people = recipients()
    try:
        with transaction.atomic():
            stored = DailyProblems.objects.create(
                day=day, data=data, sent_to=[p.pk for p in people]
            )
            _send(stored, people)
    except IntegrityError:  # another worker made it meanwhile
        return None
    return stored


def _send(stored: DailyProblems, people) -> None:
    from helpdesk.complaints.tasks import send_staff_mail

    totals = stored.data["totals"]
    payload = {
        "date": stored.day.isoformat(),
        "report": stored.pk,
        "created": totals["created"],
        "sla_breaches": totals["sla_breaches"],
        "low_ratings": totals["low_ratings"],
        "complaints": totals["complaints"],
    }
    subject = _(
        "Problems of %(day)s: %(breaches)d SLA breaches, %(low)d low ratings, "
        "%(complaints)d complaints"
    ) % {
        "day": stored.day.isoformat(),
        "breaches": totals["sla_breaches"],
        "low": totals["low_ratings"],
        "complaints": totals["complaints"],
    }
    body = mail_body(stored.data)
    for person in people:
        publish_on_commit([user_group(person.pk)], "reports.daily_problems", payload)
        enqueue_on_commit(send_staff_mail, person.pk, str(subject), body)


def mail_body(data: dict) -> str:
    lines = [
        _("Created: %(n)d (previous 7 days: %(avg)s a day).")
        % {"n": data["totals"]["created"], "avg": data["totals"]["previous_avg"]},
        "",
    ]
    for row in data["rows"]:
        lines.append(
            _(
                "%(label)s: %(created)d created (%(change)+.1f), %(breaches)d SLA breaches, "
                "%(low)d low ratings, %(complaints)d complaints, %(reopened)d reopened"
            )
            % {
                "label": row["label"],
                "created": row["created"],
                "change": row["change"],
                "breaches": row["sla_breaches"],
                "low": row["low_ratings"],
                "complaints": row["complaints"],
                "reopened": row["reopened"],
            }
        )
        lines += [f"    {w['reference']} {w['subject']} — {w['why']}" for w in row["worst"]]
    return "\n".join(str(line) for line in lines)
