"""Sign-in, sign-out, tokens and roles."""

from __future__ import annotations

import hashlib
import logging

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from helpdesk.common import ratelimit
from helpdesk.common.errors import RateLimited, ServiceError

from .audit import SecurityEventKind, security_record
from .models import User, UserRole
from .roles import Role

logger = logging.getLogger("helpdesk.security")


class LoginLocked(ServiceError):
    status_code = 429
    code = "login_locked"


def _username_key(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:24]


def session_login(*, request, username: str, password: str) -> User:
    """Authenticate and start a browser session. Repeated failures lock the account+IP pair;
    failures for one username from any address are limited (``LOGIN_USER_FAILURE_RATE``)."""
    key = _username_key(username)
    wait = ratelimit.hit("login-user", key, settings.LOGIN_USER_FAILURE_RATE, count=False)
    if wait:
        security_record(
            SecurityEventKind.LOGIN_RATE_LIMITED,
            user=User.objects.filter(username=username).first(),
            username=username,
            request=request,
        )
        raise RateLimited(
            _("Too many failed sign-in attempts for this account. Try again later."),
            retry_after=wait,
        )
    try:
        user = authenticate(request, username=username, password=password)
    except AxesBackendPermissionDenied as exc:
        logger.warning("login locked out username=%s", username)
        raise LoginLocked(_("Too many failed sign-in attempts. Try again later.")) from exc
    if getattr(request, "axes_locked_out", False):
        raise LoginLocked(_("Too many failed sign-in attempts. Try again later."))
    if user is None:
        ratelimit.hit("login-user", key, settings.LOGIN_USER_FAILURE_RATE)
        logger.info("login failed username=%s", username)
        raise ServiceError(
            _("The username or password is not correct."),
            code="invalid_credentials",
            status_code=400,
        )
    login(request, user)
    logger.info("login user=%s", user.pk)
    return user


def session_logout(*, request) -> None:
    logout(request)


@transaction.atomic
def token_rotate(*, user: User) -> Token:
    """Issue a new API token for integrations (the old one stops working)."""
    Token.objects.filter(user=user).delete()
    security_record(SecurityEventKind.TOKEN_ROTATED, user=user, actor=user)
    return Token.objects.create(user=user)


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str], actor=None) -> User:
    unknown = sorted(set(roles) - set(Role.values))
    if unknown:
        raise ServiceError(
            _("Unknown role."),
            code="invalid",
            fields={"roles": [_("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}]},
        )
    before = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in set(roles) - before])
    user.__dict__.pop("role_set", None)
    roles_changed(user=user, before=before, after=set(roles), actor=actor)
    logger.info("roles of user=%s set to %s by %s", user.pk, sorted(roles), actor)
    return user


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles: list[str],
    display_name: str = "",
    email: str = "",
    language: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    if User.objects.filter(username=username).exists():
        raise ServiceError(_("This username is taken."), code="username_taken", status_code=409)
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        display_name=display_name,
        language=language,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    return user_set_roles(user=user, roles=roles)


@transaction.atomic
def user_update_preferences(
    *, user: User, language: str | None = None, time_zone: str | None = None
) -> User:
    fields = []
    if language is not None:
        user.language = language
        fields.append("language")
    if time_zone is not None:
        user.time_zone = time_zone
        fields.append("time_zone")
    if fields:
        user.save(update_fields=fields)
    return user


def roles_changed(*, user: User, before: set[str], after: set[str], actor=None, request=None):
    """Record each role granted or revoked (the services and the admin's form call this)."""
    for role in sorted(after - before):
        security_record(
            SecurityEventKind.ROLE_GRANTED,
            user=user,
            actor=actor,
            request=request,
            detail={"role": role},
        )
    for role in sorted(before - after):
        security_record(
            SecurityEventKind.ROLE_REVOKED,
            user=user,
            actor=actor,
            request=request,
            detail={"role": role},
        )
