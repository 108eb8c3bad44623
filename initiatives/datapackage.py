"""The open-data ZIP: a Frictionless Data Package (v1) of the registry's CSV files.

Besides the fixture and one CSV per model (export_files.py), the ZIP holds `datapackage.json`,
which tells a program what each CSV holds: its dialect and encoding, each column's type,
constraints and meaning (in ru, ky and en), the primary key and the foreign keys between
files; and the package's licence and sources. It is generated from the models, as the CSVs
are: `table_field()` is the one place that maps a model field to a Table Schema field.

Column descriptions are one text per column holding the three languages, a line each
("ru: …", "ky: …", "en: …"): the spec gives a field one `description`, and that is the
property every Frictionless tool and data portal shows, so a Kyrgyz or Russian reader sees
their language there and not only the English of a custom property.
"""

import io
import json
import zipfile

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries.fields import CountryField

from initiatives import grammar, partial_dates
from initiatives.export_files import (
    CSV_DIALECT,
    CSV_ENCODING,
    KEY_SEPARATOR,
    LIST_SEPARATOR,
    NATURAL_KEY,
    csv_columns,
    csv_name,
    derived_columns,
    write_csv,
    write_fixture,
)
from initiatives.models import Source
from initiatives.models.base import LANGUAGE_CODES

BUNDLE_TIMESTAMP = (2020, 1, 1, 0, 0, 0)  # zip entries carry a fixed time: same data, same bytes
DESCRIPTOR = "datapackage.json"
NAME = "lsg-reform-registry"
TITLE = "LSG reform registry"
LICENCE = "CC BY 4.0"
LICENCE_ID = "CC-BY-4.0"  # its SPDX identifier, which the spec asks of a licence's name
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# The partial-date pattern (YYYY, YYYY-MM or YYYY-MM-DD) without its anchors: a Table Schema
# pattern must match the whole value, so readers anchor it themselves.
PARTIAL_DATE_PATTERN = partial_dates.PATTERN.pattern.removeprefix("^").removesuffix("$")


def csv_path(model):
    return f"csv/{csv_name(model)}"


def in_each_language(text):
    """`text()` in every language of the registry, a line each: "ru: …\\nky: …\\nen: …"."""
    lines = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            lines.append(f"{code}: {text()}")
    return "\n".join(lines)


def sentence(text):
    text = str(text).strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def is_list(model_field):
    """A column whose cell is a list (export_files.csv_cell joins its items)."""
    return (
        model_field.many_to_many
        or isinstance(model_field, models.JSONField)
        or getattr(model_field, "multiple", False)  # a CountryField of several countries
    )


def meaning(model_field):
    """What the column holds, in the active language: its label as the admin shows it (a
    translated text's with its language), its help text, and how a reference or a list is
    written."""
    parts = [sentence(grammar.field_label(model_field))]
    if model_field.help_text:
        parts.append(sentence(model_field.help_text))
    if model_field.is_relation:
        file = csv_path(model_field.related_model)
        if model_field.many_to_many:
            parts.append(
                _("The natural_key values of rows of %(file)s, separated by “%(separator)s”.")
                % {"file": file, "separator": LIST_SEPARATOR}
            )
        else:
            parts.append(_("The natural_key of a row of %(file)s.") % {"file": file})
    elif is_list(model_field):
        parts.append(
            _("A list: its items are separated by “%(separator)s”.") % {"separator": LIST_SEPARATOR}
        )
    return " ".join(parts)


def natural_key_meaning():
    return _(
        "What identifies the record in every export: its natural key, its parts joined by "
        "“%(separator)s”."
    ) % {"separator": KEY_SEPARATOR}


