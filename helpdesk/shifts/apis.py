"""Staffing endpoints."""

from dataclasses import asdict

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import ServiceError
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView

from . import erlang
from .serializers import ErlangCInputSerializer, ErlangCResultSerializer


class ErlangCApi(ApiView):
    rbac_permissions = {"post": Perm.STAFFING_PLAN}

    @extend_schema(
        request=ErlangCInputSerializer,
        responses=ErlangCResultSerializer,
        summary="Agents needed per interval (Erlang C), for one interval or a series",
    )
    def post(self, request):
        data = validated(ErlangCInputSerializer, request.data)
        series = data.pop("series", None) or [data.pop("contacts")]
        data.pop("contacts", None)
        intervals = []
        for contacts in series:
            try:
                result = erlang.staffing(erlang.Demand(contacts=contacts, **data))
            except ValueError:
                raise ServiceError(
                    _("More than %(max)d agents would be needed; check the figures.")
                    % {"max": erlang.MAX_AGENTS},
                    code="beyond_capacity",
                    fields={"contacts": [_("Too many contacts for the calculator.")]},
                ) from None
            intervals.append({"contacts": contacts, **asdict(result)})
        hours = data["interval_seconds"] / 3600
        return Response(
            {
                "intervals": intervals,
                "peak_scheduled_agents": max(i["scheduled_agents"] for i in intervals),
                "scheduled_agent_hours": sum(i["scheduled_agents"] for i in intervals) * hours,
            }
        )
