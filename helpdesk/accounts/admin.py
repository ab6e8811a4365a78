from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User, UserRole


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
