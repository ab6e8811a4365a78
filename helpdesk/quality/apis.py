"""Quality endpoints under ``/api/v1/quality/``: the public rating link, the performance ledger,
its trace, the quarterly ranking, praise and corrective actions."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm, user_has_perm
from helpdesk.common.errors import NotFound
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.reports.exports import wanted_output

from . import actions, exports, ledger, reviews, services
from .models import Criterion, Review
from .serializers import (
    CorrectiveActionSerializer,
    CorrectiveActionsQuerySerializer,
    CorrectiveActionWorkSerializer,
    CriterionSerializer,
    ExportMonthQuerySerializer,
    ExportQuarterQuerySerializer,
    LedgerSerializer,
    MonthQuerySerializer,
    PraiseInputSerializer,
    PraiseSerializer,
    RankingSerializer,
    RateTargetSerializer,
    ReviewCandidateSerializer,
    ReviewCandidatesQuerySerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    ReviewsQuerySerializer,
    ReviewTextSerializer,
    SatisfactionRatingInputSerializer,
    SatisfactionRatingSerializer,
    TraceQuerySerializer,
    TraceSerializer,
)

LINK_ERRORS = {
    400: OpenApiResponse(description="invalid_link: forged or damaged"),
    404: OpenApiResponse(description="invalid_link: no such link"),
    410: OpenApiResponse(description="link_expired, link_used"),
}


class RateApi(ApiView):
    """The customer's rating link (public: the signed token in the address is the key)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: RateTargetSerializer, **LINK_ERRORS}, summary="What is rated")
    def get(self, request, token: str):
        return Response(RateTargetSerializer(services.rating_link_read(token)).data)

    @extend_schema(
        request=SatisfactionRatingInputSerializer,
        responses={
            201: SatisfactionRatingSerializer,
            **LINK_ERRORS,
            409: OpenApiResponse(description="already_rated"),
        },
        summary="Rate (once)",
    )
    def post(self, request, token: str):
        data = validated(SatisfactionRatingInputSerializer, request.data)
        rating = services.rating_submit_by_link(
            token=token, score=data["score"], comment=data["comment"]
        )
        return Response(SatisfactionRatingSerializer(rating).data, status=status.HTTP_201_CREATED)


def _own_or_all(user, agent_id: int) -> None:
    """One's own ledger, or anyone's with ``quality.read_all``; another's is a 404."""
    if agent_id != user.pk and not user_has_perm(user, Perm.QUALITY_READ_ALL):
        raise NotFound()


class LedgerApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_ALL}

    @extend_schema(
        parameters=[ExportMonthQuerySerializer],
        responses={
            200: LedgerSerializer,
            403: OpenApiResponse(description="export: report.export"),
        },
        operation_id="quality_ledger",
        summary="Every agent's month (?output=csv|xlsx: the same rows as a file)",
    )
    def get(self, request):
        query = validated(ExportMonthQuerySerializer, query_dict(request))
        output = wanted_output(query.get("output"))
        period = ledger.month_period(query["month"])
        rows = ledger.ledger(period)
        if output:
            return exports.ledger_file(request, period=period, rows=rows, output=output)
        return Response(LedgerSerializer({"period": period.label, "rows": rows}).data)


class AgentLedgerApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_OWN}

    @extend_schema(
        parameters=[MonthQuerySerializer],
        responses=LedgerSerializer,
        operation_id="quality_agent_ledger",
    )
    def get(self, request, agent_id: int):
        _own_or_all(request.user, agent_id)
        query = validated(MonthQuerySerializer, query_dict(request))
        period = ledger.month_period(query["month"])
        rows = ledger.ledger(period, agent_id=agent_id)
        if not rows:
            raise NotFound()
        return Response(LedgerSerializer({"period": period.label, "rows": rows}).data)


class LedgerTraceApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_OWN}

    @extend_schema(parameters=[TraceQuerySerializer], responses=TraceSerializer)
    def get(self, request):
        query = validated(TraceQuerySerializer, query_dict(request))
        _own_or_all(request.user, query["agent"])
        period = ledger.month_period(query["month"])
        items = ledger.trace(period, query["agent"], query["figure"])
        data = {
            "agent": query["agent"],
            "period": period.label,
            "figure": query["figure"],
            "count": len(items),
            "items": items,
        }
        return Response(TraceSerializer(data).data)


class RankingApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_ALL}

    @extend_schema(
        parameters=[ExportQuarterQuerySerializer],
        responses={
            200: RankingSerializer,
            403: OpenApiResponse(description="export: report.export"),
        },
        summary="The quarterly ranking (?output=csv|xlsx: the same rows as a file)",
    )
    def get(self, request):
        query = validated(ExportQuarterQuerySerializer, query_dict(request))
        output = wanted_output(query.get("output"))
        period = ledger.quarter_period(query["quarter"])
        rows = ledger.ranking(period)
        if output:
            return exports.ranking_file(request, period=period, rows=rows, output=output)
        return Response(RankingSerializer({"period": period.label, "rows": rows}).data)


