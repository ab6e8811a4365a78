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

urlpatterns += [
    path("shifts/rosters/", apis.RosterListApi.as_view(), name="roster-list"),
    path("shifts/rosters/<int:period_id>/", apis.RosterDetailApi.as_view(), name="roster-detail"),
    path(
        "shifts/rosters/<int:period_id>/cells/", apis.RosterCellsApi.as_view(), name="roster-cells"
    ),
    path(
        "shifts/rosters/<int:period_id>/coverage/",
        apis.RosterCoverageApi.as_view(),
        name="roster-coverage",
    ),
    path(
        "shifts/rosters/<int:period_id>/publish/",
        apis.RosterPublishApi.as_view(),
        name="roster-publish",
    ),
    path(
        "shifts/rosters/<int:period_id>/changes/",
        apis.RosterChangeListApi.as_view(),
        name="roster-changes",
    ),
    path(
        "shifts/rosters/<int:period_id>/builds/",
        apis.RosterBuildListApi.as_view(),
        name="roster-build-list",
    ),
    path("shifts/builds/<int:build_id>/", apis.RosterBuildDetailApi.as_view(), name="roster-build"),
    path(
        "shifts/builds/<int:build_id>/cancel/",
        apis.RosterBuildCancelApi.as_view(),
        name="roster-build-cancel",
    ),
    path("shifts/mine/", apis.MyShiftsApi.as_view(), name="my-shifts"),
    path("shifts/swaps/", apis.SwapListApi.as_view(), name="swap-list"),
    path("shifts/swaps/<int:swap_id>/answer/", apis.SwapAnswerApi.as_view(), name="swap-answer"),
    path("shifts/swaps/<int:swap_id>/decide/", apis.SwapDecideApi.as_view(), name="swap-decide"),
    path("shifts/swaps/<int:swap_id>/cancel/", apis.SwapCancelApi.as_view(), name="swap-cancel"),
    path("shifts/calendar/", apis.CalendarFeedApi.as_view(), name="calendar-feed"),
    path("shifts/calendar/<str:token>.ics", apis.CalendarIcsApi.as_view(), name="calendar-ics"),
]
