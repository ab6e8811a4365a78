"""Hotline endpoints under ``/api/v1/hotline/``."""

from django.urls import path

from . import apis

urlpatterns = [
    path("events/", apis.EventsApi.as_view(), name="hotline-events"),
    path("calls/", apis.CallListApi.as_view(), name="hotline-calls"),
    path("calls/<int:call_id>/", apis.CallDetailApi.as_view(), name="hotline-call"),
    path("calls/<int:call_id>/popup/", apis.CallPopupApi.as_view(), name="hotline-call-popup"),
    path("calls/<int:call_id>/wrap-up/", apis.CallWrapUpApi.as_view(), name="hotline-call-wrap-up"),
    path(
        "calls/<int:call_id>/customer/",
        apis.CallCustomerApi.as_view(),
        name="hotline-call-customer",
    ),
    path("calls/<int:call_id>/ticket/", apis.CallTicketApi.as_view(), name="hotline-call-ticket"),
    path("calls/<int:call_id>/orders/", apis.CallOrdersApi.as_view(), name="hotline-call-orders"),
    path("ringbacks/", apis.RingBackListApi.as_view(), name="hotline-ringbacks"),
    path(
        "ringbacks/<int:ringback_id>/close/",
        apis.RingBackCloseApi.as_view(),
        name="hotline-ringback-close",
    ),
    path("figures/", apis.FiguresApi.as_view(), name="hotline-figures"),
    path("anomalies/", apis.AnomalyListApi.as_view(), name="hotline-anomalies"),
]
