"""Named database constraints shared by the registry's models.

Each invariant is declared once, as a database constraint. Django's `Model.full_clean()`
validates constraints too, so the admin, the API and the importer show the same rule as a
readable message without a hand-written copy of it in `clean()`.
"""

import json

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast, Replace
from django.db.models.lookups import Exact
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class FieldCheckConstraint(models.CheckConstraint):
    """A CheckConstraint whose violation is reported against one field, so forms show it there."""

    def __init__(self, *, field, **kwargs):
        self.field = field
        super().__init__(**kwargs)

    def validate(self, model, instance, exclude=None, using=None):
        try:
            if using is None:
                super().validate(model, instance, exclude=exclude)
            else:
                super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return super().__eq__(other) and self.field == getattr(other, "field", None)

    __hash__ = models.CheckConstraint.__hash__


def date_order(start, end):
    """`end` is not before `start`, comparing partial dates at the coarser precision.

    "2020" ends no earlier than "2020-03" starts: a year-precise end only says "some time in
    2020". Plain text order would call it earlier, so a prefix match also passes.
    """
    return FieldCheckConstraint(
        field=end,
        condition=Q(**{f"{end}__gte": F(start)}) | Q(**{f"{start}__startswith": F(end)}),
        name=f"%(app_label)s_%(class)s_{end}_not_before_{start}",
        violation_error_message=format_lazy(
            _("“{end}” must not be before “{start}”."),
            end=end.replace("_", " "),
            start=start.replace("_", " "),
        ),
    )


def non_negative(field):
    return FieldCheckConstraint(
        field=field,
        condition=Q(**{f"{field}__gte": 0}),
        name=f"%(app_label)s_%(class)s_{field}_non_negative",
        violation_error_message=_("This value must not be negative."),
    )


def not_blank(field):
    return FieldCheckConstraint(
        field=field,
        condition=~Q(**{field: ""}),
        name=f"%(app_label)s_%(class)s_{field}_not_blank",
        violation_error_message=_("This field must not be blank."),
    )


def in_some_language(field, languages):
    """A translated field is filled in at least one language: the source's own."""
    condition = Q()
    for language in languages:
        condition |= ~Q(**{f"{field}_{language}": ""})
    return FieldCheckConstraint(
        field=f"{field}_{languages[0]}",
        condition=condition,
        name=f"%(app_label)s_%(class)s_{field}_in_some_language",
        violation_error_message=format_lazy(
            _("Give the {field} in at least one language."), field=field
        ),
    )


def not_self(field):
    """A self-reference (parent, predecessor) never points at its own row."""
    return FieldCheckConstraint(
        field=field,
        condition=~Q(**{field: F("pk")}),
        name=f"%(app_label)s_%(class)s_{field}_not_self",
        violation_error_message=_("A record cannot refer to itself here."),
    )


def json_items_among(field, allowed, *, name, message):
    """A JSON list field holds only strings from `allowed`.

    Neither SQLite nor a check constraint on PostgreSQL can loop over a JSON array without a
    subquery, which check constraints may not have; so the list's stored text, with every
    allowed item's JSON and the separators taken out, must be left as "[]". Anything else (an
    unknown item, a number, an object, a nested list) leaves a trace. Both databases write a
    list the same way: ["name_ky", "description_en"].
    """
    text = Cast(field, TextField())
    for part in [*(json.dumps(item) for item in allowed), ",", " "]:
        text = Replace(text, Value(part), Value(""), output_field=TextField())
    return FieldCheckConstraint(
        field=field,
        condition=Q(Exact(text, Value("[]"))),
        name=name,
        violation_error_message=message,
    )
