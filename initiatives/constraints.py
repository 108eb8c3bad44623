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
from django.utils.functional import lazy
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from translated_fields.fields import show_language_code

from initiatives.partial_dates import Earliest, Latest


class FieldCheckConstraint(models.CheckConstraint):
    """A CheckConstraint whose violation is reported against one field, so forms show it there.

    `labels` maps placeholders of the message to fields (`{"end": "planned_end"}`): the
    message names each by its label in the reader's language, as the form does. The model,
    and so its fields' labels, is known only when a record is validated.
    """

    # Neither changes the table: a change to them alters no database constraint.
    non_db_attrs = (*models.CheckConstraint.non_db_attrs, "labels")

    def __init__(self, *, field, labels=None, **kwargs):
        self.field = field
        self.labels = labels or {}
        super().__init__(**kwargs)

    def validate(self, model, instance, exclude=None, using=None):
        try:
            if using is None:
                super().validate(model, instance, exclude=exclude)
            else:
                super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            if self.labels:
                error = ValidationError(self.labelled_message(model), code=error.code)
            raise ValidationError({self.field: error.error_list}) from None

    def labelled_message(self, model):
        labels = {key: field_label(model, name) for key, name in self.labels.items()}
        return format_lazy(self.violation_error_message, **labels)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        if self.labels:
            kwargs["labels"] = self.labels
        return path, args, kwargs

    def __eq__(self, other):
        return (
            super().__eq__(other)
            and self.field == getattr(other, "field", None)
            and self.labels == getattr(other, "labels", None)
        )

    __hash__ = models.CheckConstraint.__hash__


def field_label(model, name):
    """The field's label as its form shows it, in the language the message is read in; a
    translated field's without the language (the admin adds it to form labels)."""
    field = model._meta.get_field(name)

    def label():
        with show_language_code(False):
            return capfirst(str(field.verbose_name))

    return lazy(label, str)()


def date_order(start, end):
    """`end` is not before `start`, comparing partial dates at the coarser precision.

    "2020" ends no earlier than "2020-03" starts: a year-precise end only says "some time in
    2020". Plain text order would call it earlier, so a prefix match also passes. A date the
    source leaves open (partial_dates.UncertainDate) is compared by what it may be: the
    latest reading of the end against the earliest of the start.
    """
    return FieldCheckConstraint(
        field=end,
        condition=Q(**{f"{end}__latest__gte": Earliest(F(start))})
        | Q(**{f"{start}__earliest__startswith": Latest(F(end))}),
        name=f"%(app_label)s_%(class)s_{end}_not_before_{start}",
        violation_error_message=_("“{end}” must not be before “{start}”."),
        labels={"end": end, "start": start},
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
        violation_error_message=_("Fill in “{field}” in at least one language."),
        labels={"field": f"{field}_{languages[0]}"},
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
