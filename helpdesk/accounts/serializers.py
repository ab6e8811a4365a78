import zoneinfo

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer

from .models import SecurityEvent, SecurityEventKind, User
from .rbac import permissions_of


class LoginInputSerializer(StrictInputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class PreferencesInputSerializer(StrictInputSerializer):
    language = serializers.ChoiceField(choices=["", "zh-hans", "en"], required=False)
    time_zone = serializers.CharField(required=False, allow_blank=True, max_length=64)

    def validate_time_zone(self, value):
        if value and value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(_("Unknown time zone."))
        return value


class MembershipBriefSerializer(serializers.Serializer):
    queue = serializers.IntegerField(source="queue_id")
    queue_name = serializers.CharField(source="queue.name")
    role = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField()
    queues = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "email",
            "language",
            "time_zone",
            "extension",
            "roles",
            "queues",
            "permissions",
        ]
        read_only_fields = fields

    def get_roles(self, obj) -> list[str]:
        return sorted(obj.role_set)

    def get_queues(self, obj) -> list[dict]:
        memberships = obj.memberships.select_related("queue").order_by("queue__name")
        return MembershipBriefSerializer(memberships, many=True).data

    def get_permissions(self, obj) -> list[str]:
        return permissions_of(obj)


class UserListSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "is_active", "roles"]
        read_only_fields = fields

    def get_roles(self, obj) -> list[str]:
        return sorted(r.role for r in obj.roles.all())


class SecurityEventFilterSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=SecurityEventKind.choices, required=False)
    user = serializers.IntegerField(required=False, min_value=1)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1)


class SecurityEventSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()

    class Meta:
        model = SecurityEvent
        fields = ["id", "created_at", "kind", "user", "username", "actor", "ip_address", "detail"]
        read_only_fields = fields

    def _person(self, person) -> dict | None:
        return None if person is None else {"id": person.pk, "name": person.name}

    def get_user(self, obj) -> dict | None:
        return self._person(obj.user)

    def get_actor(self, obj) -> dict | None:
        return self._person(obj.actor)
