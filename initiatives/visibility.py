"""The reading policy: what each reader may see, decided here and nowhere else.

There are two readers. The public sees published records and nothing that rests on a draft:
- a record (initiative, organization, source, ...) when it is published;
- a row under a record (a citation, a role, an indicator and its measurements, a position, an
  other name, a succession, a person at an event) when every record it points at is published,
  its source included: a fact waits for the article it is taken from;
- a figure (an indicator's progress) computed from such rows only;
- an optional reference from a published record to a draft (a tree's parent, an event's place or
  series, a document's issuer, a source's publisher) as empty, while the record itself shows;
- never a personal contact detail.
Staff see everything, drafts included; the pages mark drafts for them.

Every door (pages, API, feed, sitemap, downloads, exports, filters) asks `Reader.visible()` for
the rows of a model, and builds on it through the QuerySet read models (`for_list()`,
`for_detail()`, `for_page()`). Drafts are removed in SQL, so counts, paging and the subqueries
that compute progress never include a hidden row. One result of this rule is kept rather than
worked out per request: the status the public reads for each record, rebuilt by this rule
whenever a report, its source or its record is written (initiatives/public_status.py).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.query import ModelIterable

from initiatives.models.base import Published
from initiatives.models.people import ContactDetail

# Staff only: never on a public page, in the public API or in a public download.
PRIVATE_MODELS = frozenset({ContactDetail})


def is_record(model):
    """A record has its own published flag; rows are visible through what they point at."""
    return issubclass(model, Published)


def is_draft(record):
    """A record the public may not see yet; rows without a published flag are never drafts."""
    return getattr(record, "is_published", True) is False


def optional_references(model):
    """A record's optional links to other records: emptied for the public when they are drafts."""
    if not is_record(model):
        return []
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and field.null and is_record(field.related_model)
    ]


def public_condition(model, prefix=""):
    """The SQL condition on `model`'s rows that the public may see (see the module's rules).

    A row under a row (a measurement under an indicator) must also be visible through its owner:
    the condition follows foreign keys to other rows of the registry until it reaches records.
    """
    if is_record(model):
        return Q(**{f"{prefix}is_published": True})
    condition = Q()
    for field in model._meta.concrete_fields:
        if not field.many_to_one:
            continue
        path = f"{prefix}{field.name}"
        target = field.related_model
        if is_record(target):
            published = Q(**{f"{path}__is_published": True})
            condition &= (Q(**{f"{path}__isnull": True}) | published) if field.null else published
        elif target._meta.app_label == model._meta.app_label:
            condition &= public_condition(target, f"{path}__")
    return condition


class DraftReferencesEmptied(ModelIterable):
    """Records as model instances, with an optional reference to a draft read as empty.

    Only the loaded relation is emptied (its cache set to None); the foreign key column keeps its
    value, so a record read for the public can never lose a link if it were saved.
    """

    def __iter__(self):
        references = optional_references(self.queryset.model)
        for record in super().__iter__():
            for field in references:
                if field.is_cached(record) and is_draft(field.get_cached_value(record)):
                    field.set_cached_value(record, None)
            yield record


@dataclass(frozen=True)
class Reader:
    """Who is reading: the public or staff. Ask `visible()` for anything to show them."""

    name: str
    sees_drafts: bool

    def visible(self, rows):
        """The rows of a model (or of a QuerySet) this reader may see.

        A record's optional references are joined (`select_related`), so that a draft among
        them is found without a query of its own and shown as empty to the public.
        """
        queryset = rows._default_manager.all() if isinstance(rows, type) else rows
        model = queryset.model
        if model in PRIVATE_MODELS and not self.sees_drafts:
            return queryset.none()
        references = [field.name for field in optional_references(model)]
        if references:
            queryset = queryset.select_related(*references)
        if self.sees_drafts:
            return queryset
        queryset = queryset.filter(public_condition(model))
        if references:
            queryset._iterable_class = DraftReferencesEmptied
        return queryset

    def marks_draft(self, record):
        """Whether to mark `record` as a draft: only staff ever see one."""
        return self.sees_drafts and is_draft(record)


PUBLIC = Reader("public", sees_drafts=False)
STAFF = Reader("staff", sees_drafts=True)


def reader_for(request):
    """The reader behind a request (a Django or DRF request, or None): staff when signed in as
    active staff, the public otherwise."""
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        return STAFF
    return PUBLIC
