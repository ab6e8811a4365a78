"""The security log: sign-ins, sign-outs, failures and lock-outs, and permission changes.

Sign-in events come from Django's own auth signals (``user_logged_in``, ``user_logged_out``,
``user_login_failed``) and django-axes' ``user_locked_out``, connected in ``apps.py``: they are the
one place that sees both the API's sign-in and the admin's login form. Permission changes are
recorded by the services that make them (``user_set_roles``, the queue-membership services) and
by the admin's forms (``admin.py``), which bypass the services.
"""

from __future__ import annotations

import ipaddress
import logging

from .models import SecurityEvent, SecurityEventKind

logger = logging.getLogger("helpdesk.security")

__all__ = ["SecurityEventKind", "security_record"]


def _address(request) -> str | None:
    raw = ((request.META.get("REMOTE_ADDR") if request is not None else None) or "").strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _person(value):
    return value if value is not None and getattr(value, "is_authenticated", False) else None


def security_record(
    kind: str,
    *,
    user=None,
    actor=None,
    username: str = "",
    request=None,
    detail: dict | None = None,
) -> SecurityEvent:
    """Write one row of the security log (and a line to the ``helpdesk.security`` logger)."""
    user = _person(user)
    actor = _person(actor)
    if actor is None and request is not None:
        actor = _person(getattr(request, "user", None))
    username = (username or (user.get_username() if user is not None else ""))[:150]
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor,
        username=username,
        ip_address=_address(request),
        detail=detail or {},
    )
    logger.info(
        "security %s user=%s actor=%s ip=%s",
        kind,
        user.pk if user else username,
        actor.pk if actor else None,
        event.ip_address,
    )
    return event


# --- signal receivers (connected in apps.py) -------------------------------------------------


def on_logged_in(sender, request, user, **kwargs):
    security_record(SecurityEventKind.LOGIN_SUCCEEDED, user=user, actor=user, request=request)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_record(SecurityEventKind.LOGOUT, user=user, actor=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    from .models import User

    username = str((credentials or {}).get("username") or "")[:150]
    known = User.objects.filter(username=username).first() if username else None
    security_record(SecurityEventKind.LOGIN_FAILED, user=known, username=username, request=request)


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    from .models import User

    username = str(username or "")[:150]
    known = User.objects.filter(username=username).first() if username else None
    security_record(SecurityEventKind.LOGIN_LOCKED, user=known, username=username, request=request)
