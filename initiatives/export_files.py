"""Export files: a fixture, one CSV per model, the open-data ZIP, written a chunk at a time.

Each writer takes an `exports.Export` and streams it: rows are read from the database and
written in chunks, so memory stays flat however large the registry is. A fixture is
formatted as `dumpdata --indent 2 --natural-foreign --natural-primary` formats it, so two
exports of the same data are byte-identical and a fixture loads into any instance.
"""

import csv
import io
import json
import zipfile
from itertools import islice

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

from initiatives import statements
from initiatives.exports import CHUNK
from initiatives.models.base import CitedFact

BUNDLE_TIMESTAMP = (2020, 1, 1, 0, 0, 0)  # zip entries carry a fixed time: same data, same bytes
LICENCE = "CC BY 4.0"


def chunks(rows, size=CHUNK):
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def serialized(rows):
    """(record, the dict Django's serializer writes for it), natural keys only, a chunk at a
    time."""
    for chunk in chunks(rows):
        data = serializers.serialize(
            "python", chunk, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        yield from zip(chunk, data, strict=True)


def write_fixture(export, stream):
    """JSON exactly as `dumpdata --indent 2 --natural-foreign --natural-primary` writes it."""
    stream.write("[")
    first = True
    for _record, data in serialized(export):
        stream.write("\n" if first else ",\n")
        first = False
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


def derived_columns(model):
    """(name, meaning, value of a record) of the columns a CSV adds to the model's fields: a
    cited fact says whether a source states it, so a spreadsheet can filter the registry's own
    statements without reading an empty source as a gap."""
    if issubclass(model, CitedFact):
        return [("sourced", statements.CSV_MEANING, statements.is_sourced)]
    return []


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
    """One model as CSV, starting with the byte-order mark spreadsheets look for: a header row,
    then one row per record."""
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    columns = csv_columns(model)
    derived = derived_columns(model)
    writer.writerow(
        ["natural_key", *(column.name for column in columns), *(name for name, *_ in derived)]
    )
    for record, data in serialized(records):
        writer.writerow(
            [
                csv_cell(tuple(record.natural_key())),
                *(csv_cell(data["fields"].get(column.name)) for column in columns),
                *(csv_cell(value(record)) for _name, _meaning, value in derived),
            ]
        )


def csv_bytes(model, records):
    """One model's CSV file."""
    stream = io.StringIO()
    write_csv(model, records, stream)
    return stream.getvalue().encode()


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
    for model in export.models:
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
        for name, meaning, _value in derived_columns(model):
            lines.append(f"| {name} | {meaning} |")
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
    """The open-data ZIP: the fixture, one CSV per model, a README of every column, the licence.
    Each entry is written as it is read from the database."""
    entries = [
        ("README.md", lambda text: text.write(column_reference(export))),
        ("LICENSE.txt", lambda text: text.write(LICENCE_TEXT)),
        ("registry.json", lambda text: write_fixture(export, text)),
        *(
            (f"csv/{csv_name(model)}", lambda text, m=model: write_csv(m, export.rows(m), text))
            for model in export.models
        ),
    ]
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, write in entries:
            info = zipfile.ZipInfo(name, date_time=BUNDLE_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with bundle.open(info, "w") as entry:
                text = io.TextIOWrapper(entry, encoding="utf-8", newline="")
                write(text)
                text.flush()
                text.detach()
