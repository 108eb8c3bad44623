"""What an export holds: the registry, or a selection with everything it references.

`export_records()` is the only place that decides it, for a reader of the reading policy
(initiatives/visibility.py); the management command, the admin action, the downloads and
the API all call it, and export_files.py writes the result. Models come in dependency order
and records in natural-key order, sorted in SQL, so an export streams from the database and
two exports of the same data are byte-identical.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core import serializers
from django.db import connection
from django.db.models import CASCADE, F, Prefetch
from django.db.models.functions import Collate
from django.db.models.query import QuerySet

from initiatives.visibility import PRIVATE_MODELS, STAFF


@functools.cache
def registry_models(include_private=False):
    """The exported models in dependency order: a referenced model before those that refer to it.

    History tables are each instance's own change log, not registry data; nor is the
    registry's version (`registry_data = False`). Sorted once per process: every download
    asks, and the sort cost more than serving a file from storage.
    """
    app = apps.get_app_config("initiatives")
    chosen = [
        model
        for model in app.get_models()
        if not model._meta.object_name.startswith("Historical")
        and getattr(model, "registry_data", True)
        and (include_private or model not in PRIVATE_MODELS)
    ]
    return tuple(serializers.sort_dependencies([(app, chosen)], allow_cycles=True))


# Rows read and serialized at a time. Peak memory is one chunk of the widest model (an event
# with its many-to-many lists): 500 keeps an export at about 110 MB at any scale, where 2,000
# took 140 MB at scale 0.1 and 220 MB at scale 1.
CHUNK = 500


def sort_key(record):
    return tuple(str(part) for part in record.natural_key())


@dataclass
class Export:
    """What an export holds: by model, in dependency order, the rows to write in natural-key
    order. A row source is a QuerySet, read a chunk at a time, or a list (a selection)."""

    records: dict = field(default_factory=dict)

    @property
    def models(self):
        return list(self.records)

    def rows(self, model):
        rows = self.records[model]
        return rows.iterator(chunk_size=CHUNK) if isinstance(rows, QuerySet) else iter(rows)

    def __iter__(self):
        for model in self.records:
            yield from self.rows(model)

    def count(self):
        return sum(
            rows.count() if isinstance(rows, QuerySet) else len(rows)
            for rows in self.records.values()
        )


def key_joins(model):
    """The relations a row's natural key and its references' keys read: joined, so writing a
    row costs no query of its own."""
    joins = set()
    for model_field in model._meta.concrete_fields:
        if model_field.many_to_one:
            target = model_field.related_model
            joins.add(model_field.name)
            for name in target.natural_key_fields():
                if "__" in name:
                    joins.add(f"{model_field.name}__{name.rsplit('__', 1)[0]}")
    return sorted(joins)


def in_key_order(queryset):
    """Sorted by natural key in SQL, as Python sorts the key's text: by code point, which on
    PostgreSQL is the "C" collation (a language's collation would order "Ö" and "-" its way)."""
    fields = queryset.model.natural_key_fields()
    if connection.vendor == "postgresql":
        return queryset.order_by(*(Collate(F(name), "C") for name in fields))
    return queryset.order_by(*fields)


def owned_relations(model, models):
    """The rows that belong to a record of `model` and go with it (deleted with it): citations,
    roles, indicators and their measurements, positions, other names, successions."""
    return [
        relation
        for relation in model._meta.related_objects
        if relation.one_to_many
        and relation.on_delete is CASCADE
        and relation.related_model in models
    ]


def readable(model, reader):
    """`model`'s rows as `reader` may see them, joined to what their natural keys read, with
    the many-to-many lists a fixture writes (only links to records the reader may see:
    Django's serializer reads the prefetch)."""
    links = [
        Prefetch(m2m.name, queryset=reader.visible(m2m.related_model))
        for m2m in model._meta.many_to_many
    ]
    return reader.visible(model).select_related(*key_joins(model)).prefetch_related(*links)


def references(model, records):
    """{model: {pk, ...}} of the records these point at: foreign keys and many-to-many links.

    A reference the reader may not see (a draft parent) is left for `selection()` to drop.
    """
    found = defaultdict(set)
    for model_field in model._meta.concrete_fields:
        if model_field.many_to_one:
            target = model_field.related_model
            found[target].update(
                pk for record in records if (pk := getattr(record, model_field.attname)) is not None
            )
    for m2m in model._meta.many_to_many:
        for record in records:
            found[m2m.related_model].update(target.pk for target in getattr(record, m2m.name).all())
    return found


def selection(roots, reader, models):
    """The roots, the rows that belong to them, and everything those point at, transitively, as
    `reader` may see them: {model: {pk: record}}.

    Rows are taken for the roots only (and the rows' own rows, such as an indicator's
    measurements): a selected initiative brings its partner organizations, not their every
    other initiative. Nothing is reached through a record the reader may not see.
    """
    chosen = defaultdict(dict)
    owned = defaultdict(set)
    for root in roots:
        owned[type(root)].add(root.pk)
    pending = defaultdict(set)
    while owned:  # the roots, then their rows, then the rows' rows
        below = defaultdict(set)
        for model, pks in owned.items():
            pending[model] |= pks
            for relation in owned_relations(model, models):
                lookup = f"{relation.field.name}__in"
                rows = reader.visible(relation.related_model).filter(**{lookup: pks})
                below[relation.related_model].update(rows.values_list("pk", flat=True))
        owned = below
    while pending:  # everything those point at
        found = defaultdict(set)
        for model, pks in pending.items():
            new = pks - chosen[model].keys()
            if not new or model not in models:
                continue
            records = list(readable(model, reader).filter(pk__in=new))
            chosen[model].update((record.pk, record) for record in records)
            for target, target_pks in references(model, records).items():
                found[target] |= target_pks
        pending = found
    return chosen


def model_records(model, reader):
    """Every row of one model that `reader` may see, in natural-key order: a QuerySet to read
    a chunk at a time."""
    return in_key_order(readable(model, reader))


def export_records(roots=None, *, reader=STAFF, include_private=False, progress=None):
    """The registry (roots=None) or the roots with what they reference, ready to write.

    What it holds is what `reader` may see (initiatives/visibility.py): for the public, no draft
    and nothing resting on one, and an optional reference to a draft (a document's issuer, say)
    emptied, so the export still loads. Private contact details only with `include_private`.
    `progress(model, count)` is called once per model, for long exports.
    """
    model_order = registry_models(include_private)
    if roots is not None:
        chosen = selection(roots, reader, set(model_order))
    export = Export()
    for model in model_order:
        if roots is None:
            records = model_records(model, reader)
        else:
            records = sorted(chosen.get(model, {}).values(), key=sort_key)
        count = records.count() if isinstance(records, QuerySet) else len(records)
        if count:
            export.records[model] = records
        if progress is not None:
            progress(model, count)
    return export
