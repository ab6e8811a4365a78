"""Serializer helpers shared by every API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer):
    """An input serializer that refuses fields it does not know (code ``unknown_field``)."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields.keys()))
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [serializers.ErrorDetail(_("Unknown field."), code="unknown_field")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


def validated(serializer_class, data, **kwargs) -> dict:
    """Parse ``data`` with ``serializer_class`` and return its validated data (raises 400)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
