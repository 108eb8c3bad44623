"""Import a fixture into the registry: every record validated, then all of it written, or none.

The file is read whole and each record checked the way the admin checks a form (field values,
references, `full_clean()` with the model's `clean()` and constraints). Records are written in
one transaction; if any record has a problem, the transaction is rolled back and the report
lists every problem with the file, the record (model and natural key) and the field. A record
identical to the one in the database is not written again, so importing the same file twice
changes nothing.

Imported rows are raw saves, like `loaddata`: they carry the file's timestamps and write no
history (initiatives/history.py), so an export, an import and a second export are identical.
"""

import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core import serializers
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction

from initiatives.caching import one_version
from initiatives.exports import registry_models

BUNDLE_FIXTURE = "registry.json"


@dataclass(frozen=True)
class Problem:
    file: str
    number: int  # the record's place in the file, from 1; 0 for the file as a whole
    model: str = ""
    key: str = ""
    field: str = ""
    message: str = ""

    def __str__(self):
        where = self.file
        if self.number:
            where += f": record {self.number}"
        if self.model:
            where += f" ({' '.join(part for part in (self.model, self.key) if part)})"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def models(self):
        return sorted(set(self.created) | set(self.updated) | set(self.unchanged))


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def read_records(path):
    """The list of records in a fixture file, or in the registry.json of an export bundle."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as bundle:
                text = bundle.read(BUNDLE_FIXTURE).decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
    except KeyError:
        message = f"no {BUNDLE_FIXTURE} in the ZIP"
        raise ImportFailed([Problem(str(path), 0, message=message)]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed([Problem(str(path), 0, message=str(error))]) from None
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        raise ImportFailed([Problem(str(path), 0, message=message)]) from None
    if not isinstance(records, list):
        raise ImportFailed([Problem(str(path), 0, message="a fixture is a JSON list of records")])
    return records


def missing(model, key, where):
    """The message for a natural key that names no record."""
    return (
        f"no {model._meta.label_lower} with the key {json.dumps(key, ensure_ascii=False)} {where}"
    )


def key_text(model, fields):
    """The natural key as the file gives it, for messages: a slug, or the parts joined."""
    if "slug" in fields and not getattr(model, "owner_field", None):
        return f"«{fields['slug']}»"
    parts = []
    for name, value in fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.many_to_one and isinstance(value, list):
            parts.append("/".join(str(part) for part in value))
    if "slug" in fields:
        parts.append(str(fields["slug"]))
    return f"«{' / '.join(parts)}»" if parts else ""


class Importer:
    def __init__(self, path):
        self.path = Path(path)
        self.problems = []
        self.found = set()
        self.report = ImportReport()
        self.importable = {model._meta.label_lower: model for model in registry_models(True)}
        self.order = {label: number for number, label in enumerate(self.importable)}

    def problem(self, number, model="", key="", field="", message=""):
        self.problems.append(Problem(str(self.path), number, model, key, field, str(message)))

    def run(self, dry_run=False):
        records = read_records(self.path)
        checked = [entry for entry in self.checked_records(records) if entry is not None]
        # Referenced models first (the export's order), whatever order the file has.
        checked.sort(key=lambda entry: self.order[entry[1]._meta.label_lower])
        try:
            with transaction.atomic(), one_version():
                saved = [self.save(*entry) for entry in checked]
                saved = [entry for entry in saved if entry is not None]
                self.resolve_deferred(saved)
                self.validate(saved)
                if self.problems:
                    raise ImportFailed(self.problems)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        return self.report

    def checked_records(self, records):
        """(number, model, fields, key) per record whose shape, model and field names are right."""
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
                self.problem(number, message="a record is an object with 'model' and 'fields'")
                yield None
                continue
            label = str(record.get("model", "")).lower()
            model = self.importable.get(label)
            if model is None:
                self.problem(number, label, message=f"unknown model '{record.get('model')}'")
                yield None
                continue
            fields = record["fields"]
            key = key_text(model, fields)
            if "pk" in record:
                self.problem(number, label, key, "pk", "use natural keys, not primary keys")
            valid = "pk" not in record
            for name, value in fields.items():
                valid &= self.check_field(number, model, key, name, value)
            yield (number, model, fields, key) if valid else None

    def check_field(self, number, model, key, name, value):
        """A field name the model has, and a value its field accepts (references: they exist)."""
        label = model._meta.label_lower
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            self.problem(number, label, key, name, f"{label} has no field '{name}'")
            return False
        if model_field.is_relation:
            return True  # checked when the record is written, once earlier records are in
        try:
            model_field.to_python(value)
        except ValidationError as error:
            self.problem(number, label, key, name, " ".join(error.messages))
            return False
        return True

    def check_references(self, number, model, fields, key):
        """Every reference resolves, to the database or to a record written before this one."""
        valid = True
        for name, value in fields.items():
            model_field = model._meta.get_field(name)
            if model_field.many_to_many:
                for target in value if isinstance(value, list) else [value]:
                    valid &= self.check_reference(number, model, key, model_field, target)
            # A record of the same model (a parent) may come later: resolved at the end.
            elif (
                model_field.many_to_one
                and value is not None
                and model_field.related_model is not model
            ):
                valid &= self.check_reference(number, model, key, model_field, value)
        return valid

    def check_reference(self, number, model, key, model_field, value):
        related = model_field.related_model
        manager = related._default_manager
        try:
            if not isinstance(value, list):
                raise TypeError
            # A key found once stays found: records are only added during an import.
            found = (related, json.dumps(value))
            if found not in self.found:
                manager.get_by_natural_key(*value)
                self.found.add(found)
        except (ObjectDoesNotExist, TypeError, ValueError):
            self.problem(
                number,
                model._meta.label_lower,
                key,
                model_field.name,
                missing(related, value, "in the database or earlier in this file"),
            )
            return False
        return True

    def save(self, number, model, fields, key):
        """Build the record; write it unless it is already there as it is. None on a problem."""
        label = model._meta.label_lower
        if not self.check_references(number, model, fields, key):
            return None
        data = {"model": label, "fields": fields}
        try:
            (deserialized,) = serializers.deserialize(
                "python", [data], handle_forward_references=True
            )
        except Exception as error:  # the deserializer wraps every cause in its own error
            self.problem(number, label, key, message=error.__cause__ or error)
            return None
        record = deserialized.object
        # Found by its natural key: uniqueness checks must not count the record against itself.
        record._state.adding = record.pk is None
        deferred = [model_field.name for model_field in deserialized.deferred_fields]
        try:
            # Field values first: PostgreSQL would refuse an oversize text with a bare error.
            record.clean_fields(exclude=deferred)
        except ValidationError as error:
            self.report_validation(number, label, key, error)
            return None
        existing = record.pk is not None
        if existing and self.unchanged(record, fields):
            self.report.unchanged[label] += 1
            return number, label, key, deserialized
        try:
            with transaction.atomic():
                deserialized.save()
        except DatabaseError as error:
            # A constraint the database enforces: name it the way the admin would.
            try:
                record.validate_constraints(exclude=deferred)
            except ValidationError as invalid:
                self.report_validation(number, label, key, invalid)
            else:
                self.problem(number, label, key, message=f"the database refused it: {error}")
            return None
        (self.report.updated if existing else self.report.created)[label] += 1
        return number, label, key, deserialized

    def unchanged(self, record, fields):
        """Whether the database already holds the record with these values."""
        current = type(record)._default_manager.get(pk=record.pk)
        (dumped,) = serializers.serialize(
            "python", [current], use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        stored = json.loads(json.dumps(dumped["fields"], cls=DjangoJSONEncoder))
        return all(stored.get(name) == value for name, value in fields.items())

    def resolve_deferred(self, saved):
        """References to records that came later in the file: they must exist by now."""
        for number, label, key, deserialized in saved:
            for model_field, value in deserialized.deferred_fields.items():
                related = model_field.related_model
                try:
                    target = related._default_manager.get_by_natural_key(*value)
                except ObjectDoesNotExist:
                    self.problem(
                        number,
                        label,
                        key,
                        model_field.name,
                        missing(related, value, "in the database or the file"),
                    )
                    continue
                setattr(deserialized.object, model_field.attname, target.pk)
                deserialized.object.save_base(raw=True, update_fields=[model_field.attname])

    def validate(self, saved):
        """The admin's validation of every record, now that all references resolve.

        Uniqueness and the named constraints were checked by the database as each row was
        written (a refusal is reported the way the admin words it, in `save`); asking again
        would cost a query per constraint per record. What only Python knows runs here:
        each field's validators and the model's `clean()` (a loop of parents, a quote that
        is not in its source).
        """
        seen = {}
        for number, label, key, deserialized in saved:
            record = deserialized.object
            earlier = seen.setdefault((label, record.pk), number)
            if earlier != number:
                self.problem(number, label, key, message=f"the same record as record {earlier}")
                continue
            try:
                record.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                self.report_validation(number, label, key, error)

    def report_validation(self, number, label, key, error):
        for name, messages in error.message_dict.items():
            for message in messages:
                name = "" if name == NON_FIELD_ERRORS else name
                problem = Problem(str(self.path), number, label, key, name, message)
                if problem not in self.problems:
                    self.problems.append(problem)


def import_fixture(path, *, dry_run=False):
    """Import `path` (a fixture, or an export bundle); raise ImportFailed listing every problem."""
    return Importer(path).run(dry_run=dry_run)
