"""People endpoints: shift types, a person's rules, shift wishes, leave."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.pagination import PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict

from . import people
from .models import ShiftType
from .serializers import (
    LeaveCreateSerializer,
    LeaveDecisionSerializer,
    LeaveFilterSerializer,
    LeaveSerializer,
    PreferenceCreateSerializer,
    PreferenceSerializer,
    ShiftTypeCreateSerializer,
    ShiftTypeSerializer,
    StaffProfileSerializer,
    StaffProfileUpdateSerializer,
)


class ShiftTypeListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "post": Perm.STAFFING_PLAN}

    @extend_schema(responses=ShiftTypeSerializer(many=True), summary="The active shift types")
    def get(self, request):
        rows = ShiftType.objects.filter(is_active=True)
        return Response(ShiftTypeSerializer(rows, many=True).data)

    @extend_schema(request=ShiftTypeCreateSerializer, responses={201: ShiftTypeSerializer})
    def post(self, request):
        data = validated(ShiftTypeCreateSerializer, request.data)
        shift_type = people.shift_type_create(**data)
        return Response(ShiftTypeSerializer(shift_type).data, status=status.HTTP_201_CREATED)


class StaffRulesApi(ApiView):
    """A person's rules: they read their own; leads of their queues read and set them."""

    rbac_permissions = {"get": Perm.SHIFT_READ, "put": Perm.STAFFING_PLAN}

    @extend_schema(responses=StaffProfileSerializer)
    def get(self, request, user_id: int):
        user = people.person_get(request.user, user_id)
        return Response(StaffProfileSerializer(people.profile_of(user)).data)

    @extend_schema(request=StaffProfileUpdateSerializer, responses=StaffProfileSerializer)
    def put(self, request, user_id: int):
        data = validated(StaffProfileUpdateSerializer, request.data)
        user = people.person_get(request.user, user_id)
        profile = people.profile_set(actor=request.user, user=user, **data)
        return Response(StaffProfileSerializer(profile).data)


class PreferenceListApi(ApiView):
    rbac_permissions = {"get": Perm.SHIFT_READ, "post": Perm.SHIFT_READ}

    @extend_schema(responses=PreferenceSerializer(many=True), summary="One's own shift wishes")
    def get(self, request):
        rows = request.user.shift_preferences.all()
        return Response(PreferenceSerializer(rows, many=True).data)

    @extend_schema(request=PreferenceCreateSerializer, responses={201: PreferenceSerializer})
    def post(self, request):
        data = validated(PreferenceCreateSerializer, request.data)
        preference = people.preference_add(user=request.user, **data)
        return Response(PreferenceSerializer(preference).data, status=status.HTTP_201_CREATED)


class PreferenceDetailApi(ApiView):
    rbac_permissions = {"delete": Perm.SHIFT_READ}

    @extend_schema(responses={204: None})
    def delete(self, request, preference_id: int):
        people.preference_remove(user=request.user, preference_id=preference_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeaveListApi(ApiView):
    rbac_permissions = {"get": Perm.LEAVE_REQUEST, "post": Perm.LEAVE_REQUEST}
    pagination_class = PagePagination

    @extend_schema(
        parameters=[LeaveFilterSerializer],
        responses=LeaveSerializer(many=True),
        summary="Leave requests: one's own; a supervisor's queues' members'; everyone's for managers",
    )
    def get(self, request):
        filters = validated(LeaveFilterSerializer, query_dict(request))
        qs = people.leave_list(
            request.user, status=filters.get("status"), mine=filters.get("mine", False)
        )
        return self.paginated(request, qs, LeaveSerializer)

    @extend_schema(request=LeaveCreateSerializer, responses={201: LeaveSerializer})
    def post(self, request):
        data = validated(LeaveCreateSerializer, request.data)
        leave = people.leave_request(user=request.user, **data)
        return Response(LeaveSerializer(leave).data, status=status.HTTP_201_CREATED)


class LeaveDecideApi(ApiView):
    rbac_permissions = {"post": Perm.LEAVE_DECIDE}

    @extend_schema(request=LeaveDecisionSerializer, responses=LeaveSerializer)
    def post(self, request, leave_id: int):
        data = validated(LeaveDecisionSerializer, request.data)
        leave = people.leave_decide(
            actor=request.user,
            leave_id=leave_id,
            approve=data["approve"],
            note=data.get("note", ""),
        )
        return Response(LeaveSerializer(leave).data)


class LeaveCancelApi(ApiView):
    rbac_permissions = {"post": Perm.LEAVE_REQUEST}

    @extend_schema(request=None, responses=LeaveSerializer)
    def post(self, request, leave_id: int):
        leave = people.leave_cancel(actor=request.user, leave_id=leave_id)
        return Response(LeaveSerializer(leave).data)
