from django.urls import path

from . import apis

urlpatterns = [
    path("staffing/erlang-c/", apis.ErlangCApi.as_view(), name="staffing-erlang-c"),
    path("staffing/demand/", apis.DemandApi.as_view(), name="staffing-demand"),
    path(
        "staffing/demand/forecast/",
        apis.DemandForecastApi.as_view(),
        name="staffing-demand-forecast",
    ),
]