def field_type(model_field):
    """The Table Schema type of a column, and the properties that type needs, as
    export_files.csv_cell writes the value."""
    if model_field.is_relation or is_list(model_field):
        return {"type": "string"}
    if isinstance(model_field, partial_dates.PartialDateField):
        return {"type": "string", "constraints": {"pattern": PARTIAL_DATE_PATTERN}}
    if isinstance(model_field, models.BooleanField):
        return {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if isinstance(model_field, models.IntegerField):
        positive = isinstance(
            model_field,
            models.PositiveIntegerField
            | models.PositiveSmallIntegerField
            | models.PositiveBigIntegerField,
        )
        return {"type": "integer", **({"constraints": {"minimum": 0}} if positive else {})}
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return {"type": "number"}
    if isinstance(model_field, models.DateTimeField):  # before DateField: it is one
        return {"type": "datetime"}
    if isinstance(model_field, models.DateField):
        return {"type": "date"}
    return {"type": "string"}


def table_field(model_field):
    """A model field as the Table Schema field of its CSV column: type, constraints, meaning."""
    field = {"name": model_field.name, **field_type(model_field)}
    constraints = field.pop("constraints", {})
    if not (model_field.null or model_field.blank or model_field.many_to_many):
        constraints["required"] = True
    if model_field.unique and not model_field.is_relation:
        constraints["unique"] = True
    if model_field.choices and not is_list(model_field):
        values = [value for value, _label in model_field.flatchoices]
        if isinstance(model_field, CountryField):
            values.sort()  # django-countries orders them by the active language's names
        constraints["enum"] = values
    if (
        isinstance(model_field, models.CharField)
        and model_field.max_length
        and not is_list(model_field)
    ):
        constraints["maxLength"] = model_field.max_length
    if constraints:
        field["constraints"] = constraints
    field["description"] = in_each_language(lambda: meaning(model_field))
    return field


def foreign_keys(model, resources):
    """Each reference to a model whose CSV is in the package, to that file's natural_key."""
    keys = []
    for model_field in csv_columns(model):
        if not model_field.many_to_one or model_field.related_model not in resources:
            continue
        # A reference within the same file names no resource: the spec's self-reference.
        target = "" if model_field.related_model is model else resources[model_field.related_model]
        keys.append(
            {
                "fields": model_field.name,
                "reference": {"resource": target, "fields": NATURAL_KEY},
            }
        )
    return keys


def columns(model):
    """The CSV's columns after its natural key: the model's fields, then those it derives."""
    return [*csv_columns(model), *(column for column, _value in derived_columns(model))]


def table_schema(model, resources):
    key = {
        "name": NATURAL_KEY,
        "type": "string",
        "description": in_each_language(natural_key_meaning),
    }
    schema = {
        "fields": [key, *(table_field(column) for column in columns(model))],
        "primaryKey": NATURAL_KEY,
        "missingValues": [""],  # an empty value is written as an empty cell
    }
    if keys := foreign_keys(model, resources):
        schema["foreignKeys"] = keys
    return schema


def dialect():
    """The CSV dialect (v1.2) as export_files.write_csv writes every file."""
    return {
        "delimiter": CSV_DIALECT.delimiter,
        "lineTerminator": CSV_DIALECT.lineterminator,
        "quoteChar": CSV_DIALECT.quotechar,
        "doubleQuote": CSV_DIALECT.doublequote,
        "skipInitialSpace": CSV_DIALECT.skipinitialspace,
        "header": True,
        "caseSensitiveHeader": True,
    }


def resource(model, resources):
    return {
        "profile": "tabular-data-resource",
        "name": resources[model],
        "path": csv_path(model),
        "description": in_each_language(lambda: capfirst(model._meta.verbose_name_plural)),
        "format": "csv",
        "mediatype": "text/csv",
        # UTF-8 starting with the byte-order mark spreadsheets look for: Python's name for it,
        # which Frictionless reads.
        "encoding": CSV_ENCODING,
        "dialect": dialect(),
        "schema": table_schema(model, resources),
    }


def descriptor(export):
    """datapackage.json of the ZIP of `export` as a dict: one tabular resource per CSV."""
    resources = {model: model._meta.model_name for model in export.models}
    registry = {"title": TITLE}
    if settings.SITE_URL:
        registry["path"] = f"{settings.SITE_URL}/"
    sources = [registry]
    if Source in resources:
        sources.append(
            {"title": "The published articles each fact is quoted from", "path": csv_path(Source)}
        )
    package = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": in_each_language(
            lambda: _(
                "Local self-government reform in Kyrgyzstan: initiatives, events, "
                "organizations, donor projects and documents, each fact with its published "
                "source."
            )
        ),
        "licenses": [{"name": LICENCE_ID, "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "sources": sources,
        "resources": [resource(model, resources) for model in export.models],
    }
    if settings.SITE_URL:
        package["homepage"] = f"{settings.SITE_URL}/"
    return package


def write_descriptor(export, stream):
    json.dump(descriptor(export), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def readme(export):
    """README.md of the ZIP: what each file is, and every column with its meaning in English
    (datapackage.json gives them in Russian and Kyrgyz too)."""
    with translation.override("en"):
        lines = [
            "# LSG reform registry: open data",
            "",
            "Local self-government reform in Kyrgyzstan: organizations, people, events,",
            "initiatives and their progress, donor projects, documents, and for every fact the",
            "published source it comes from. Published records only; personal contact details",
            "are never included.",
            "",
            f"- `{DESCRIPTOR}`: a Frictionless Data Package (v1) describing every CSV file:",
            "  column types, primary and foreign keys, and each column's meaning in Russian,",
            "  Kyrgyz and English. Check the files with `frictionless validate datapackage.json`.",
            "- `registry.json`: a Django fixture with natural keys; load it into another instance",
            "  with `manage.py import_registry registry.json` (or `loaddata`).",
            "- `csv/<model>.csv`: one file per kind of record, UTF-8 with a byte-order mark and a",
            "  header row. References are natural keys (a slug, or several parts joined by",
            "  ` / `); lists are joined by `; `. Dates known only to the month or year are",
            "  written `2019-02` or `2019`.",
            f"- `LICENSE.txt`: the data licence ({LICENCE}).",
            "",
        ]
        for model in export.models:
            lines += [f"## {csv_path(model)}: {model._meta.verbose_name_plural}", ""]
            lines.append("| column | meaning |")
            lines.append("|---|---|")
            lines.append(f"| {NATURAL_KEY} | {natural_key_meaning()} |")
            for column in columns(model):
                lines.append(f"| {column.name} | {meaning(column).replace('|', '/')} |")
            lines.append("")
    return "\n".join(lines)


LICENCE_TEXT = f"""The data of the LSG reform registry is licensed under the Creative Commons
Attribution 4.0 International licence ({LICENCE}):
{LICENCE_URL}

You may share and adapt it for any purpose, provided you credit the registry and
indicate if changes were made.

Quotes from published articles (the "quote" columns and each source's text) remain
the work of their publishers; they are reproduced to cite the facts they support.
"""


def write_bundle(export, stream):
    """The open-data ZIP: the README, the licence, datapackage.json, the fixture and one CSV
    per model. Each entry is written as it is read from the database."""
    entries = [
        ("README.md", lambda text: text.write(readme(export))),
        ("LICENSE.txt", lambda text: text.write(LICENCE_TEXT)),
        (DESCRIPTOR, lambda text: write_descriptor(export, text)),
        ("registry.json", lambda text: write_fixture(export, text)),
        *(
            (csv_path(model), lambda text, m=model: write_csv(m, export.rows(m), text))
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
