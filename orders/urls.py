from django.urls import path

from . import apis

urlpatterns = [
    path("orders/callbacks/<int:channel_id>/", apis.CallbackApi.as_view(), name="order-callback"),
    path("orders/products/", apis.ProductListApi.as_view(), name="order-products"),
    path("orders/", apis.OrderListApi.as_view(), name="order-list"),
    path("orders/<int:order_id>/", apis.OrderDetailApi.as_view(), name="order-detail"),
    path(
        "orders/<int:order_id>/enquiries/",
        apis.OrderEnquiryApi.as_view(),
        name="order-enquiries",
    ),
    path("orders/<int:order_id>/retry/", apis.OrderRetryApi.as_view(), name="order-retry"),
    path("orders/<int:order_id>/refund/", apis.OrderRefundApi.as_view(), name="order-refund"),
    path("orders/<int:order_id>/review/", apis.OrderReviewApi.as_view(), name="order-review"),
    path("orders/channels/", apis.ChannelTilesApi.as_view(), name="order-channels"),
    path(
        "orders/channels/<int:channel_id>/force/",
        apis.ChannelForceApi.as_view(),
        name="order-channel-force",
    ),
    path(
        "orders/channels/<int:channel_id>/events/",
        apis.ChannelEventsApi.as_view(),
        name="order-channel-events",
    ),
    path("orders/report/", apis.ChannelReportApi.as_view(), name="order-report"),
]