class PraiseApi(ApiView):
    rbac_permissions = {"post": Perm.QUALITY_REVIEW}

    @extend_schema(request=PraiseInputSerializer, responses={201: PraiseSerializer})
    def post(self, request):
        data = validated(PraiseInputSerializer, request.data)
        praise = services.praise_record(item_id=data["item"], note=data["note"], actor=request.user)
        return Response(PraiseSerializer(praise).data, status=status.HTTP_201_CREATED)


class CorrectiveActionListApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_ALL}

    @extend_schema(
        parameters=[CorrectiveActionsQuerySerializer],
        responses=CorrectiveActionSerializer(many=True),
        summary="Corrective actions (?status=open|done|all, ?mine=1; newest first, 200)",
    )
    def get(self, request):
        query = validated(CorrectiveActionsQuerySerializer, query_dict(request))
        qs = actions.actions_list(user=request.user, status=query["status"], mine=query["mine"])
        return Response(CorrectiveActionSerializer(qs[:200], many=True).data)


class CorrectiveActionApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_ALL, "post": Perm.QUALITY_REVIEW}

    @extend_schema(responses=CorrectiveActionSerializer, summary="One corrective action")
    def get(self, request, action_id: int):
        return Response(CorrectiveActionSerializer(actions.action_get(action_id)).data)

    @extend_schema(
        request=CorrectiveActionWorkSerializer,
        responses={
            200: CorrectiveActionSerializer,
            409: OpenApiResponse(description="already_done"),
        },
        summary="Add a note to a corrective action and/or mark it done",
    )
    def post(self, request, action_id: int):
        data = validated(CorrectiveActionWorkSerializer, request.data)
        actions.action_work(
            action_id=action_id, actor=request.user, note=data["note"], done=data["done"]
        )
        return Response(CorrectiveActionSerializer(actions.action_get(action_id)).data)


# --- quality reviews -----------------------------------------------------------------------------


class ScorecardApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_OWN}

    @extend_schema(responses=CriterionSerializer(many=True), summary="The scorecard's criteria")
    def get(self, request):
        criteria = Criterion.objects.filter(is_active=True)
        return Response(CriterionSerializer(criteria, many=True).data)


class ReviewCandidatesApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_REVIEW}

    @extend_schema(
        parameters=[ReviewCandidatesQuerySerializer],
        responses=ReviewCandidateSerializer(many=True),
        summary="Closed items to review: a random sample or by rule",
    )
    def get(self, request):
        query = validated(ReviewCandidatesQuerySerializer, query_dict(request))
        period = ledger.month_period(query["month"])
        items = reviews.review_candidates(period, rule=query["rule"], limit=query["limit"])
        return Response(ReviewCandidateSerializer(items, many=True).data)


class ReviewListApi(ApiView):
    rbac_permissions = {"get": Perm.QUALITY_READ_OWN, "post": Perm.QUALITY_REVIEW}

    @extend_schema(
        parameters=[ReviewsQuerySerializer],
        responses=ReviewSerializer(many=True),
        summary="Reviews: one's own, or anyone's with quality.read_all (newest first, 200)",
    )
    def get(self, request):
        query = validated(ReviewsQuerySerializer, query_dict(request))
        month = query.get("month")
        period = ledger.month_period(month) if month else None
        qs = reviews.reviews_for(request.user, agent_id=query.get("agent"), period=period)
        return Response(ReviewSerializer(qs[:200], many=True).data)

    @extend_schema(request=ReviewInputSerializer, responses={201: ReviewSerializer})
    def post(self, request):
        data = validated(ReviewInputSerializer, request.data)
        review = reviews.review_create(
            item_id=data["item"],
            reviewer=request.user,
            reason=data["reason"],
            scores={s["criterion"]: s["score"] for s in data["scores"]},
            comment=data["comment"],
        )
        return Response(_review_out(review.pk), status=status.HTTP_201_CREATED)


def _review_out(review_id: int) -> dict:
    review = (
        Review.objects.select_related("item")
        .prefetch_related("scores__criterion")
        .get(pk=review_id)
    )
    return ReviewSerializer(review).data


class ReviewDisputeApi(ApiView):
    rbac_permissions = {"post": Perm.QUALITY_READ_OWN}

    @extend_schema(
        request=ReviewTextSerializer,
        responses={200: ReviewSerializer},
        summary="The reviewed agent disputes the review (once)",
    )
    def post(self, request, review_id: int):
        data = validated(ReviewTextSerializer, request.data)
        review = reviews.review_dispute(review_id=review_id, actor=request.user, text=data["text"])
        return Response(_review_out(review.pk))


class ReviewAnswerApi(ApiView):
    rbac_permissions = {"post": Perm.QUALITY_REVIEW}

    @extend_schema(
        request=ReviewTextSerializer,
        responses={200: ReviewSerializer},
        summary="A supervisor answers a dispute",
    )
    def post(self, request, review_id: int):
        data = validated(ReviewTextSerializer, request.data)
        review = reviews.review_answer(review_id=review_id, actor=request.user, text=data["text"])
        return Response(_review_out(review.pk))
