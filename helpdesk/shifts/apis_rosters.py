"""Roster endpoints: periods, the grid and its edits, coverage, builds, publishing, changes."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound
from helpdesk.common.pagination import PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView

from . import builds, changes, rosters
from .models import RosterBuild
from .serializers import (
    CellsSetSerializer,
    CoverageRowSerializer,
    RosterBuildCreateSerializer,
    RosterBuildSerializer,
    RosterChangeSerializer,
    RosterGridSerializer,
    RosterPeriodCreateSerializer,
    RosterPeriodSerializer,
)


class RosterListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "post": Perm.STAFFING_PLAN}
    pagination_class = PagePagination

    @extend_schema(
        responses=RosterPeriodSerializer(many=True),
        summary="Roster periods: those of the queues one leads; published ones of one's queues",
    )
    def get(self, request):
        qs = (
            rosters.periods_visible_to(request.user)
            .select_related("published_by")
            .prefetch_related("queues")
            .order_by("-first_day", "pk")
        )
        return self.paginated(request, qs, RosterPeriodSerializer)

    @extend_schema(request=RosterPeriodCreateSerializer, responses={201: RosterPeriodSerializer})
    def post(self, request):
        data = validated(RosterPeriodCreateSerializer, request.data)
        period = rosters.period_create(
            actor=request.user,
            first_day=data["first_day"],
            last_day=data["last_day"],
            queue_ids=data["queues"],
        )
        return Response(RosterPeriodSerializer(period).data, status=status.HTTP_201_CREATED)


def _grid_response(request, period):
    grid = rosters.grid_for(request.user, period)
    return Response(RosterGridSerializer(grid).data)


class RosterDetailApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "delete": Perm.STAFFING_PLAN}

    @extend_schema(
        responses=RosterGridSerializer,
        summary="The roster grid: people, shifts, rules broken, latest build",
    )
    def get(self, request, period_id: int):
        return _grid_response(request, rosters.period_get(request.user, period_id))

    @extend_schema(responses={204: None}, summary="Delete a draft roster")
    def delete(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        rosters.period_delete(actor=request.user, period=period)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RosterCellsApi(ApiView):
    rbac_permissions = {"put": Perm.STAFFING_PLAN}

    @extend_schema(
        request=CellsSetSerializer,
        responses=RosterGridSerializer,
        summary="Set cells of the grid (a draft: pinned edits; published: overrides, reason required)",
    )
    def put(self, request, period_id: int):
        data = validated(CellsSetSerializer, request.data)
        period = rosters.period_get(request.user, period_id)
        changes.cells_set(
            actor=request.user,
            period=period,
            cells=[
                changes.Cell(c["user"], c["day"], c["shift_type"], c.get("queue"))
                for c in data["cells"]
            ],
            reason=data.get("reason", ""),
        )
        return _grid_response(request, period)


class RosterCoverageApi(ApiView):
    rbac_permissions = {"get": Perm.STAFFING_PLAN}

    @extend_schema(
        responses=CoverageRowSerializer(many=True),
        summary="People needed and on shift per queue, day and half-hour",
    )
    def get(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        rosters.require_plan(request.user, period)
        latest = period.builds.first()
        rows = rosters.coverage_of(period, latest.staffing if latest else None)
        return Response(CoverageRowSerializer(rows, many=True).data)


class RosterPublishApi(ApiView):
    rbac_permissions = {"post": Perm.STAFFING_PLAN}

    @extend_schema(request=None, responses=RosterPeriodSerializer, summary="Publish a draft")
    def post(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        period = changes.publish(actor=request.user, period=period)
        return Response(RosterPeriodSerializer(period).data)


class RosterChangeListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ}
    pagination_class = PagePagination

    @extend_schema(
        responses=RosterChangeSerializer(many=True),
        summary="Changes to a published roster (overrides and swaps)",
    )
    def get(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        qs = period.changes.select_related("user", "changed_by")
        return self.paginated(request, qs, RosterChangeSerializer)


class RosterBuildListApi(ApiView):
    rbac_permissions = {"get": Perm.STAFFING_PLAN, "post": Perm.STAFFING_PLAN}
    pagination_class = PagePagination

    @extend_schema(responses=RosterBuildSerializer(many=True), summary="Builds of a roster")
    def get(self, request, period_id: int):
        period = rosters.period_get(request.user, period_id)
        rosters.require_plan(request.user, period)
        qs = period.builds.select_related("requested_by")
        return self.paginated(request, qs, RosterBuildSerializer)

    @extend_schema(
        request=RosterBuildCreateSerializer,
        responses={202: RosterBuildSerializer},
        summary="Build the roster with the solver (a background task; read its progress)",
    )
    def post(self, request, period_id: int):
        data = validated(RosterBuildCreateSerializer, request.data)
        period = rosters.period_get(request.user, period_id)
        build = builds.build_start(
            actor=request.user,
            period=period,
            time_limit_seconds=data["time_limit_seconds"],
            staffing=data.get("staffing"),
        )
        build.refresh_from_db()
        return Response(RosterBuildSerializer(build).data, status=status.HTTP_202_ACCEPTED)


def _build(request, build_id: int):
    build = RosterBuild.objects.select_related("period", "requested_by").filter(pk=build_id).first()
    if build is None:
        raise NotFound()
    rosters.period_get(request.user, build.period_id)
    rosters.require_plan(request.user, build.period)
    return build


class RosterBuildDetailApi(ApiView):
    rbac_permissions = {"get": Perm.STAFFING_PLAN}

    @extend_schema(responses=RosterBuildSerializer, summary="A build: progress and outcome")
    def get(self, request, build_id: int):
        return Response(RosterBuildSerializer(_build(request, build_id)).data)


class RosterBuildCancelApi(ApiView):
    rbac_permissions = {"post": Perm.STAFFING_PLAN}

    @extend_schema(request=None, responses=RosterBuildSerializer, summary="Stop a build")
    def post(self, request, build_id: int):
        build = builds.build_cancel(actor=request.user, build=_build(request, build_id))
        return Response(RosterBuildSerializer(build).data)
