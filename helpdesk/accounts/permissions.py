"""The one place where API permissions are checked."""

from rest_framework.permissions import BasePermission

from .rbac import Perm, user_has_perm


def view_action(request, view) -> str:
    return getattr(view, "action", None) or request.method.lower()


class RolePermission(BasePermission):
    """Allow a request when the user's roles hold the permission its view declares for the action.

    Views declare ``rbac_permissions = {"list": Perm.X, "post": Perm.Y, ...}``. An action with no
    declaration is refused, so a forgotten declaration fails closed. ``Perm.SELF`` admits any
    signed-in user; a view that must be public sets ``permission_classes`` explicitly.
    """

    def has_permission(self, request, view) -> bool:
        perm = required_permission(request, view)
        if perm is None:
            return False
        return user_has_perm(request.user, perm)


def required_permission(request, view) -> Perm | None:
    declared = getattr(view, "rbac_permissions", None) or {}
    action = view_action(request, view)
    if action == "options":
        return Perm.SELF
    if action == "head":
        action = "get"
    return declared.get(action)
