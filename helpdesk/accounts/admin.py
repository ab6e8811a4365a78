from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .audit import SecurityEventKind, security_record
from .models import SecurityEvent, User, UserRole
from .services import roles_changed

# Changes to these fields change what a person may do: each is recorded in the security log.
PRIVILEGE_FIELDS = ("is_active", "is_staff", "is_superuser")


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "display_name", "email", "roles_list", "is_active")
    list_filter = ("is_active", "roles__role")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Help desk"), {"fields": ("display_name", "language", "time_zone", "extension")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description=_("roles"))
    def roles_list(self, obj):
        return ", ".join(sorted(r.get_role_display() for r in obj.roles.all()))

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            before = User.objects.filter(pk=obj.pk).values(*PRIVILEGE_FIELDS).first() or {}
        super().save_model(request, obj, form, change)
        changed = {
            name: getattr(obj, name)
            for name in PRIVILEGE_FIELDS
            if change and before.get(name) != getattr(obj, name)
        }
        if changed:
            security_record(
                SecurityEventKind.ACCOUNT_CHANGED, user=obj, request=request, detail=changed
            )

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
        super().save_related(request, form, formsets, change)
        after = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
        roles_changed(user=user, before=before, after=after, request=request)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence."""

    list_display = ("created_at", "kind", "user", "username", "actor", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username", "user__username", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = ("user", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
