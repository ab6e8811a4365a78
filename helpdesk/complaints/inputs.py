"""Input serializers of the complaint endpoints (filters, creating, the workflow's steps)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer

from .models import (
    Outcome,
    RemedyKind,
    RootCause,
    Severity,
    Stage,
)

# --- inputs ----------------------------------------------------------------------------------------


def _multi(child):
    return serializers.ListField(child=child, required=False)


def _text(max_length=10_000, **kwargs):
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=max_length, **kwargs
    )


class ComplaintFilterSerializer(StrictInputSerializer):
    stage = _multi(serializers.ChoiceField(choices=Stage.choices))
    category = _multi(serializers.IntegerField(min_value=1))
    severity = _multi(serializers.ChoiceField(choices=Severity.choices))
    root_cause = _multi(serializers.ChoiceField(choices=RootCause.choices))
    handler = _multi(serializers.IntegerField(min_value=1))
    unassigned = serializers.BooleanField(required=False, default=False)
    mine = serializers.BooleanField(required=False, default=False)
    customer = serializers.IntegerField(min_value=1, required=False)
    sla = serializers.ChoiceField(
        choices=[("breached", "breached"), ("warning", "warning")], required=False
    )
    q = serializers.CharField(required=False, max_length=100)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class ComplaintBoardFilterSerializer(StrictInputSerializer):
    category = _multi(serializers.IntegerField(min_value=1))
    severity = _multi(serializers.ChoiceField(choices=Severity.choices))
    root_cause = _multi(serializers.ChoiceField(choices=RootCause.choices))
    handler = _multi(serializers.IntegerField(min_value=1))
    unassigned = serializers.BooleanField(required=False, default=False)
    mine = serializers.BooleanField(required=False, default=False)
    customer = serializers.IntegerField(min_value=1, required=False)
    q = serializers.CharField(required=False, max_length=100)


class ComplaintCreateSerializer(StrictInputSerializer):
    source_item = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="A ticket, chat or call."
    )
    source_order = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    subject = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    description = _text(
        help_text="The customer's complaint in their words (required without a source)."
    )
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MEDIUM)
    category = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    customer = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    orders = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=50
    )
    complained_agent = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    complained_channel = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class ComplaintUpdateSerializer(StrictInputSerializer):
    subject = serializers.CharField(required=False, max_length=255)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    category = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    complained_agent = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    complained_channel = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    orders = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=50
    )
    root_cause = serializers.ChoiceField(
        choices=RootCause.choices, required=False, allow_blank=True
    )
    attributed_agent = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    attributed_channel = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    attribution_note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ComplaintNothingSerializer(StrictInputSerializer):
    """A command that takes no input (anything sent is ``unknown_field``)."""


class ComplaintReasonSerializer(StrictInputSerializer):
    reason = _text(2000)


class ComplaintRequiredReasonSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class ComplaintProposeSerializer(StrictInputSerializer):
    resolution = serializers.CharField(
        max_length=10_000, allow_blank=True, help_text="What the customer will be told."
    )
    reason = _text(2000)


class ComplaintApproveSerializer(StrictInputSerializer):
    note = _text(2000)
    confirm_above_threshold = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Confirms the remedies above COMPLAINTS_APPROVAL_THRESHOLD_FEN.",
    )


class ComplaintCloseSerializer(StrictInputSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_null=True)
    reason = _text(2000)


class ComplaintAppealSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)
    to_manager = serializers.BooleanField(required=False, default=False)


class ComplaintNoteSerializer(StrictInputSerializer):
    body = serializers.CharField(max_length=20_000, allow_blank=True)


class ComplaintAttachSerializer(StrictInputSerializer):
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        allow_empty=False,
        max_length=settings.ATTACHMENT_MAX_FILES,
    )
    note = _text(2000)


class ComplaintLinkSerializer(StrictInputSerializer):
    item = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    order = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class ComplaintRemedyCreateSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=RemedyKind.choices)
    order = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    amount_fen = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    description = _text(2000)
