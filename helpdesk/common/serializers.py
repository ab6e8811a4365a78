"""Serializer helpers shared by every API."""

from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Years that dates can be represented and computed with. Before them, time zones had offsets
# in seconds (local mean time: not valid RFC 3339 when echoed back); past them, date arithmetic
# overflows (year 9999). Business rules (no calls in the future, a report's longest span) stay
# with the services, which answer them with their own codes.
EARLIEST_YEAR, LATEST_YEAR = 1980, 9998


def sane_date(value) -> None:
    """A validator for date and date-time inputs: years EARLIEST_YEAR..LATEST_YEAR."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise serializers.ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
            code="date_out_of_range",
        )


# The largest integer a database column can hold (a 64-bit id): beyond it SQLite cannot even
# compare (OverflowError, a 500 found by the fuzzer on `make run`'s database).
LARGEST_INTEGER = 2**63 - 1


def _bound_integer(field) -> None:
    if field.max_value is None or field.max_value > LARGEST_INTEGER:
        field.max_value = LARGEST_INTEGER
        message = field.error_messages["max_value"].format(max_value=LARGEST_INTEGER)
        field.validators.append(MaxValueValidator(LARGEST_INTEGER, message=message))


class StrictInputSerializer(serializers.Serializer):
    """An input serializer that refuses fields it does not know (code ``unknown_field``), dates
    outside the years a help desk can mean (:func:`sane_date`) and integers no column can hold
    (``max_value``, also on list items)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if isinstance(field, serializers.DateField | serializers.DateTimeField):
                field.validators.append(sane_date)
            if isinstance(field, serializers.IntegerField):
                _bound_integer(field)
            elif isinstance(field, serializers.ListField) and isinstance(
                field.child, serializers.IntegerField
            ):
                _bound_integer(field.child)
        return fields

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
