"""Input and output shapes of the survey campaigns, the public survey link and the satisfaction
analysis report (docs/surveys.md)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer

from .satisfaction import DIMENSIONS

TABLES = (*DIMENSIONS, "questions", "comments")


class SurveyCampaignInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=200)
    intro = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    deadline = serializers.DateTimeField()
    queue = serializers.IntegerField(required=False, allow_null=True, default=None)
    served_from = serializers.DateField(required=False, allow_null=True, default=None)
    served_to = serializers.DateField(required=False, allow_null=True, default=None)


class SurveyCampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    intro = serializers.CharField()
    deadline = serializers.DateTimeField()
    status = serializers.CharField()
    queue = serializers.IntegerField(source="queue_id", allow_null=True)
    queue_name = serializers.CharField(source="queue.name", allow_null=True, default=None)
    served_from = serializers.DateField(allow_null=True)
    served_to = serializers.DateField(allow_null=True)
    created_by = serializers.CharField(source="created_by.name", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    invited = serializers.IntegerField()
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    response_rate = serializers.SerializerMethodField()

    def get_response_rate(self, campaign) -> float | None:
        return round(campaign.answered / campaign.invited, 4) if campaign.invited else None


class SurveyQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class SurveyPageSerializer(serializers.Serializer):
    """What the customer sees on the public survey page."""

    name = serializers.CharField(source="campaign.name")
    intro = serializers.CharField(source="campaign.intro")
    deadline = serializers.DateTimeField(source="campaign.deadline")
    customer = serializers.CharField(source="customer.name")
    questions = SurveyQuestionSerializer(many=True)


class SurveyAnswerInputSerializer(StrictInputSerializer):
    service = serializers.IntegerField(min_value=1, max_value=5)
    price = serializers.IntegerField(min_value=1, max_value=5)
    overall = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class SurveyAnswerSerializer(serializers.Serializer):
    service = serializers.IntegerField()
    price = serializers.IntegerField()
    overall = serializers.IntegerField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class SatisfactionQuerySerializer(StrictInputSerializer):
    month = serializers.CharField(required=False, help_text=_("YYYY-MM"))
    # "from" is a Python keyword: the field is declared below under its real name.
    to = serializers.DateField(required=False)
    campaign = serializers.IntegerField(required=False)
    output = serializers.ChoiceField(choices=["json", "csv", "xlsx"], required=False)
    table = serializers.ChoiceField(choices=TABLES, default="queue")


SatisfactionQuerySerializer._declared_fields["from"] = serializers.DateField(required=False)


class SatisfactionExportQuerySerializer(StrictInputSerializer):
    output = serializers.ChoiceField(choices=["json", "csv", "xlsx"], required=False)
    table = serializers.ChoiceField(choices=TABLES, default="queue")


class SatisfactionRowSerializer(serializers.Serializer):
    key = serializers.JSONField(allow_null=True)
    label = serializers.CharField()
    count = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    s1 = serializers.IntegerField()
    s2 = serializers.IntegerField()
    s3 = serializers.IntegerField()
    s4 = serializers.IntegerField()
    s5 = serializers.IntegerField()


class SatisfactionByDimensionSerializer(serializers.Serializer):
    queue = SatisfactionRowSerializer(many=True)
    agent = SatisfactionRowSerializer(many=True)
    category = SatisfactionRowSerializer(many=True)
    kind = SatisfactionRowSerializer(many=True)
    week = SatisfactionRowSerializer(many=True)
    day = SatisfactionRowSerializer(many=True)


class SatisfactionItemRatingsSerializer(serializers.Serializer):
    links_issued = serializers.IntegerField()
    links_rated = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    totals = SatisfactionRowSerializer()
    by = SatisfactionByDimensionSerializer()


class SurveyQuestionFiguresSerializer(SatisfactionRowSerializer):
    label = serializers.CharField()


class SurveyCommentSerializer(serializers.Serializer):
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    service = serializers.IntegerField()
    price = serializers.IntegerField()
    overall = serializers.IntegerField()


class SurveyCampaignFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    deadline = serializers.DateTimeField()
    invited = serializers.IntegerField()
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    questions = SurveyQuestionFiguresSerializer(many=True)
    comments = SurveyCommentSerializer(many=True)


class SatisfactionFiguresSerializer(serializers.Serializer):
    """The analysis figures (live, or frozen in a report: plain JSON either way)."""

    period = serializers.DictField()
    computed_at = serializers.DateTimeField()
    ratings = SatisfactionItemRatingsSerializer()
    campaign = SurveyCampaignFiguresSerializer(allow_null=True)

    def to_representation(self, instance):
        return instance  # already plain JSON (satisfaction.figures)


class SatisfactionReportInputSerializer(StrictInputSerializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    month = serializers.CharField(required=False, help_text=_("YYYY-MM"))
    to = serializers.DateField(required=False)
    campaign = serializers.IntegerField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    actions = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


SatisfactionReportInputSerializer._declared_fields["from"] = serializers.DateField(required=False)


class SatisfactionReportUpdateSerializer(StrictInputSerializer):
    title = serializers.CharField(max_length=200, required=False)
    month = serializers.CharField(required=False, help_text=_("YYYY-MM"))
    to = serializers.DateField(required=False)
    campaign = serializers.IntegerField(required=False, allow_null=True)
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    actions = serializers.CharField(max_length=20000, required=False, allow_blank=True)


SatisfactionReportUpdateSerializer._declared_fields["from"] = serializers.DateField(required=False)


class SatisfactionSendBackSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=4000)


class SatisfactionReportEventSerializer(serializers.Serializer):
    verb = serializers.CharField()
    actor = serializers.CharField(source="actor.name", allow_null=True, default=None)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class SatisfactionReportSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    campaign = serializers.IntegerField(source="campaign_id", allow_null=True)
    campaign_name = serializers.CharField(source="campaign.name", allow_null=True, default=None)
    status = serializers.CharField()
    created_by = serializers.CharField(source="created_by.name", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    submitted_by = serializers.CharField(source="submitted_by.name", allow_null=True, default=None)
    submitted_at = serializers.DateTimeField(allow_null=True)
    published_by = serializers.CharField(source="published_by.name", allow_null=True, default=None)
    published_at = serializers.DateTimeField(allow_null=True)


class SatisfactionReportSerializer(SatisfactionReportSummarySerializer):
    summary = serializers.CharField()
    actions = serializers.CharField()
    frozen = serializers.SerializerMethodField()
    events = SatisfactionReportEventSerializer(many=True)
    figures = serializers.SerializerMethodField()

    def get_frozen(self, report) -> bool:
        return report.status in ("submitted", "published")

    @extend_schema_field(SatisfactionFiguresSerializer)
    def get_figures(self, report) -> dict:
        return self.context["figures"]
