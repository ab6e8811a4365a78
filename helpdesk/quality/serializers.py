"""Input and output shapes of the quality endpoints."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer

from .ledger import FIGURES
from .models import CorrectiveAction, ReviewReason


class SatisfactionRatingInputSerializer(StrictInputSerializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RateTargetSerializer(serializers.Serializer):
    """What a rating link rates (only what the customer may see)."""

    reference = serializers.CharField(source="item.reference")
    kind = serializers.CharField(source="item.kind")
    subject = serializers.CharField(source="item.subject")
    queue = serializers.CharField(source="item.queue.name")
    agent = serializers.SerializerMethodField()
    resolved_at = serializers.DateTimeField(source="item.resolved_at")

    def get_agent(self, link) -> str:
        agent = link.item.assignee
        return agent.name if agent is not None else ""


class SatisfactionRatingSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    score = serializers.IntegerField()
    comment = serializers.CharField()
    source = serializers.CharField()
    created_at = serializers.DateTimeField()


class MonthQuerySerializer(StrictInputSerializer):
    month = serializers.CharField(help_text=_("YYYY-MM"))


class QuarterQuerySerializer(StrictInputSerializer):
    quarter = serializers.CharField(help_text=_("YYYY-Qn"))


class TraceQuerySerializer(StrictInputSerializer):
    agent = serializers.IntegerField()
    month = serializers.CharField(help_text=_("YYYY-MM"))
    figure = serializers.ChoiceField(choices=FIGURES)


class AgentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.name


class LedgerRowSerializer(serializers.Serializer):
    agent = AgentRefSerializer()
    items = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=12, decimal_places=2)
    base = serializers.DecimalField(max_digits=12, decimal_places=2)
    above_base = serializers.DecimalField(max_digits=12, decimal_places=2)
    confirmed = serializers.IntegerField()
    praise = serializers.IntegerField()
    complaints = serializers.IntegerField()
    repeats = serializers.IntegerField()
    reviews = serializers.IntegerField()
    review_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class RankingRowSerializer(LedgerRowSerializer):
    rank = serializers.IntegerField()


class LedgerSerializer(serializers.Serializer):
    period = serializers.CharField()
    rows = LedgerRowSerializer(many=True)


class RankingSerializer(serializers.Serializer):
    period = serializers.CharField()
    rows = RankingRowSerializer(many=True)


class TraceEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    subject = serializers.CharField()
    customer = serializers.IntegerField(allow_null=True)
    category = serializers.IntegerField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    points = serializers.DecimalField(max_digits=8, decimal_places=2, required=False)
    score = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False)
    review = serializers.IntegerField(required=False)
    review_score = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    source = serializers.CharField(required=False)
    source_item = serializers.IntegerField(required=False, allow_null=True)
    repeated_by = serializers.IntegerField(required=False)


class TraceSerializer(serializers.Serializer):
    agent = serializers.IntegerField()
    period = serializers.CharField()
    figure = serializers.CharField()
    count = serializers.IntegerField()
    items = TraceEntrySerializer(many=True)


class PraiseInputSerializer(StrictInputSerializer):
    item = serializers.IntegerField()
    note = serializers.CharField(max_length=2000)


class PraiseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    agent = serializers.IntegerField(source="agent_id")
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class CorrectiveActionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="item.reference")
    kind = serializers.CharField(source="item.kind")
    subject = serializers.CharField(source="item.subject")
    agent = AgentRefSerializer(source="item.assignee", allow_null=True)
    score = serializers.IntegerField(source="rating.score")
    comment = serializers.CharField(source="rating.comment")
    rated_at = serializers.DateTimeField(source="rating.created_at")
    assignee = AgentRefSerializer(allow_null=True)
    done_by = AgentRefSerializer(allow_null=True)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "item",
            "reference",
            "kind",
            "subject",
            "agent",
            "score",
            "comment",
            "rated_at",
            "assignee",
            "status",
            "note",
            "created_at",
            "done_by",
            "done_at",
        ]


class CorrectiveActionsQuerySerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=["open", "done", "all"], default="open")
    mine = serializers.BooleanField(required=False, default=False)


class CorrectiveActionWorkSerializer(StrictInputSerializer):
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    done = serializers.BooleanField(required=False, default=False)


class ExportMonthQuerySerializer(MonthQuerySerializer):
    output = serializers.CharField(required=False, allow_blank=True, help_text=_("csv or xlsx"))


class ExportQuarterQuerySerializer(QuarterQuerySerializer):
    output = serializers.CharField(required=False, allow_blank=True, help_text=_("csv or xlsx"))


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    weight = serializers.IntegerField()


class ReviewCandidatesQuerySerializer(StrictInputSerializer):
    month = serializers.CharField(help_text=_("YYYY-MM"))
    rule = serializers.ChoiceField(
        choices=["random", "low_rating", "long_handle", "complaint"], default="random"
    )
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


class ReviewCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    subject = serializers.CharField()
    queue = serializers.CharField(source="queue.name")
    agent = AgentRefSerializer(source="assignee")
    resolved_at = serializers.DateTimeField()


class ReviewScoreInputSerializer(StrictInputSerializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(min_value=1, max_value=5)


class ReviewInputSerializer(StrictInputSerializer):
    item = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=ReviewReason.choices, default=ReviewReason.MANUAL)
    scores = ReviewScoreInputSerializer(many=True)
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ReviewTextSerializer(StrictInputSerializer):
    text = serializers.CharField(max_length=4000)


class ReviewsQuerySerializer(StrictInputSerializer):
    agent = serializers.IntegerField(required=False)
    month = serializers.CharField(required=False, help_text=_("YYYY-MM"))


class ReviewScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    name = serializers.CharField(source="criterion.name")
    weight = serializers.IntegerField()
    score = serializers.IntegerField()


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    reference = serializers.CharField(source="item.reference")
    kind = serializers.CharField(source="item.kind")
    subject = serializers.CharField(source="item.subject")
    agent = serializers.IntegerField(source="agent_id")
    reviewer = serializers.IntegerField(source="reviewer_id", allow_null=True)
    reason = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    comment = serializers.CharField()
    scores = ReviewScoreSerializer(many=True)
    status = serializers.CharField()
    dispute = serializers.CharField()
    disputed_at = serializers.DateTimeField(allow_null=True)
    answer = serializers.CharField()
    answered_by = serializers.IntegerField(source="answered_by_id", allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
