"""Export: the registry, or a selection with everything it references, as a fixture or CSV.

`export_records()` is the only place that decides what an export holds; the management
command, the admin action, the public downloads and the API all call it (or the writers below
on its result). A fixture uses natural keys only, lists models in dependency order and records
by natural key, and is formatted as `dumpdata --indent 2` formats it, so two exports of the
same data are byte-identical and a fixture exported here loads into any instance.
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
from django.db import models

from initiatives.models import ContactDetail
from initiatives.models.base import is_draft

PRIVATE_MODELS = {ContactDetail}
BUNDLE_TIMESTAMP = (2020, 1, 1, 0, 0, 0)  # zip entries carry a fixed time: same data, same bytes
LICENCE = "CC BY 4.0"


def registry_models(include_private=False):
    """The exported models in dependency order: a referenced model before those that refer to it.

    History tables are each instance's own change log, not registry data.
    """
    app = apps.get_app_config("initiatives")
    chosen = [
        model
        for model in app.get_models()
        if not model._meta.object_name.startswith("Historical")
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


def children(record):
    """The rows that belong to a record and go with it (deleted with it): citations, roles,
    indicators and their measurements, positions, other names, successions."""
    for relation in record._meta.related_objects:
        if (
            relation.one_to_many
            and relation.on_delete is models.CASCADE
            and not relation.related_model._meta.object_name.startswith("Historical")
            and relation.related_model not in PRIVATE_MODELS
        ):
            yield from getattr(record, relation.get_accessor_name()).all()


def references(record):
    """The records a record points at: its foreign keys and many-to-many targets."""
    for model_field in record._meta.get_fields():
        if model_field.many_to_one and model_field.concrete:
            target = getattr(record, model_field.name)
            if target is not None:
                yield target
        elif model_field.many_to_many and model_field.concrete:
            yield from getattr(record, model_field.name).all()


def selection(roots):
    """The roots, the rows that belong to them, and everything those point at, transitively.

    Children are taken for the roots only (and the children's own rows, such as an indicator's
    measurements): a selected initiative brings its partner organizations, not their every
    other initiative.
    """
    chosen = {}
    pending = list(roots)
    owned = list(roots)
    while owned:
        record = owned.pop()
        for child in children(record):
            pending.append(child)
            owned.append(child)
    while pending:
        record = pending.pop()
        key = (type(record), record.pk)
        if key in chosen:
            continue
        chosen[key] = record
        pending.extend(references(record))
    return chosen.values()


def export_records(roots=None, *, published_only=False, include_private=False, progress=None):
    """The registry (roots=None) or the roots with what they reference, ready to write.

    `published_only` leaves out drafts and every row that would then point at nothing; an
    optional reference to a draft (a document's issuer, say) is emptied instead, so the export
    still loads. `progress(model, count)` is called once per model, for long exports.
    """
    model_order = registry_models(include_private)
    if roots is None:
        by_model = {model: list(model._default_manager.all()) for model in model_order}
    else:
        by_model = defaultdict(list)
        for record in selection(roots):
            by_model[type(record)].append(record)
    if published_only:
        by_model = without_drafts(by_model)
    export = Export()
    for model in model_order:
        records = sorted(by_model.get(model, []), key=sort_key)
        if records:
            export.records[model] = records
        if progress is not None:
            progress(model, len(records))
    return export


def without_drafts(by_model):
    """Drop drafts, then rows whose required reference is gone, until nothing changes."""
    kept = {
        (model, record.pk)
        for model, records in by_model.items()
        for record in records
        if not is_draft(record)
    }
    changed = True
    while changed:
        changed = False
        for model, records in by_model.items():
            for record in records:
                if (model, record.pk) in kept and dangles(record, kept):
                    kept.discard((model, record.pk))
                    changed = True
    result = {}
    for model, records in by_model.items():
        result[model] = [detach(record, kept) for record in records if (model, record.pk) in kept]
    return result


def required_references(record):
    for model_field in record._meta.concrete_fields:
        if model_field.many_to_one and not model_field.null:
            yield model_field


def dangles(record, kept):
    return any(
        (model_field.related_model, getattr(record, model_field.attname)) not in kept
        for model_field in required_references(record)
    )


def detach(record, kept):
    """The record with optional references to left-out records emptied (not saved)."""
    for model_field in record._meta.concrete_fields:
        if model_field.many_to_one and model_field.null:
            target = getattr(record, model_field.attname)
            if target is not None and (model_field.related_model, target) not in kept:
                setattr(record, model_field.attname, None)
                if model_field.name == "source" and hasattr(record, "quote"):
                    record.quote = ""  # a fact cites a source with its quote, or neither
    record._export_kept = kept
    return record


def dump_objects(export):
    """The export as the dicts Django's serializers write, many-to-many lists trimmed to it."""
    objects = serializers.serialize(
        "python", export, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    for record, data in zip(export, objects, strict=True):
        kept = getattr(record, "_export_kept", None)
        if kept is None:
            continue
        for model_field in record._meta.many_to_many:
            if model_field.name in data["fields"]:
                data["fields"][model_field.name] = [
                    key
                    for key, target in zip(
                        data["fields"][model_field.name],
                        getattr(record, model_field.name).all(),
                        strict=True,
                    )
                    if (model_field.related_model, target.pk) in kept
                ]
    return objects


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
