"""Export files: a fixture and one CSV per model, written a chunk at a time.

Each writer takes an `exports.Export` and streams it: rows are read from the database and
written in chunks, so memory stays flat however large the registry is. A fixture is
formatted as `dumpdata --indent 2 --natural-foreign --natural-primary` formats it, so two
exports of the same data are byte-identical and a fixture loads into any instance. The
open-data ZIP of these files, with their description, is datapackage.py's.
"""

import csv
import io
import json
from itertools import islice

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives import statements
from initiatives.exports import CHUNK
from initiatives.models.base import CitedFact

# How every CSV file is written, and what datapackage.json tells its readers: the csv module's
# "excel" dialect (comma, double quotes doubled inside quoted cells, CRLF), UTF-8 starting with
# the byte-order mark spreadsheets look for.
CSV_DIALECT = csv.excel
CSV_ENCODING = "utf-8-sig"
# A CSV cell of several values: a natural key's parts, a list's items.
KEY_SEPARATOR = " / "
LIST_SEPARATOR = "; "
NATURAL_KEY = "natural_key"  # the first column: what identifies the row's record


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


def sourced_column():
    """The CSV column of a cited fact that says whether a source states it, as a field, so the
    bundle's README and datapackage.json describe it as they describe the model's own."""
    column = models.BooleanField(_("sourced"), help_text=statements.CSV_MEANING)
    column.set_attributes_from_name("sourced")
    return column


def derived_columns(model):
    """(column, value of a record) of the columns a CSV adds to the model's fields: a cited fact
    says whether a source states it, so a spreadsheet can filter the registry's own statements
    without reading an empty source as a gap."""
    if issubclass(model, CitedFact):
        return [(sourced_column(), statements.is_sourced)]
    return []


def csv_cell(value):
    """A fixture value as spreadsheet text: keys joined by " / ", lists by "; "."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(csv_cell(item) for item in value)
    if isinstance(value, tuple):
        return KEY_SEPARATOR.join(str(part) for part in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return str(value)
    return DjangoJSONEncoder().default(value)  # dates, times and decimals as in the fixture


def write_csv(model, records, stream):
    """One model as CSV, starting with the byte-order mark spreadsheets look for: a header row,
    then one row per record."""
    stream.write("\ufeff")
    writer = csv.writer(stream, dialect=CSV_DIALECT)
    columns = csv_columns(model)
    derived = derived_columns(model)
    writer.writerow(
        [
            NATURAL_KEY,
            *(column.name for column in columns),
            *(column.name for column, _value in derived),
        ]
    )
    for record, data in serialized(records):
        writer.writerow(
            [
                csv_cell(tuple(record.natural_key())),
                *(csv_cell(data["fields"].get(column.name)) for column in columns),
                *(csv_cell(value(record)) for _column, value in derived),
            ]
        )


def csv_bytes(model, records):
    """One model's CSV file."""
    stream = io.StringIO()
    write_csv(model, records, stream)
    return stream.getvalue().encode()
