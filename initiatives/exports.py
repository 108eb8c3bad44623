"""Export: the registry, or a selection with everything it references, as a fixture or CSV.

`export_records()` is the only place that decides what an export holds, for a reader of the
reading policy (initiatives/visibility.py); the management command, the admin action, the
downloads and the API all call it (or the writers below on its result). A fixture uses natural
keys only, lists models in dependency order and records by natural key, and is formatted as
`dumpdata --indent 2` formats it, so two exports of the same data are byte-identical and a
fixture exported here loads into any instance.
"""

import csv
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import CASCADE, Prefetch

from initiatives.visibility import PRIVATE_MODELS, STAFF

BUNDLE_TIMESTAMP = (2020, 1, 1, 0, 0, 0)  # zip entries carry a fixed time: same data, same bytes
LICENCE = "CC BY 4.0"


def registry_models(include_private=False):
    """The exported models in dependency order: a referenced model before those that refer to it.

    History tables are each instance's own change log, not registry data; nor is the
    registry's version (`registry_data = False`).
    """
    app = apps.get_app_config("initiatives")
    chosen = [
        model
        for model in app.get_models()
        if not model._meta.object_name.startswith("Historical")
        and getattr(model, "registry_data", True)
        and (include_private or model not in PRIVATE_MODELS)
    ]
    return serializers.sort_dependencies([(app, chosen)], allow_cycles=True)


def sort_key(record):
    return tuple(str(part) for part in record.natural_key())


@dataclass
class Export:
    """What an export holds: records by model, in the order they are written."""

    records: dict = field(default_factory=dict)

    def __iter__(self):
        for records in self.records.values():
            yield from records

    def count(self):
        return sum(len(records) for records in self.records.values())


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
    """`model`'s rows as `reader` may see them, with the many-to-many lists a fixture writes
    (only links to records the reader may see: Django's serializer reads the prefetch)."""
    links = [
        Prefetch(m2m.name, queryset=reader.visible(m2m.related_model))
        for m2m in model._meta.many_to_many
    ]
    return reader.visible(model).prefetch_related(*links)


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
    """Every row of one model that `reader` may see, in natural-key order."""
    return sorted(readable(model, reader), key=sort_key)


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
        if records:
            export.records[model] = records
        if progress is not None:
            progress(model, len(records))
    return export


def dump_objects(export):
    """The export as the dicts Django's serializers write, with natural keys only."""
    return serializers.serialize(
        "python", export, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )


def write_fixture(export, stream):
    """JSON exactly as `dumpdata --indent 2 --natural-foreign --natural-primary` writes it."""
    stream.write("[")
    for number, data in enumerate(dump_objects(export)):
        stream.write(",\n" if number else "\n")
        json.dump(
            data,
            stream,
            indent=2,
            separators=(",", ": "),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
    stream.write("\n]\n")


def fixture_text(export):
    stream = io.StringIO()
    write_fixture(export, stream)
    return stream.getvalue()


def csv_name(model):
    return f"{model._meta.model_name}.csv"


def csv_columns(model):
    fields = [column for column in model._meta.concrete_fields if not column.primary_key]
    return fields + list(model._meta.many_to_many)


def csv_cell(value):
    """A fixture value as spreadsheet text: keys joined by " / ", lists by "; "."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(csv_cell(item) for item in value)
    if isinstance(value, tuple):
        return " / ".join(str(part) for part in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return str(value)
    return DjangoJSONEncoder().default(value)  # dates, times and decimals as in the fixture


def write_csv(model, records, stream):
    """One model as CSV: a header row, then one row per record."""
    writer = csv.writer(stream, lineterminator="\r\n")
    columns = csv_columns(model)
    writer.writerow(["natural_key", *(column.name for column in columns)])
    export = Export({model: records})
    for record, data in zip(records, dump_objects(export), strict=True):
        writer.writerow(
            [
                csv_cell(tuple(record.natural_key())),
                *(csv_cell(data["fields"].get(column.name)) for column in columns),
            ]
        )


def csv_bytes(model, records):
    """One model's CSV file, starting with the byte-order mark spreadsheets look for."""
    stream = io.StringIO()
    write_csv(model, records, stream)
    return ("\ufeff" + stream.getvalue()).encode()


def csv_files(export):
    """{file name: bytes} for every model in the export."""
    return {csv_name(model): csv_bytes(model, records) for model, records in export.records.items()}


def column_reference(export):
    """README.md of the bundle: every file, and every column with its meaning."""
    lines = [
        "# LSG reform registry: open data",
        "",
        "Local self-government reform in Kyrgyzstan: organizations, people, events, initiatives",
        "and their progress, donor projects, documents, and for every fact the published source",
        "it comes from. Published records only; personal contact details are never included.",
        "",
        "- `registry.json`: a Django fixture with natural keys; load it into another instance",
        "  with `manage.py import_registry registry.json` (or `loaddata`).",
        "- `csv/<model>.csv`: one file per kind of record, UTF-8 with a header row. References",
        "  are natural keys (a slug, or several parts joined by ` / `); lists are joined by `; `.",
        "  Dates known only to the month or year are written `2019-02` or `2019`.",
        f"- `LICENSE.txt`: the data licence ({LICENCE}).",
        "",
    ]
    for model in export.records:
        lines += [f"## csv/{csv_name(model)}: {model._meta.verbose_name_plural}", ""]
        lines.append("| column | meaning |")
        lines.append("|---|---|")
        lines.append("| natural_key | what identifies the record in every export |")
        for column in csv_columns(model):
            meaning = str(column.verbose_name)
            if column.help_text:
                meaning += f": {column.help_text}"
            if column.is_relation:
                meaning += f" (→ {column.related_model._meta.model_name})"
            lines.append(f"| {column.name} | {meaning.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


LICENCE_TEXT = f"""The data of the LSG reform registry is licensed under the Creative Commons
Attribution 4.0 International licence ({LICENCE}):
https://creativecommons.org/licenses/by/4.0/

You may share and adapt it for any purpose, provided you credit the registry and
indicate if changes were made.

Quotes from published articles (the "quote" columns and each source's text) remain
the work of their publishers; they are reproduced to cite the facts they support.
"""


def write_bundle(export, stream):
    """The open-data ZIP: the fixture, one CSV per model, a README of every column, the licence."""
    entries = {
        "README.md": column_reference(export).encode(),
        "LICENSE.txt": LICENCE_TEXT.encode(),
        "registry.json": fixture_text(export).encode(),
        **{f"csv/{name}": content for name, content in csv_files(export).items()},
    }
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name, date_time=BUNDLE_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, content)
