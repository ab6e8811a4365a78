"""Sign-in for the browser (session + CSRF), tokens for integrations, and the current user."""

from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from helpdesk.common.pagination import PagePagination
from helpdesk.common.ratelimit import LoginIpThrottle
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict

from . import services
from .models import SecurityEvent, User
from .rbac import Perm
from .serializers import (
    LoginInputSerializer,
    MeSerializer,
    PreferencesInputSerializer,
    SecurityEventFilterSerializer,
    SecurityEventSerializer,
    UserListSerializer,
)


@method_decorator(ensure_csrf_cookie, name="get")
class CsrfApi(ApiView):
    """Sets the CSRF cookie; the single-page app calls it before signing in."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: None})
    def get(self, request):
        return Response({"csrf_token": get_token(request)})


class LoginApi(ApiView):
    permission_classes = [AllowAny]
    throttle_classes = [LoginIpThrottle]

    @extend_schema(
        request=LoginInputSerializer,
        responses={
            200: MeSerializer,
            429: OpenApiResponse(
                description="login_locked, or rate_limited (Retry-After): too many attempts"
            ),
        },
    )
    def post(self, request):
        data = validated(LoginInputSerializer, request.data)
        user = services.session_login(
            request=request._request, username=data["username"], password=data["password"]
        )
        return Response(MeSerializer(user).data)


class LogoutApi(ApiView):
    rbac_permissions = {"post": Perm.SELF}

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        services.session_logout(request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(ApiView):
    rbac_permissions = {"get": Perm.SELF, "patch": Perm.SELF}

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=PreferencesInputSerializer, responses=MeSerializer)
    def patch(self, request):
        data = validated(PreferencesInputSerializer, request.data)
        user = services.user_update_preferences(user=request.user, **data)
        return Response(MeSerializer(user).data)


class TokenApi(ApiView):
    """Issue (or rotate) the caller's API token for an integration."""

    rbac_permissions = {"post": Perm.SELF}

    @extend_schema(request=None, responses={201: None})
    def post(self, request):
        token = services.token_rotate(user=request.user)
        return Response({"token": token.key}, status=status.HTTP_201_CREATED)


class UserListApi(ApiView):
    rbac_permissions = {"get": Perm.USER_READ}
    pagination_class = PagePagination

    @extend_schema(responses=UserListSerializer(many=True))
    def get(self, request):
        qs = User.objects.filter(is_active=True).prefetch_related("roles").order_by("username")
        role = request.query_params.get("role")
        if role:
            qs = qs.filter(roles__role=role)
        return self.paginated(request, qs, UserListSerializer)


class SecurityEventListApi(ApiView):
    """The security log: sign-ins (and failures, lock-outs), sign-outs, permission changes."""

    rbac_permissions = {"get": Perm.USER_MANAGE}
    pagination_class = PagePagination

    @extend_schema(
        parameters=[SecurityEventFilterSerializer],
        responses=SecurityEventSerializer(many=True),
        summary="Security log, newest first (managers)",
    )
    def get(self, request):
        filters = validated(SecurityEventFilterSerializer, query_dict(request))
        qs = SecurityEvent.objects.select_related("user", "actor").order_by("-created_at", "-id")
        if "kind" in filters:
            qs = qs.filter(kind=filters["kind"])
        if "user" in filters:
            qs = qs.filter(user_id=filters["user"])
        return self.paginated(request, qs, SecurityEventSerializer)
