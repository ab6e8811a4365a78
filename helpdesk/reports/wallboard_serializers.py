"""Output of the wallboard (the REST answer and the ``wallboard.updated`` payload: one shape)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class WallboardFiguresSerializer(serializers.Serializer):
    waiting_chats = serializers.IntegerField(help_text=_("Chats waiting for an agent."))
    calls_ringing = serializers.IntegerField(help_text=_("Inbound calls ringing now."))
    ringbacks_open = serializers.IntegerField(help_text=_("Missed callers still to ring back."))
    waiting_calls = serializers.IntegerField(help_text=_("Ringing calls plus open ring-backs."))
    waiting_other = serializers.IntegerField(
        help_text=_("Other new work nobody has taken (tickets, complaints, enquiries).")
    )
    waiting_total = serializers.IntegerField()
    longest_wait_seconds = serializers.IntegerField(allow_null=True)
    longest_wait_since = serializers.DateTimeField(allow_null=True)
    agents_online = serializers.IntegerField(
        allow_null=True, help_text=_("Null when presence is unknown.")
    )
    agents_on_shift = serializers.IntegerField()
    sla_at_risk = serializers.IntegerField(
        help_text=_("Open items with a running SLA clock past its warning time, not yet due.")
    )
    sla_breached_open = serializers.IntegerField(
        help_text=_("Open items that have breached an SLA target.")
    )


class WallboardQueueSerializer(WallboardFiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class WallboardAgentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    online = serializers.BooleanField(allow_null=True)
    on_shift = serializers.BooleanField()
    open_items = serializers.IntegerField()
    queues = serializers.ListField(child=serializers.IntegerField())


class WallboardSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    presence_known = serializers.BooleanField()
    queues = WallboardQueueSerializer(many=True)
    totals = WallboardFiguresSerializer()
    agents = WallboardAgentSerializer(many=True)
