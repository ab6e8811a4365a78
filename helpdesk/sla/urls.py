from django.urls import path

from . import apis

urlpatterns = [
    path("sla/calendars/", apis.CalendarListApi.as_view(), name="sla-calendar-list"),
    path(
        "sla/calendars/<int:calendar_id>/",
        apis.CalendarDetailApi.as_view(),
        name="sla-calendar-detail",
    ),
    path(
        "sla/calendars/<int:calendar_id>/days/",
        apis.SpecialDayApi.as_view(),
        name="sla-calendar-days",
    ),
    path(
        "sla/calendars/<int:calendar_id>/days/<int:day_id>/",
        apis.SpecialDayDeleteApi.as_view(),
        name="sla-calendar-day",
    ),
    path(
        "sla/calendars/<int:calendar_id>/import-holidays/",
        apis.HolidayImportApi.as_view(),
        name="sla-calendar-import",
    ),
    path("sla/queues/", apis.QueueCalendarListApi.as_view(), name="sla-queue-calendars"),
    path(
        "sla/queues/<int:queue_id>/calendar/",
        apis.QueueCalendarApi.as_view(),
        name="sla-queue-calendar",
    ),
    path("sla/policies/", apis.PolicyListApi.as_view(), name="sla-policy-list"),
    path("sla/policies/<int:policy_id>/", apis.PolicyDetailApi.as_view(), name="sla-policy"),
    path("sla/chains/", apis.ChainListApi.as_view(), name="sla-chain-list"),
    path("sla/chains/<int:chain_id>/", apis.ChainDetailApi.as_view(), name="sla-chain"),
    path("items/<int:item_id>/sla/", apis.ItemSlaApi.as_view(), name="item-sla"),
    path("items/<int:item_id>/escalate/", apis.ItemEscalateApi.as_view(), name="item-escalate"),
    path("escalations/", apis.EscalationListApi.as_view(), name="escalation-list"),
    path(
        "escalations/<int:escalation_id>/acknowledge/",
        apis.EscalationAcknowledgeApi.as_view(),
        name="escalation-acknowledge",
    ),
    path(
        "escalations/<int:escalation_id>/send-back/",
        apis.EscalationSendBackApi.as_view(),
        name="escalation-send-back",
    ),
    path(
        "escalations/<int:escalation_id>/reassign/",
        apis.EscalationReassignApi.as_view(),
        name="escalation-reassign",
    ),
    path("escalation-runs/", apis.RunListApi.as_view(), name="escalation-run-list"),
    path(
        "escalation-runs/<int:run_id>/acknowledge/",
        apis.RunAcknowledgeApi.as_view(),
        name="escalation-run-acknowledge",
    ),
]
