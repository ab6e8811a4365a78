"""Report endpoints under ``/api/v1/reports/``."""

from django.urls import path

from . import apis
from .trace_apis import ServiceTraceApi
from .wallboard_apis import WallboardApi

urlpatterns: list = [
    path("service/", apis.ServiceReportApi.as_view(), name="reports-service"),
    path("service/items/", ServiceTraceApi.as_view(), name="reports-service-items"),
    path("daily-problems/", apis.DailyProblemsApi.as_view(), name="reports-daily-problems"),
    path("monthly/", apis.MonthlyReportApi.as_view(), name="reports-monthly"),
    path("wallboard/", WallboardApi.as_view(), name="reports-wallboard"),
]
