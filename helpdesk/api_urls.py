"""Everything under ``/api/v1/``."""

from django.urls import include, path

from helpdesk.accounts import apis as accounts
from helpdesk.queues import apis as queues

urlpatterns = [
    # accounts
    path("auth/csrf/", accounts.CsrfApi.as_view(), name="auth-csrf"),
    path("auth/login/", accounts.LoginApi.as_view(), name="auth-login"),
    path("auth/logout/", accounts.LogoutApi.as_view(), name="auth-logout"),
    path("auth/token/", accounts.TokenApi.as_view(), name="auth-token"),
    path("me/", accounts.MeApi.as_view(), name="me"),
    path("users/", accounts.UserListApi.as_view(), name="user-list"),
    path("security/events/", accounts.SecurityEventListApi.as_view(), name="security-events"),
    # queues and the shared work-item model
    path("inbox/", queues.InboxApi.as_view(), name="inbox"),
    path("items/<int:item_id>/", queues.WorkItemDetailApi.as_view(), name="item-detail"),
    path("items/<int:item_id>/events/", queues.WorkItemEventsApi.as_view(), name="item-events"),
    path("items/<int:item_id>/take/", queues.WorkItemTakeApi.as_view(), name="item-take"),
    path("items/<int:item_id>/assign/", queues.WorkItemAssignApi.as_view(), name="item-assign"),
    path("items/<int:item_id>/release/", queues.WorkItemReleaseApi.as_view(), name="item-release"),
    path(
        "items/<int:item_id>/transfer/", queues.WorkItemTransferApi.as_view(), name="item-transfer"
    ),
    path("items/<int:item_id>/links/", queues.WorkItemLinksApi.as_view(), name="item-links"),
    path(
        "items/<int:item_id>/links/<int:target_id>/",
        queues.WorkItemLinkDeleteApi.as_view(),
        name="item-link-delete",
    ),
    path("queues/", queues.QueueListApi.as_view(), name="queue-list"),
    path("queues/<int:queue_id>/", queues.QueueDetailApi.as_view(), name="queue-detail"),
    path("queues/<int:queue_id>/members/", queues.QueueMembersApi.as_view(), name="queue-members"),
    path(
        "queues/<int:queue_id>/members/<int:user_id>/",
        queues.QueueMemberDeleteApi.as_view(),
        name="queue-member-delete",
    ),
    path(
        "queues/<int:queue_id>/categories/",
        queues.QueueCategoriesApi.as_view(),
        name="queue-categories",
    ),
    path("canned-responses/", queues.CannedListApi.as_view(), name="canned-list"),
    path(
        "canned-responses/<int:canned_id>/render/",
        queues.CannedRenderApi.as_view(),
        name="canned-render",
    ),
    # tickets and customer files
    path("", include("helpdesk.tickets.urls")),
    path("", include("helpdesk.customers.urls")),
    # live chat
    path("chat/", include("chat.urls")),
    path("", include("helpdesk.shifts.urls")),
    path("", include("helpdesk.sla.urls")),
    path("hotline/", include("helpdesk.hotline.urls")),
    path("complaints/", include("helpdesk.complaints.urls")),
    path("quality/", include("helpdesk.quality.urls")),
    path("reports/", include("helpdesk.reports.urls")),
    path("", include("orders.urls")),
]
