"""Serializer fields for the registry's own kinds of value: partial dates, record slugs."""

from django.core.validators import slug_re
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField

from initiatives.models.base import is_draft
from initiatives.partial_dates import PATTERN, PartialDate


def shows_drafts(context):
    """Staff with an account see drafts; everyone else sees published records only."""
    request = context.get("request")
    return bool(request and request.user.is_staff)


@extend_schema_field({"type": "string", "pattern": PATTERN.pattern, "example": "2020-03"})
class PartialDateField(serializers.Field):
    """ "2019", "2019-02" or "2019-02-25": as precise as the source."""

    default_error_messages = {"invalid": "{message}"}

    def to_representation(self, value):
        return value.isoformat()

    def to_internal_value(self, data):
        try:
            return PartialDate.parse(data)
        except ValueError as error:
            self.fail("invalid", message=str(error))


class PublishedManyField(ManyRelatedField):
    def to_representation(self, iterable):
        if not shows_drafts(self.context):
            iterable = [record for record in iterable if not is_draft(record)]
        return super().to_representation(iterable)


@extend_schema_field(OpenApiTypes.STR)
class RecordSlugField(serializers.SlugRelatedField):
    """A related record by its slug; a draft shows as null (or is left out of a list) to the
    public, so no draft's slug leaks through a published record."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        if kwargs.get("read_only"):
            kwargs.setdefault("allow_null", True)  # no source, or a draft the reader may not see
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: kwargs[key] for key in kwargs if key in MANY_RELATION_KWARGS})
        return PublishedManyField(**list_kwargs)

    def to_internal_value(self, data):
        # Not a slug, so no such record (PostgreSQL would refuse a NUL character outright).
        if not isinstance(data, str) or not slug_re.fullmatch(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)

    def get_attribute(self, instance):
        record = super().get_attribute(instance)
        if record is not None and is_draft(record) and not shows_drafts(self.context):
            return None
        return record
