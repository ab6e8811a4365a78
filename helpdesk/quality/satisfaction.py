"""The satisfaction analysis figures (docs/surveys.md): the response rate of the item ratings and
of a campaign, averages and score distributions by queue, agent, category, kind, week and day,
and a campaign's averages per question with its comments. Every figure is aggregated in SQL
(one query per table); the result is plain JSON, so a report can freeze it at submission.

Definitions:

* **links issued / rated** — rating links created in the period; of those, the ones whose item
  has a rating (by the link or the chat widget). The response rate is rated ÷ issued.
* **ratings** — ratings given in the period (``Rating.created_at``), by link or widget; grouped
  by the item's queue, handler (``assignee``; none: its own row), category (none: its own row),
  kind, and the local week (Monday) and day the rating was given. Every table's rows add up to
  the totals.
* **campaign** — invited, sent, answered and the response rate (answered ÷ invited), the average
  and distribution of each question, and the comments (newest first), whatever the period.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import Category, Kind, Queue

from .models import Rating, RatingLink
from .survey_models import QUESTIONS, SurveyCampaign, SurveyResponse
from .surveys import campaigns_with_counts, response_rate

DIMENSIONS = {
    "queue": "item__queue_id",
    "agent": "item__assignee_id",
    "category": "item__category_id",
    "kind": "item__kind",
    "week": "week",
    "day": "day",
}
SCORES = (1, 2, 3, 4, 5)
MAX_DAYS = 366
COMMENTS_LIMIT = 500


@dataclass(frozen=True)
class DateRange:
    first: dt.date
    last: dt.date  # inclusive

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first, dt.time()))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time()))

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


def _bad(field: str, message: str):
    return ServiceError(message, code="invalid", fields={field: [message]})


def date_range(*, month: str | None = None, date_from=None, date_to=None) -> DateRange:
    """A month (``YYYY-MM``) or a from/to pair of dates (inclusive), at most a year long."""
    if month:
        match = re.fullmatch(r"(\d{4})-(\d{2})", month)
        if not match or not 1 <= int(match[2]) <= 12:
            raise _bad("month", _("Give the month as YYYY-MM."))
        year, number = int(match[1]), int(match[2])
        first = dt.date(year, number, 1)
        after = dt.date(year + number // 12, number % 12 + 1, 1)
        return DateRange(first, after - dt.timedelta(days=1))
    if not date_from or not date_to:
        raise _bad("month", _("Give a month, or a from and a to date."))
    if date_to < date_from:
        raise _bad("to", _("The period ends before it starts."))
    if (date_to - date_from).days >= MAX_DAYS:
        raise _bad("to", _("A period is at most a year long."))
    return DateRange(date_from, date_to)


def _avg(value) -> float | None:
    return round(float(value), 2) if value is not None else None


def _score_counts(field: str = "score") -> dict:
    return {f"s{n}": Count("pk", filter=Q(**{field: n})) for n in SCORES}


def _row(key, label, data: dict) -> dict:
    return {
        "key": key,
        "label": label,
        "count": data["count"],
        "average": _avg(data["average"]),
        **{f"s{n}": data[f"s{n}"] for n in SCORES},
    }


def _labels(by: str, keys) -> dict:
    keys = [k for k in keys if k is not None]
    if by == "queue":
        return dict(Queue.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "agent":
        return {u.pk: u.name for u in get_user_model().objects.filter(pk__in=keys)}
    if by == "category":
        return dict(Category.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "kind":
        return {k: str(v) for k, v in Kind.choices}
    return {}


def _as_date(value) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()


def _table(ratings, by: str) -> list[dict]:
    field = DIMENSIONS[by]
    qs = ratings
    if by in ("week", "day"):
        trunc = TruncWeek if by == "week" else TruncDay
        qs = qs.annotate(**{by: trunc("created_at", tzinfo=timezone.get_current_timezone())})
    rows = list(
        qs.values(field)
        .annotate(count=Count("pk"), average=Avg("score"), **_score_counts())
        .order_by(field)
    )
    if by in ("week", "day"):
        return [_row(_as_date(r[field]), _as_date(r[field]), r) for r in rows]
    labels = _labels(by, [r[field] for r in rows])
    out = []
    for r in rows:
        key = r[field]
        if key is None:
            label = _("Nobody") if by == "agent" else _("No category")
        else:
            label = labels.get(key, str(key))
        out.append(_row(key, label, r))
    out.sort(key=lambda row: (row["key"] is None, -row["count"], str(row["label"])))
    return out


def item_ratings(period: DateRange) -> dict:
    links = RatingLink.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    issued = links.aggregate(
        issued=Count("pk"), rated=Count("pk", filter=Q(item__rating__isnull=False))
    )
    ratings = Rating.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    totals = ratings.aggregate(count=Count("pk"), average=Avg("score"), **_score_counts())
    return {
        "links_issued": issued["issued"],
        "links_rated": issued["rated"],
        "response_rate": response_rate(issued["rated"], issued["issued"]),
        "totals": _row(None, _("Total"), totals),
        "by": {by: _table(ratings, by) for by in DIMENSIONS},
    }


def campaign_figures(campaign: SurveyCampaign) -> dict:
    counted = campaigns_with_counts().get(pk=campaign.pk)
    answers = SurveyResponse.objects.filter(campaign=campaign)
    aggregates = {}
    for key, _label in QUESTIONS:
        aggregates[f"{key}_avg"] = Avg(key)
        for n in SCORES:
            aggregates[f"{key}_s{n}"] = Count("pk", filter=Q(**{key: n}))
    data = answers.aggregate(count=Count("pk"), **aggregates)
    comments = (
        answers.exclude(comment="")
        .order_by("-created_at", "-pk")
        .values("comment", "created_at", "service", "price", "overall")[:COMMENTS_LIMIT]
    )
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "status": campaign.status,
        "deadline": campaign.deadline.isoformat(),
        "invited": counted.invited,
        "sent": counted.sent,
        "answered": counted.answered,
        "response_rate": response_rate(counted.answered, counted.invited),
        "questions": [
            {
                "key": key,
                "label": str(label),
                "count": data["count"],
                "average": _avg(data[f"{key}_avg"]),
                **{f"s{n}": data[f"{key}_s{n}"] for n in SCORES},
            }
            for key, label in QUESTIONS
        ],
        "comments": [
            {
                "text": c["comment"],
                "created_at": c["created_at"].isoformat(),
                "service": c["service"],
                "price": c["price"],
                "overall": c["overall"],
            }
            for c in comments
        ],
    }


def figures(period: DateRange, campaign: SurveyCampaign | None = None) -> dict:
    """Everything the report shows, as plain JSON (frozen into a report at submission)."""
    return {
        "period": {
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "label": period.label,
        },
        "computed_at": timezone.now().isoformat(),
        "ratings": item_ratings(period),
        "campaign": campaign_figures(campaign) if campaign is not None else None,
    }
