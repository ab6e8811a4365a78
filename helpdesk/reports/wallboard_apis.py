"""The supervisors' wallboard: ``GET /api/v1/reports/wallboard/`` (docs/wallboard.md)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.views import ApiView

from .wallboard import wallboard_snapshot
from .wallboard_serializers import WallboardSerializer


class WallboardApi(ApiView):
    rbac_permissions = {"get": Perm.REPORT_READ}

    @extend_schema(
        summary="The live wallboard: waiting work, longest wait, agents, SLA at risk, per queue",
        description=(
            "The same snapshot is pushed as `wallboard.updated` on the inbox websocket to "
            "holders of report.read, at most about once a second."
        ),
        responses=WallboardSerializer,
    )
    def get(self, request):
        return Response(WallboardSerializer(wallboard_snapshot()).data)
