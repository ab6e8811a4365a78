from django.urls import path

from . import apis_duty, apis_people, apis_rosters, apis_staffing

urlpatterns = [
    path("staffing/erlang-c/", apis_staffing.ErlangCApi.as_view(), name="staffing-erlang-c"),
    path("staffing/demand/", apis_staffing.DemandApi.as_view(), name="staffing-demand"),
    path(
        "staffing/demand/forecast/",
        apis_staffing.DemandForecastApi.as_view(),
        name="staffing-demand-forecast",
    ),
    path("shifts/types/", apis_people.ShiftTypeListApi.as_view(), name="shift-type-list"),
    path("shifts/on-duty/", apis_duty.OnDutyApi.as_view(), name="on-duty"),
    path("shifts/leave/", apis_people.LeaveListApi.as_view(), name="leave-list"),
    path(
        "shifts/people/<int:user_id>/rules/",
        apis_people.StaffRulesApi.as_view(),
        name="staff-rules",
    ),
    path("shifts/preferences/", apis_people.PreferenceListApi.as_view(), name="preference-list"),
    path(
        "shifts/preferences/<int:preference_id>/",
        apis_people.PreferenceDetailApi.as_view(),
        name="preference-detail",
    ),
    path(
        "shifts/leave/<int:leave_id>/decide/",
        apis_people.LeaveDecideApi.as_view(),
        name="leave-decide",
    ),
    path(
        "shifts/leave/<int:leave_id>/cancel/",
        apis_people.LeaveCancelApi.as_view(),
        name="leave-cancel",
    ),
]

urlpatterns += [
    path("shifts/rosters/", apis_rosters.RosterListApi.as_view(), name="roster-list"),
    path(
        "shifts/rosters/<int:period_id>/",
        apis_rosters.RosterDetailApi.as_view(),
        name="roster-detail",
    ),
    path(
        "shifts/rosters/<int:period_id>/cells/",
        apis_rosters.RosterCellsApi.as_view(),
        name="roster-cells",
    ),
    path(
        "shifts/rosters/<int:period_id>/coverage/",
        apis_rosters.RosterCoverageApi.as_view(),
        name="roster-coverage",
    ),
    path(
        "shifts/rosters/<int:period_id>/publish/",
        apis_rosters.RosterPublishApi.as_view(),
        name="roster-publish",
    ),
    path(
        "shifts/rosters/<int:period_id>/changes/",
        apis_rosters.RosterChangeListApi.as_view(),
        name="roster-changes",
    ),
    path(
        "shifts/rosters/<int:period_id>/builds/",
        apis_rosters.RosterBuildListApi.as_view(),
        name="roster-build-list",
    ),
    path(
        "shifts/builds/<int:build_id>/",
        apis_rosters.RosterBuildDetailApi.as_view(),
        name="roster-build",
    ),
    path(
        "shifts/builds/<int:build_id>/cancel/",
        apis_rosters.RosterBuildCancelApi.as_view(),
        name="roster-build-cancel",
    ),
    path("shifts/mine/", apis_duty.MyShiftsApi.as_view(), name="my-shifts"),
    path("shifts/swaps/", apis_duty.SwapListApi.as_view(), name="swap-list"),
    path(
        "shifts/swaps/<int:swap_id>/answer/", apis_duty.SwapAnswerApi.as_view(), name="swap-answer"
    ),
    path(
        "shifts/swaps/<int:swap_id>/decide/", apis_duty.SwapDecideApi.as_view(), name="swap-decide"
    ),
    path(
        "shifts/swaps/<int:swap_id>/cancel/", apis_duty.SwapCancelApi.as_view(), name="swap-cancel"
    ),
    path("shifts/calendar/", apis_duty.CalendarFeedApi.as_view(), name="calendar-feed"),
    path(
        "shifts/calendar/<str:token>.ics", apis_duty.CalendarIcsApi.as_view(), name="calendar-ics"
    ),
]
