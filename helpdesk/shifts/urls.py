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
    path("shifts/types/", apis.ShiftTypeListApi.as_view(), name="shift-type-list"),
    path("shifts/on-duty/", apis.OnDutyApi.as_view(), name="on-duty"),
    path("shifts/leave/", apis.LeaveListApi.as_view(), name="leave-list"),
    path("shifts/people/<int:user_id>/rules/", apis.StaffRulesApi.as_view(), name="staff-rules"),
    path("shifts/preferences/", apis.PreferenceListApi.as_view(), name="preference-list"),
    path(
        "shifts/preferences/<int:preference_id>/",
        apis.PreferenceDetailApi.as_view(),
        name="preference-detail",
    ),
    path("shifts/leave/<int:leave_id>/decide/", apis.LeaveDecideApi.as_view(), name="leave-decide"),
    path("shifts/leave/<int:leave_id>/cancel/", apis.LeaveCancelApi.as_view(), name="leave-cancel"),
]
