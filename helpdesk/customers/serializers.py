"""Input and output serializers for customer files and their audit."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.queues.serializers import (
    CustomerBriefSerializer,
    UserBriefSerializer,
    WorkItemSerializer,
)

from .models import AuditAction, ContactKind, CreditStanding, Customer, CustomerAuditEntry

# --- outputs ---------------------------------------------------------------------------------


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    value = serializers.CharField(help_text=_("A phone number in E.164, or an email address."))
    label = serializers.CharField()
    is_primary = serializers.BooleanField()


class CustomerListSerializer(serializers.ModelSerializer):
    """One search result: only what is needed to pick the right file."""

    primary_phone = serializers.CharField(allow_null=True, read_only=True)
    primary_email = serializers.CharField(allow_null=True, read_only=True)

    class Meta:
        model = Customer
        fields = ["id", "name", "company", "primary_phone", "primary_email", "credit_standing"]
        read_only_fields = fields


class CustomerDetailSerializer(serializers.ModelSerializer):
    """The whole file. Needs ``custodian`` joined and ``contacts`` prefetched."""

    custodian = UserBriefSerializer(read_only=True, allow_null=True)
    contacts = ContactSerializer(many=True, read_only=True)
    credit_standing_display = serializers.CharField(
        source="get_credit_standing_display", read_only=True
    )

    class Meta:
        model = Customer
        fields = [
            "id",
            "name",
            "company",
            "website",
            "credit_standing",
            "credit_standing_display",
            "custodian",
            "notes",
            "contacts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CustomerExportSerializer(serializers.Serializer):
    """The JSON download of one file."""

    exported_at = serializers.DateTimeField()
    customer = CustomerDetailSerializer()
    work_items = WorkItemSerializer(many=True)


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(read_only=True, allow_null=True)
    customer = CustomerBriefSerializer(read_only=True, allow_null=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = CustomerAuditEntry
        fields = [
            "id",
            "actor",
            "customer",
            "action",
            "action_display",
            "detail",
            "ip_address",
            "created_at",
        ]
        read_only_fields = fields


# --- inputs ----------------------------------------------------------------------------------


class ContactInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    value = serializers.CharField(max_length=254)
    label = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    is_primary = serializers.BooleanField(required=False, default=False)


class _CustomerFieldsSerializer(StrictInputSerializer):
    company = serializers.CharField(max_length=200, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    credit_standing = serializers.ChoiceField(choices=CreditStanding.choices, required=False)
    custodian = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text=_("A user id. Only managers and supervisors may name someone else."),
    )
    notes = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    contacts = ContactInputSerializer(many=True, required=False, max_length=50)


class CustomerCreateSerializer(_CustomerFieldsSerializer):
    name = serializers.CharField(max_length=200)


class CustomerUpdateSerializer(_CustomerFieldsSerializer):
    """Only the fields given change; ``contacts``, when given, replaces the whole list."""

    name = serializers.CharField(max_length=200, required=False)


class CustomerSearchSerializer(StrictInputSerializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        default="",
        help_text=_("Name, company, phone number (any format) or email address."),
    )
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class CustomerExportQuerySerializer(StrictInputSerializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")


class PageSerializer(StrictInputSerializer):
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class AuditFilterSerializer(PageSerializer):
    actor = serializers.IntegerField(required=False, min_value=1)
    customer = serializers.IntegerField(required=False, min_value=1)
    action = serializers.ListField(
        child=serializers.ChoiceField(choices=AuditAction.choices), required=False
    )
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
