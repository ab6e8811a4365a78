"""The permission matrix, read from the code: every API endpoint × method × role."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from .rbac import Perm, roles_for
from .roles import Role

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    view_class: type
    perm: Perm | None  # None: the view is public (AllowAny)

    @property
    def roles(self) -> frozenset[str]:
        if self.perm is None:
            return frozenset(Role.values)
        return roles_for(self.perm)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def api_endpoints(prefix: str = "api/v1/") -> list[Endpoint]:
    from rest_framework.permissions import AllowAny

    out = []
    for path, callback in _walk(get_resolver().url_patterns):
        if not path.startswith(prefix):
            continue
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if view_class is None:
            continue
        declared = getattr(view_class, "rbac_permissions", {}) or {}
        public = any(p is AllowAny for p in getattr(view_class, "permission_classes", []))
        for method in HTTP_METHODS:
            if not hasattr(view_class, method):
                continue
            perm = None if public else declared.get(method)
            out.append(Endpoint("/" + path, method.upper(), view_class, perm))
    return sorted(out, key=lambda e: (e.path, HTTP_METHODS.index(e.method.lower())))


def undeclared(endpoints: list[Endpoint]) -> list[Endpoint]:
    """Endpoints that would refuse everybody: a method with no permission declared."""
    from rest_framework.permissions import AllowAny

    return [
        e
        for e in endpoints
        if e.perm is None
        and not any(p is AllowAny for p in getattr(e.view_class, "permission_classes", []))
    ]


def render_markdown() -> str:
    roles = list(Role.values)
    lines = [
        "# Permission matrix",
        "",
        "Generated from the code by `manage.py permission_matrix`; a test fails when it is stale.",
        "Object access comes on top: an item outside the user's queues is a 404, whatever the",
        "role (see `docs/queues.md` and `docs/customers.md`).",
        "",
        "| endpoint | method | permission | " + " | ".join(roles) + " |",
        "|---|---|---|" + "---|" * len(roles),
    ]
    for e in api_endpoints():
        perm = e.perm.value if e.perm else "public"
        marks = " | ".join("✓" if r in e.roles else "" for r in roles)
        lines.append(f"| `{e.path}` | {e.method} | `{perm}` | {marks} |")
    lines += [
        "",
        "## Permissions by role",
        "",
        "| permission | " + " | ".join(roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for perm in Perm:
        held = roles_for(perm) if perm != Perm.SELF else frozenset(roles)
        lines.append(
            f"| `{perm.value}` | " + " | ".join("✓" if r in held else "" for r in roles) + " |"
        )
    return "\n".join(lines) + "\n"
