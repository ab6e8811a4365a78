"""Customer files under ``/api/v1/``."""

from django.urls import path

from . import apis

urlpatterns = [
    path("customers/", apis.CustomerListApi.as_view(), name="customer-list"),
    path("customers/export.csv", apis.CustomerBulkExportApi.as_view(), name="customer-export-csv"),
    path("customers/<int:customer_id>/", apis.CustomerDetailApi.as_view(), name="customer-detail"),
    path(
        "customers/<int:customer_id>/contacts/",
        apis.CustomerContactsApi.as_view(),
        name="customer-contacts",
    ),
    path(
        "customers/<int:customer_id>/contacts/<int:contact_id>/",
        apis.CustomerContactDeleteApi.as_view(),
        name="customer-contact-delete",
    ),
    path(
        "customers/<int:customer_id>/timeline/",
        apis.CustomerTimelineApi.as_view(),
        name="customer-timeline",
    ),
    path(
        "customers/<int:customer_id>/export/",
        apis.CustomerExportApi.as_view(),
        name="customer-export",
    ),
    path(
        "customers/<int:customer_id>/audit/",
        apis.CustomerAuditApi.as_view(),
        name="customer-audit",
    ),
    path("customer-audit/", apis.CustomerAuditListApi.as_view(), name="customer-audit-list"),
]
