"""Admin for customer files. Opening or changing a file here is audited like the API; the audit
itself is read-only and cannot be deleted."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit import audit_record
from .models import AuditAction, ContactKind, Customer, CustomerAuditEntry, CustomerContact
from .phone import InvalidEmail, InvalidPhone, normalise_email, normalise_phone


class ContactForm(forms.ModelForm):
    class Meta:
        model = CustomerContact
        fields = ["kind", "value", "label", "is_primary"]

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), data.get("value")
        if not kind or not value:
            return data
        try:
            if kind == ContactKind.PHONE:
                data["value"] = normalise_phone(value)
            else:
                data["value"] = normalise_email(value)
        except InvalidPhone:
            self.add_error("value", _("Enter a valid phone number."))
        except InvalidEmail:
            self.add_error("value", _("Enter a valid email address."))
        return data


class ContactInline(admin.TabularInline):
    model = CustomerContact
    form = ContactForm
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "credit_standing", "custodian", "updated_at")
    list_filter = ("credit_standing",)
    search_fields = ("name", "company", "contacts__value")
    list_select_related = ("custodian",)
    raw_id_fields = ("custodian",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [ContactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and str(object_id).isdigit():
            customer = Customer.objects.filter(pk=object_id).first()
            if customer is not None:
                audit_record(
                    actor=request.user,
                    action=AuditAction.READ,
                    customer=customer,
                    detail={"view": "admin"},
                    request=request,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            customer=form.instance,
            detail={"view": "admin", "changed": sorted(form.changed_data)},
            request=request,
        )


@admin.register(CustomerAuditEntry)
class CustomerAuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "customer", "ip_address")
    list_filter = ("action",)
    list_select_related = ("actor", "customer")
    search_fields = ("actor__username", "customer__name")
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
