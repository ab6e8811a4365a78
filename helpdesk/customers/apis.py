"""Customer-file endpoints. Thin: parse, call one service or selector, render.

Every read, search and export is audited by the selector or export it calls; every write by its
service. Files outside the confidentiality rule answer 404.
"""

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from helpdesk.accounts.rbac import Perm
from helpdesk.common.pagination import PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.queues.serializers import WorkItemSerializer

from . import exports, selectors, services
from .models import Customer
from .serializers import (
    AuditEntrySerializer,
    AuditFilterSerializer,
    ContactInputSerializer,
    ContactSerializer,
    CustomerCreateSerializer,
    CustomerDetailSerializer,
    CustomerExportQuerySerializer,
    CustomerExportSerializer,
    CustomerListSerializer,
    CustomerSearchSerializer,
    CustomerUpdateSerializer,
    PageSerializer,
)

TAG = ["customers"]


def _file_fields(data: dict) -> dict:
    """Validated input as service keyword arguments (``custodian`` is a user id)."""
    out = dict(data)
    if "custodian" in out:
        out["custodian_id"] = out.pop("custodian")
    return out


def _detail(user, customer_id: int) -> dict:
    """The file as just written, for the response of a write (the write's audit row covers it)."""
    customer = selectors.customer_get_for_user(user, customer_id, audit=False)
    return CustomerDetailSerializer(customer).data


class DownloadApi(ApiView):
    """A download answers whatever the client accepts; errors are still JSON."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


class CustomerListApi(ApiView):
    rbac_permissions = {"get": Perm.CUSTOMER_READ, "post": Perm.CUSTOMER_WRITE}
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        parameters=[CustomerSearchSerializer],
        responses=CustomerListSerializer(many=True),
        summary="Search the customer files the user may open (audited)",
    )
    def get(self, request):
        data = validated(CustomerSearchSerializer, query_dict(request))
        qs = selectors.customer_search(request.user, q=data["q"], request=request)
        return self.paginated(request, qs, CustomerListSerializer)

    @extend_schema(
        tags=TAG,
        request=CustomerCreateSerializer,
        responses={201: CustomerDetailSerializer},
        summary="Open a customer file",
    )
    def post(self, request):
        data = validated(CustomerCreateSerializer, request.data)
        customer = services.customer_create(
            actor=request.user, request=request, **_file_fields(data)
        )
        customer = (
            Customer.objects.select_related("custodian")
            .prefetch_related("contacts")
            .get(pk=customer.pk)
        )
        return Response(CustomerDetailSerializer(customer).data, status=status.HTTP_201_CREATED)


class CustomerDetailApi(ApiView):
    rbac_permissions = {"get": Perm.CUSTOMER_READ, "patch": Perm.CUSTOMER_WRITE}

    @extend_schema(
        tags=TAG, responses=CustomerDetailSerializer, summary="Open a customer file (audited)"
    )
    def get(self, request, customer_id: int):
        customer = selectors.customer_get_for_user(request.user, customer_id, request=request)
        return Response(CustomerDetailSerializer(customer).data)

    @extend_schema(
        tags=TAG,
        request=CustomerUpdateSerializer,
        responses=CustomerDetailSerializer,
        summary="Change a customer file (contacts, when given, replace the list)",
    )
    def patch(self, request, customer_id: int):
        data = validated(CustomerUpdateSerializer, request.data)
        services.customer_update(
            actor=request.user, customer_id=customer_id, request=request, **_file_fields(data)
        )
        return Response(_detail(request.user, customer_id))


class CustomerContactsApi(ApiView):
    rbac_permissions = {"post": Perm.CUSTOMER_WRITE}

    @extend_schema(
        tags=TAG,
        request=ContactInputSerializer,
        responses={201: ContactSerializer},
        summary="Add a phone number or email address to a customer file",
    )
    def post(self, request, customer_id: int):
        data = validated(ContactInputSerializer, request.data)
        contact = services.contact_add(
            actor=request.user, customer_id=customer_id, request=request, **data
        )
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class CustomerContactDeleteApi(ApiView):
    rbac_permissions = {"delete": Perm.CUSTOMER_WRITE}

    @extend_schema(tags=TAG, responses={204: None}, summary="Remove a contact")
    def delete(self, request, customer_id: int, contact_id: int):
        services.contact_remove(
            actor=request.user, customer_id=customer_id, contact_id=contact_id, request=request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class CustomerTimelineApi(ApiView):
    rbac_permissions = {"get": Perm.CUSTOMER_READ}
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        parameters=[PageSerializer],
        responses=WorkItemSerializer(many=True),
        summary="Every work item of the customer, newest first (audited)",
    )
    def get(self, request, customer_id: int):
        validated(PageSerializer, query_dict(request))
        customer = selectors.customer_get_for_user(
            request.user, customer_id, request=request, detail={"view": "timeline"}
        )
        qs = selectors.customer_workitems_for_user(request.user, customer)
        return self.paginated(request, qs, WorkItemSerializer)


class CustomerExportApi(DownloadApi):
    rbac_permissions = {"get": Perm.CUSTOMER_EXPORT}

    @extend_schema(
        tags=TAG,
        responses={(200, "application/json"): CustomerExportSerializer},
        summary="Download the whole file as JSON (audited)",
    )
    def get(self, request, customer_id: int):
        data = exports.customer_export(request.user, customer_id, request=request)
        body = json.dumps(data, cls=JSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="customer-{customer_id}.json"'
        return response


class CustomerBulkExportApi(DownloadApi):
    rbac_permissions = {"get": Perm.CUSTOMER_EXPORT}

    @extend_schema(
        tags=TAG,
        parameters=[CustomerExportQuerySerializer],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description=_("One row per customer file, UTF-8 with a BOM.")
            )
        },
        summary="Download the matching files as CSV (streamed, audited)",
    )
    def get(self, request):
        data = validated(CustomerExportQuerySerializer, query_dict(request))
        lines, _count = exports.customers_export_csv(request.user, q=data["q"], request=request)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="customers.csv"'
        return response


class CustomerAuditApi(ApiView):
    rbac_permissions = {"get": Perm.CUSTOMER_AUDIT_READ}
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        parameters=[PageSerializer],
        responses=AuditEntrySerializer(many=True),
        summary="Who read, exported or changed this file",
    )
    def get(self, request, customer_id: int):
        validated(PageSerializer, query_dict(request))
        customer = selectors.customer_get_for_user(request.user, customer_id, audit=False)
        qs = selectors.audit_entries(filters={"customer": customer.pk})
        return self.paginated(request, qs, AuditEntrySerializer)


class CustomerAuditListApi(ApiView):
    rbac_permissions = {"get": Perm.CUSTOMER_AUDIT_READ}
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        parameters=[AuditFilterSerializer],
        responses=AuditEntrySerializer(many=True),
        summary="The customer-file audit log",
    )
    def get(self, request):
        filters = validated(AuditFilterSerializer, query_dict(request, ("action",)))
        return self.paginated(
            request, selectors.audit_entries(filters=filters), AuditEntrySerializer
        )
