"""Queue, inbox and work-item endpoints. Thin: parse, call one service or selector, render."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.common.pagination import IdsFirstPagination, PagePagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict

from . import configuration, selectors, services
from .models import Category, Queue
from .serializers import (
    AssignInputSerializer,
    CannedFilterSerializer,
    CannedInputSerializer,
    CannedRenderInputSerializer,
    CannedResponseSerializer,
    CategorySerializer,
    InboxFilterSerializer,
    LinkInputSerializer,
    MembershipInputSerializer,
    MembershipSerializer,
    QueueInputSerializer,
    QueueSerializer,
    ReleaseInputSerializer,
    TransferInputSerializer,
    WorkItemEventSerializer,
    WorkItemSerializer,
    WorkItemUpdateSerializer,
)

User = get_user_model()

INBOX_LIST_FIELDS = ("queue", "kind", "status", "priority", "assignee")


def _item_response(user, item_id: int, status_code=status.HTTP_200_OK) -> Response:
    item = selectors.workitem_get_for_user(user, item_id)
    return Response(WorkItemSerializer(item).data, status=status_code)


class InboxApi(ApiView):
    rbac_permissions = {"get": Perm.INBOX_READ}
    pagination_class = IdsFirstPagination

    @extend_schema(
        parameters=[InboxFilterSerializer],
        responses=WorkItemSerializer(many=True),
        summary="The unified inbox: every item the user may see, most urgent first",
    )
    def get(self, request):
        filters = validated(InboxFilterSerializer, query_dict(request, INBOX_LIST_FIELDS))
        qs = selectors.inbox_for_user(request.user, filters=filters)
        return self.paginated(request, qs, WorkItemSerializer)


class WorkItemDetailApi(ApiView):
    rbac_permissions = {"get": Perm.INBOX_READ, "patch": Perm.ITEM_EDIT}

    @extend_schema(responses=WorkItemSerializer)
    def get(self, request, item_id: int):
        return _item_response(request.user, item_id)

    @extend_schema(request=WorkItemUpdateSerializer, responses=WorkItemSerializer)
    def patch(self, request, item_id: int):
        data = validated(WorkItemUpdateSerializer, request.data)
        item = selectors.workitem_get_for_user(request.user, item_id)
        category = None
        if data.get("category"):
            category = Category.objects.filter(pk=data["category"]).first()
            if category is None:
                raise ServiceError(
                    _("Unknown category."),
                    code="invalid",
                    fields={"category": [_("Unknown category.")]},
                )
        customer = None
        if data.get("customer"):
            from helpdesk.customers.selectors import customer_get_for_user

            customer = customer_get_for_user(request.user, data["customer"], audit=False)
        services.workitem_update(
            item_id=item.pk,
            actor=request.user,
            subject=data.get("subject"),
            priority=data.get("priority"),
            category=category,
            clear_category="category" in data and data["category"] is None,
            tags=data.get("tags"),
            customer=customer,
        )
        return _item_response(request.user, item_id)


class WorkItemEventsApi(ApiView):
    rbac_permissions = {"get": Perm.INBOX_READ}
    pagination_class = PagePagination

    @extend_schema(responses=WorkItemEventSerializer(many=True))
    def get(self, request, item_id: int):
        item = selectors.workitem_get_for_user(request.user, item_id)
        return self.paginated(request, selectors.workitem_events(item), WorkItemEventSerializer)


class WorkItemTakeApi(ApiView):
    rbac_permissions = {"post": Perm.ITEM_TAKE}

    @extend_schema(request=None, responses=WorkItemSerializer)
    def post(self, request, item_id: int):
        services.workitem_take(item_id=item_id, user=request.user)
        return _item_response(request.user, item_id)


class WorkItemAssignApi(ApiView):
    rbac_permissions = {"post": Perm.ITEM_ASSIGN}

    @extend_schema(request=AssignInputSerializer, responses=WorkItemSerializer)
    def post(self, request, item_id: int):
        data = validated(AssignInputSerializer, request.data)
        selectors.workitem_get_for_user(request.user, item_id)  # 404 before anything else
        assignee = User.objects.filter(pk=data["assignee"]).first()
        if assignee is None:
            raise ServiceError(
                _("Unknown user."),
                code="assignee_not_member",
                fields={"assignee": [_("Unknown user.")]},
            )
        services.workitem_assign(
            item_id=item_id, assignee=assignee, actor=request.user, reason=data["reason"]
        )
        return _item_response(request.user, item_id)


class WorkItemReleaseApi(ApiView):
    rbac_permissions = {"post": Perm.ITEM_RELEASE}

    @extend_schema(request=ReleaseInputSerializer, responses=WorkItemSerializer)
    def post(self, request, item_id: int):
        data = validated(ReleaseInputSerializer, request.data)
        services.workitem_release(item_id=item_id, actor=request.user, reason=data["reason"])
        return _item_response(request.user, item_id)


class WorkItemTransferApi(ApiView):
    rbac_permissions = {"post": Perm.ITEM_TRANSFER}

    @extend_schema(request=TransferInputSerializer, responses=WorkItemSerializer)
    def post(self, request, item_id: int):
        data = validated(TransferInputSerializer, request.data)
        selectors.workitem_get_for_user(request.user, item_id)  # 404 before anything else
        to_queue = Queue.objects.filter(pk=data["queue"]).first()
        if to_queue is None:
            raise ServiceError(
                _("Unknown queue."), code="queue_not_found", fields={"queue": [_("Unknown queue.")]}
            )
        item = services.workitem_transfer(
            item_id=item_id, actor=request.user, to_queue=to_queue, reason=data["reason"]
        )
        # The actor may no longer see the item in its new queue.
        try:
            return _item_response(request.user, item.pk)
        except NotFound:
            return Response({"id": item.pk, "queue": to_queue.pk}, status=status.HTTP_200_OK)


class WorkItemLinksApi(ApiView):
    rbac_permissions = {"post": Perm.ITEM_LINK}

    @extend_schema(request=LinkInputSerializer, responses={201: None})
    def post(self, request, item_id: int):
        data = validated(LinkInputSerializer, request.data)
        link = services.workitem_link(
            item_id=item_id, target_id=data["target"], kind=data["kind"], actor=request.user
        )
        return Response(
            {"source": link.source_id, "target": link.target_id, "kind": link.kind},
            status=status.HTTP_201_CREATED,
        )


class WorkItemLinkDeleteApi(ApiView):
    rbac_permissions = {"delete": Perm.ITEM_LINK}

    @extend_schema(responses={204: None})
    def delete(self, request, item_id: int, target_id: int):
        services.workitem_unlink(item_id=item_id, target_id=target_id, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QueueListApi(ApiView):
    rbac_permissions = {"get": Perm.QUEUE_READ, "post": Perm.QUEUE_MANAGE}
    pagination_class = PagePagination

    @extend_schema(responses=QueueSerializer(many=True))
    def get(self, request):
        return self.paginated(request, selectors.queues_for_user(request.user), QueueSerializer)

    @extend_schema(request=QueueInputSerializer, responses={201: QueueSerializer})
    def post(self, request):
        data = validated(QueueInputSerializer, request.data)
        queue = configuration.queue_create(actor=request.user, **data)
        return Response(
            QueueSerializer(selectors.queue_get_for_user(request.user, queue.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class QueueDetailApi(ApiView):
    rbac_permissions = {"get": Perm.QUEUE_READ}

    @extend_schema(responses=QueueSerializer)
    def get(self, request, queue_id: int):
        return Response(QueueSerializer(selectors.queue_get_for_user(request.user, queue_id)).data)


class QueueMembersApi(ApiView):
    rbac_permissions = {"post": Perm.QUEUE_MANAGE}

    @extend_schema(request=MembershipInputSerializer, responses={200: MembershipSerializer})
    def post(self, request, queue_id: int):
        queue = selectors.queue_get_for_user(request.user, queue_id)
        data = validated(MembershipInputSerializer, request.data)
        membership = configuration.membership_set(
            actor=request.user, queue=queue, user_id=data.pop("user"), **data
        )
        return Response(MembershipSerializer(membership).data)


class QueueMemberDeleteApi(ApiView):
    rbac_permissions = {"delete": Perm.QUEUE_MANAGE}

    @extend_schema(responses={204: None})
    def delete(self, request, queue_id: int, user_id: int):
        queue = selectors.queue_get_for_user(request.user, queue_id)
        configuration.membership_remove(queue=queue, user_id=user_id, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QueueCategoriesApi(ApiView):
    rbac_permissions = {"get": Perm.QUEUE_READ}
    pagination_class = PagePagination

    @extend_schema(responses=CategorySerializer(many=True))
    def get(self, request, queue_id: int):
        queue = selectors.queue_get_for_user(request.user, queue_id)
        qs = selectors.categories_for_queue(queue)
        return self.paginated(request, qs, CategorySerializer)


class CannedListApi(ApiView):
    rbac_permissions = {"get": Perm.CANNED_READ, "post": Perm.CANNED_MANAGE}
    pagination_class = PagePagination

    @extend_schema(
        parameters=[OpenApiParameter("queue", int, required=False)],
        responses=CannedResponseSerializer(many=True),
    )
    def get(self, request):
        data = validated(CannedFilterSerializer, query_dict(request))
        qs = selectors.canned_responses_for_user(request.user, queue_id=data.get("queue"))
        return self.paginated(request, qs, CannedResponseSerializer)

    @extend_schema(request=CannedInputSerializer, responses={201: CannedResponseSerializer})
    def post(self, request):
        data = validated(CannedInputSerializer, request.data)
        canned = configuration.canned_create(actor=request.user, **data)
        return Response(CannedResponseSerializer(canned).data, status=status.HTTP_201_CREATED)


class CannedRenderApi(ApiView):
    rbac_permissions = {"post": Perm.CANNED_READ}

    @extend_schema(request=CannedRenderInputSerializer, responses={200: None})
    def post(self, request, canned_id: int):
        data = validated(CannedRenderInputSerializer, request.data)
        canned = get_object_or_404(selectors.canned_responses_for_user(request.user), pk=canned_id)
        item = (
            selectors.workitem_get_for_user(request.user, data["item"])
            if data.get("item")
            else None
        )
        text = configuration.canned_render_for(canned=canned, item=item, agent=request.user)
        return Response({"id": canned.pk, "title": canned.title, "body": text})
