"""Serializer fields for the registry's own kinds of value: partial dates, record slugs, text."""

from django.core.validators import slug_re
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from initiatives import statements
from initiatives.partial_dates import MAX_LENGTH, PATTERN, parse_date


@extend_schema_field(
    {"type": "string", "pattern": PATTERN.pattern, "maxLength": MAX_LENGTH, "example": "2020-03"}
)
class PartialDateField(serializers.Field):
    """ "2019", "2019-02" or "2019-02-25": as precise as the source; an open date in EDTF
    ("2019-11-23?", "2019-11~", "[2019-11-23,2020-11-23]", "2019-10-23/2019-11-23")."""

    default_error_messages = {"invalid": "{message}"}

    def to_representation(self, value):
        return value.isoformat()

    def to_internal_value(self, data):
        try:
            return parse_date(data)
        except ValueError as error:
            self.fail("invalid", message=str(error))


@extend_schema_field(OpenApiTypes.STR)
class RecordSlugField(serializers.SlugRelatedField):
    """A related record by its slug.

    What it shows is what the read model loaded for the reader: a reference to a draft comes
    to the public empty (null) and a list without drafts (initiatives/visibility.py).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        if kwargs.get("read_only"):
            kwargs.setdefault("allow_null", True)  # a fact need not cite a source
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # Not a slug, so no such record (PostgreSQL would refuse a NUL character outright).
        if not isinstance(data, str) or not slug_re.fullmatch(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class ColumnListField(serializers.ListField):
    """Some of a record's columns (its registry's translations or statements): each one of the
    model field's `columns`."""

    def __init__(self, *, columns, **kwargs):
        super().__init__(child=serializers.ChoiceField(choices=columns), **kwargs)


@extend_schema_field(
    {
        "type": "boolean",
        "readOnly": True,
        "description": (
            "Whether a source in the registry states this fact. false: no source does, it is "
            "the registry's own statement (source is null and quote empty), and the pages mark "
            "it so."
        ),
    }
)
class SourcedField(serializers.Field):
    """Whether a fact rests on a source: false marks the registry's own statement."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, fact):
        return statements.is_sourced(fact)


class StrictText:
    """Text only: DRF's text fields take a JSON number as its digits, `5` stored as "5"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def strict_text(field_class):
    """The text field class that refuses what is not a string; other classes as they are."""
    if not issubclass(field_class, serializers.CharField):
        return field_class
    return type(f"Strict{field_class.__name__}", (StrictText, field_class), {})
