"""SLA endpoints: calendars, policies, chains, an item's clocks, escalations."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound
from helpdesk.common.pagination import PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.queues.models import Queue
from helpdesk.queues.selectors import queue_get_for_user, queue_ids_visible_to

from . import configuration, escalation, manual
from .models import BusinessCalendar, EscalationChain, SlaPolicy
from .selectors import item_sla_for_user
from .serializers import (
    CalendarInputSerializer,
    CalendarSerializer,
    ChainInputSerializer,
    ChainSerializer,
    EscalateSerializer,
    EscalationFilterSerializer,
    EscalationNoteSerializer,
    EscalationReassignSerializer,
    EscalationSerializer,
    HolidayImportResultSerializer,
    HolidayImportSerializer,
    ItemSlaSerializer,
    PolicyInputSerializer,
    PolicySerializer,
    QueueCalendarRowSerializer,
    QueueCalendarSerializer,
    RunSerializer,
    SpecialDayInputSerializer,
    SpecialDaySerializer,
)


def _calendar(calendar_id: int) -> BusinessCalendar:
    calendar = BusinessCalendar.objects.filter(pk=calendar_id).first()
    if calendar is None:
        raise NotFound()
    return calendar


def _calendars():
    return BusinessCalendar.objects.prefetch_related("hours", "special_days")


class CalendarListApi(ApiView):
    rbac_permissions = {"get": Perm.SLA_READ, "post": Perm.SLA_MANAGE}

    @extend_schema(responses=CalendarSerializer(many=True), summary="Business calendars")
    def get(self, request):
        return Response(CalendarSerializer(_calendars(), many=True).data)

    @extend_schema(request=CalendarInputSerializer, responses={201: CalendarSerializer})
    def post(self, request):
        data = validated(CalendarInputSerializer, request.data)
        calendar = configuration.calendar_save(actor=request.user, calendar=None, **data)
        return Response(
            CalendarSerializer(_calendars().get(pk=calendar.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class CalendarDetailApi(ApiView):
    rbac_permissions = {"get": Perm.SLA_READ, "put": Perm.SLA_MANAGE, "delete": Perm.SLA_MANAGE}

    @extend_schema(responses=CalendarSerializer)
    def get(self, request, calendar_id: int):
        return Response(CalendarSerializer(_calendars().get(pk=_calendar(calendar_id).pk)).data)

    @extend_schema(request=CalendarInputSerializer, responses=CalendarSerializer)
    def put(self, request, calendar_id: int):
        data = validated(CalendarInputSerializer, request.data)
        calendar = configuration.calendar_save(
            actor=request.user, calendar=_calendar(calendar_id), **data
        )
        return Response(CalendarSerializer(_calendars().get(pk=calendar.pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, calendar_id: int):
        configuration.calendar_delete(actor=request.user, calendar=_calendar(calendar_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SpecialDayApi(ApiView):
    rbac_permissions = {"post": Perm.SLA_MANAGE}

    @extend_schema(
        request=SpecialDayInputSerializer,
        responses={201: SpecialDaySerializer},
        summary="A holiday or make-up working day (the same day again replaces it)",
    )
    def post(self, request, calendar_id: int):
        data = validated(SpecialDayInputSerializer, request.data)
        day = configuration.special_day_set(
            actor=request.user, calendar=_calendar(calendar_id), **data
        )
        return Response(SpecialDaySerializer(day).data, status=status.HTTP_201_CREATED)


class SpecialDayDeleteApi(ApiView):
    rbac_permissions = {"delete": Perm.SLA_MANAGE}

    @extend_schema(responses={204: None})
    def delete(self, request, calendar_id: int, day_id: int):
        configuration.special_day_delete(
            actor=request.user, calendar=_calendar(calendar_id), day_id=day_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class HolidayImportApi(ApiView):
    rbac_permissions = {"post": Perm.SLA_MANAGE}

    @extend_schema(
        request=HolidayImportSerializer,
        responses=HolidayImportResultSerializer,
        summary="Import a country's public holidays and make-up working days for a year",
    )
    def post(self, request, calendar_id: int):
        data = validated(HolidayImportSerializer, request.data)
        written = configuration.holidays_import(
            actor=request.user, calendar=_calendar(calendar_id), **data
        )
        return Response({"days_written": written})


class QueueCalendarListApi(ApiView):
    rbac_permissions = {"get": Perm.SLA_READ}

    @extend_schema(
        responses=QueueCalendarRowSerializer(many=True),
        summary="Each of one's queues and the calendar its clocks run on (null: around the clock)",
    )
    def get(self, request):
        rows = [
            {"queue": queue_id, "calendar": calendar_id}
            for queue_id, calendar_id in Queue.objects.filter(
                pk__in=queue_ids_visible_to(request.user)
            )
            .order_by("pk")
            .values_list("pk", "business_calendar__calendar_id")
        ]
        return Response(QueueCalendarRowSerializer(rows, many=True).data)


class QueueCalendarApi(ApiView):
    rbac_permissions = {"put": Perm.SLA_MANAGE}

    @extend_schema(request=QueueCalendarSerializer, responses={204: None})
    def put(self, request, queue_id: int):
        data = validated(QueueCalendarSerializer, request.data)
        queue = queue_get_for_user(request.user, queue_id)
        calendar = _calendar(data["calendar"]) if data["calendar"] is not None else None
        configuration.queue_calendar_set(actor=request.user, queue=queue, calendar=calendar)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _policy_fields(request, data):
    queue = queue_get_for_user(request.user, data.pop("queue"))
    chain_id = data.pop("escalation", None)
    chain = None
    if chain_id is not None:
        chain = EscalationChain.objects.filter(pk=chain_id).first()
        if chain is None:
            raise NotFound()
    return queue, {**data, "escalation": chain}


class PolicyListApi(ApiView):
    rbac_permissions = {"get": Perm.SLA_READ, "post": Perm.SLA_MANAGE}

    @extend_schema(responses=PolicySerializer(many=True), summary="SLA policies of one's queues")
    def get(self, request):
        qs = SlaPolicy.objects.filter(queue_id__in=queue_ids_visible_to(request.user))
        queue = request.query_params.get("queue")
        if queue and queue.isdigit():
            qs = qs.filter(queue_id=int(queue))
        return Response(
            PolicySerializer(qs.order_by("queue_id", "kind", "priority"), many=True).data
        )

    @extend_schema(request=PolicyInputSerializer, responses={201: PolicySerializer})
    def post(self, request):
        data = validated(PolicyInputSerializer, request.data)
        queue, fields = _policy_fields(request, dict(data))
        policy = configuration.policy_save(actor=request.user, policy=None, queue=queue, **fields)
        return Response(PolicySerializer(policy).data, status=status.HTTP_201_CREATED)


def _policy(request, policy_id: int) -> SlaPolicy:
    policy = SlaPolicy.objects.filter(
        pk=policy_id, queue_id__in=queue_ids_visible_to(request.user)
    ).first()
    if policy is None:
        raise NotFound()
    return policy


class PolicyDetailApi(ApiView):
    rbac_permissions = {"put": Perm.SLA_MANAGE, "delete": Perm.SLA_MANAGE}

    @extend_schema(request=PolicyInputSerializer, responses=PolicySerializer)
    def put(self, request, policy_id: int):
        data = validated(PolicyInputSerializer, request.data)
        policy = _policy(request, policy_id)
        queue, fields = _policy_fields(request, dict(data))
        policy = configuration.policy_save(actor=request.user, policy=policy, queue=queue, **fields)
        return Response(PolicySerializer(policy).data)

    @extend_schema(responses={204: None})
    def delete(self, request, policy_id: int):
        configuration.policy_delete(actor=request.user, policy=_policy(request, policy_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChainListApi(ApiView):
    rbac_permissions = {"get": Perm.SLA_READ, "post": Perm.SLA_MANAGE}

    @extend_schema(responses=ChainSerializer(many=True), summary="Escalation chains")
    def get(self, request):
        return Response(ChainSerializer(EscalationChain.objects.all(), many=True).data)

    @extend_schema(request=ChainInputSerializer, responses={201: ChainSerializer})
    def post(self, request):
        data = validated(ChainInputSerializer, request.data)
        chain = configuration.chain_save(actor=request.user, chain=None, **data)
        return Response(ChainSerializer(chain).data, status=status.HTTP_201_CREATED)


class ChainDetailApi(ApiView):
    rbac_permissions = {"put": Perm.SLA_MANAGE}

    @extend_schema(
        request=ChainInputSerializer,
        responses=ChainSerializer,
        summary="Change a chain (escalations already running keep their snapshot)",
    )
    def put(self, request, chain_id: int):
        data = validated(ChainInputSerializer, request.data)
        chain = EscalationChain.objects.filter(pk=chain_id).first()
        if chain is None:
            raise NotFound()
        chain = configuration.chain_save(actor=request.user, chain=chain, **data)
        return Response(ChainSerializer(chain).data)


class ItemSlaApi(ApiView):
    rbac_permissions = {"get": Perm.SLA_READ}

    @extend_schema(
        responses=ItemSlaSerializer,
        summary="An item's SLA clocks (time left in business seconds), escalations and runs",
    )
    def get(self, request, item_id: int):
        return Response(ItemSlaSerializer(item_sla_for_user(request.user, item_id)).data)


class ItemEscalateApi(ApiView):
    rbac_permissions = {"post": Perm.ESCALATE}

    @extend_schema(
        request=EscalateSerializer,
        responses={201: EscalationSerializer},
        summary="Escalate an item one level (agent → supervisor on duty → manager)",
    )
    def post(self, request, item_id: int):
        data = validated(EscalateSerializer, request.data)
        record = manual.escalate(actor=request.user, item_id=item_id, **data)
        record = manual.escalations_visible_to(request.user).get(pk=record.pk)
        return Response(EscalationSerializer(record).data, status=status.HTTP_201_CREATED)


class EscalationListApi(ApiView):
    rbac_permissions = {"get": Perm.ESCALATE}
    pagination_class = PagePagination

    @extend_schema(
        parameters=[EscalationFilterSerializer],
        responses=EscalationSerializer(many=True),
        summary="Escalations raised to or by oneself (managers: all)",
    )
    def get(self, request):
        filters = validated(EscalationFilterSerializer, query_dict(request))
        qs = manual.escalations_visible_to(request.user)
        if filters.get("state"):
            qs = qs.filter(state=filters["state"])
        if filters.get("mine") == "to":
            qs = qs.filter(to_user=request.user)
        elif filters.get("mine") == "by":
            qs = qs.filter(raised_by=request.user)
        return self.paginated(request, qs, EscalationSerializer)


class RunListApi(ApiView):
    rbac_permissions = {"get": Perm.ESCALATION_HANDLE}
    pagination_class = PagePagination

    @extend_schema(
        responses=RunSerializer(many=True),
        summary="Automatic escalations that reached oneself or one's queues (active first)",
    )
    def get(self, request):
        qs = (
            escalation.runs_visible_to(request.user)
            .prefetch_related("steps__notified")
            .order_by("state", "-started_at", "-id")
        )
        if request.query_params.get("state"):
            qs = qs.filter(state=request.query_params["state"])
        return self.paginated(request, qs, RunSerializer)


class RunAcknowledgeApi(ApiView):
    rbac_permissions = {"post": Perm.ESCALATE}

    @extend_schema(request=None, responses=RunSerializer, summary="Acknowledge: the chain stops")
    def post(self, request, run_id: int):
        run = escalation.run_acknowledge(actor=request.user, run_id=run_id)
        return Response(RunSerializer(run).data)


class EscalationAcknowledgeApi(ApiView):
    rbac_permissions = {"post": Perm.ESCALATE}

    @extend_schema(request=EscalationNoteSerializer, responses=EscalationSerializer)
    def post(self, request, escalation_id: int):
        data = validated(EscalationNoteSerializer, request.data)
        record = manual.escalation_acknowledge(
            actor=request.user, escalation_id=escalation_id, note=data.get("note", "")
        )
        return Response(EscalationSerializer(record).data)


class EscalationSendBackApi(ApiView):
    rbac_permissions = {"post": Perm.ESCALATE}

    @extend_schema(
        request=EscalationNoteSerializer,
        responses=EscalationSerializer,
        summary="De-escalate: back to whoever raised it, with a note",
    )
    def post(self, request, escalation_id: int):
        data = validated(EscalationNoteSerializer, request.data)
        record = manual.escalation_send_back(
            actor=request.user, escalation_id=escalation_id, note=data.get("note", "")
        )
        return Response(EscalationSerializer(record).data)


class EscalationReassignApi(ApiView):
    rbac_permissions = {"post": Perm.ESCALATION_HANDLE}

    @extend_schema(request=EscalationReassignSerializer, responses=EscalationSerializer)
    def post(self, request, escalation_id: int):
        data = validated(EscalationReassignSerializer, request.data)
        record = manual.escalation_reassign(
            actor=request.user,
            escalation_id=escalation_id,
            to_user_id=data["to_user"],
            note=data.get("note", ""),
        )
        return Response(EscalationSerializer(record).data)
