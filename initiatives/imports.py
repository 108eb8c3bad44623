"""Import a fixture into the registry: every record validated, then all of it written, or none.

The file is read whole and each record checked the way the admin checks a form (field values,
references, `full_clean()` with the model's `clean()` and constraints). Records are written in
one transaction; if any record has a problem, the transaction is rolled back and the report
lists every problem with the file, the record (model and natural key) and the field. A record
identical to the one in the database is not written again, so importing the same file twice
changes nothing.

Imported rows are raw saves, like `loaddata`: they carry the file's timestamps, so an export,
an import and a second export are identical. Each record created or updated is then kept in
its history like an edit, with who imported which file (a batch insert per model), so an
import can be seen and undone like any change (initiatives/restore.py).

Unlike `loaddata`, references are resolved from each model's keys read once
(initiatives/natural_keys.py), and rows are written without a savepoint each. Should the
database refuse a row, the import starts again with a savepoint per row, so the report can
name every refused row and not only the first.
"""

import json
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.serializers.base import DeserializedObject
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import public_status
from initiatives.caching import one_version
from initiatives.exports import registry_models
from initiatives.import_lookups import NaturalKeys, StoredRows, fixture_key

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
    def __init__(self, path, user=None):
        self.path = Path(path)
        self.user = user
        self.problems = []
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
        found_in_file = list(self.problems)
        try:
            self.write(checked, dry_run, careful=False)
        except DatabaseError:
            # Rolled back; again with a savepoint per row, to report every row refused.
            self.problems, self.report = found_in_file, ImportReport()
            self.write(checked, dry_run, careful=True)
        return self.report

    def write(self, checked, dry_run, careful):
        self.keys, self.stored = NaturalKeys(), StoredRows()
        self.links, self.written = [], []
        try:
            with transaction.atomic(), one_version(), public_status.batched():
                saved = [self.save(*entry, careful=careful) for entry in checked]
                saved = [entry for entry in saved if entry is not None]
                self.resolve_deferred(saved)
                self.link_new_records()
                self.validate(saved)
                if self.problems:
                    raise ImportFailed(self.problems)
                if dry_run:
                    raise DryRun
                self.keep_history()
        except DryRun:
            pass

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

    def references(self, number, model, fields, key):
        """{field: primary key(s)} of every reference, to the database or an earlier record.

        None when one names no record. A reference to a record of the same model (a parent)
        that is not in yet may come later in the file: it is left out, to be resolved at the end.
        """
        resolved, valid = {}, True
        for name, value in fields.items():
            model_field = model._meta.get_field(name)
            if model_field.many_to_many:
                targets = value if isinstance(value, list) else [value]
                pks = [self.reference(number, model, key, model_field, t) for t in targets]
                valid &= None not in pks
                resolved[model_field] = pks
            elif model_field.many_to_one and value is not None:
                if model_field.related_model is model:
                    pk = self.keys.pk(model, value)
                    if pk is not None:
                        resolved[model_field] = pk
                else:
                    resolved[model_field] = pk = self.reference(
                        number, model, key, model_field, value
                    )
                    valid &= pk is not None
        return resolved if valid else None

    def reference(self, number, model, key, model_field, value):
        """The primary key a natural key names, or None (reported)."""
        related = model_field.related_model
        pk = self.keys.pk(related, value) if isinstance(value, list) else None
        if pk is None:
            self.problem(
                number,
                model._meta.label_lower,
                key,
                model_field.name,
                missing(related, value, "in the database or earlier in this file"),
            )
        return pk

    def build(self, model, fields, references):
        """The record the fixture describes, its references as primary keys: no query."""
        data, many, deferred = {}, {}, {}
        natural_key = fixture_key(model, fields)
        data[model._meta.pk.attname] = self.keys.pk(model, natural_key)
        for name, value in fields.items():
            model_field = model._meta.get_field(name)
            if model_field.many_to_many:
                many[name] = references[model_field]
            elif model_field.many_to_one:
                if value is None or model_field in references:
                    data[model_field.attname] = references.get(model_field)
                else:
                    deferred[model_field] = value
            else:
                data[model_field.attname] = model_field.to_python(value)
        return natural_key, DeserializedObject(model(**data), many, deferred)

    def save(self, number, model, fields, key, careful):
        """Build the record; write it unless it is already there as it is. None on a problem."""
        label = model._meta.label_lower
        references = self.references(number, model, fields, key)
        if references is None:
            return None
        natural_key, deserialized = self.build(model, fields, references)
        record = deserialized.object
        # Found by its natural key: uniqueness checks must not count the record against itself.
        record._state.adding = record.pk is None
        try:
            self.check_values(record, deserialized.deferred_fields)
        except ValidationError as error:
            self.report_validation(number, label, key, error)
            return None
        existing = record.pk is not None
        if existing and self.stored.hold(deserialized, fields):
            self.report.unchanged[label] += 1
            return number, label, key, deserialized
        if careful:
            try:
                with transaction.atomic():
                    self.write_record(deserialized, existing)
            except DatabaseError as error:
                self.report_refusal(number, label, key, deserialized, error)
                return None
        else:
            self.write_record(deserialized, existing)
        if not existing:
            self.keys.add(model, natural_key, record.pk)
        self.written.append((record, existing))
        (self.report.updated if existing else self.report.created)[label] += 1
        return number, label, key, deserialized

    def check_values(self, record, deferred):
        """Field values first: PostgreSQL would refuse an oversize text with a bare error.

        References are not asked again (each was found by its key); only that a required
        one is given.
        """
        references = [f for f in record._meta.concrete_fields if f.many_to_one]
        record.clean_fields(exclude=[f.name for f in references])
        for model_field in references:
            absent = getattr(record, model_field.attname) is None
            if absent and not model_field.null and model_field not in deferred:
                raise ValidationError({model_field.name: model_field.error_messages["null"]})

    def write_record(self, deserialized, existing):
        """A raw save, like loaddata's. A new record's links are written together at the end."""
        if existing:
            deserialized.save()
            return
        models.Model.save_base(deserialized.object, raw=True)
        for name, pks in deserialized.m2m_data.items():
            self.links.append((deserialized.object, name, pks))

    def link_new_records(self):
        """The many-to-many rows of new records, in batches (a new record has none to replace)."""
        rows = defaultdict(list)
        for record, name, pks in self.links:
            many = record._meta.get_field(name)
            through = many.remote_field.through
            source = through._meta.get_field(many.m2m_field_name()).attname
            target = through._meta.get_field(many.m2m_reverse_field_name()).attname
            rows[through].extend(through(**{source: record.pk, target: pk}) for pk in pks)
        for through, objects in rows.items():
            through._default_manager.bulk_create(objects, batch_size=1000)

    def keep_history(self):
        """Each record written, in its history: a batch per model and kind of change, with the
        many-to-many links it has now (what a restore puts back)."""
        reason = _("Imported from %(file)s") % {"file": self.path.name}
        moment = timezone.now()
        batches = defaultdict(list)
        for record, existing in self.written:
            batches[type(record), existing].append(record)
        for (model, existing), records in batches.items():
            versions = model.history.bulk_history_create(
                records,
                batch_size=1000,
                update=existing,
                default_user=self.user,
                default_change_reason=reason,
                default_date=moment,
            )
            keep_links(model, versions)

    def report_refusal(self, number, label, key, deserialized, error):
        """A constraint the database enforces: named the way the admin would name it."""
        try:
            deserialized.object.validate_constraints(
                exclude=[f.name for f in deserialized.deferred_fields]
            )
        except ValidationError as invalid:
            self.report_validation(number, label, key, invalid)
        else:
            self.problem(number, label, key, message=f"the database refused it: {error}")

    def resolve_deferred(self, saved):
        """References to records that came later in the file: they must exist by now."""
        for number, label, key, deserialized in saved:
            for model_field, value in deserialized.deferred_fields.items():
                related = model_field.related_model
                pk = self.keys.pk(related, value)
                if pk is None:
                    self.problem(
                        number,
                        label,
                        key,
                        model_field.name,
                        missing(related, value, "in the database or the file"),
                    )
                    continue
                setattr(deserialized.object, model_field.attname, pk)
                deserialized.object.save_base(raw=True, update_fields=[model_field.attname])

    def validate(self, saved):
        """What only Python knows, now that all references resolve: each model's `clean()`.

        Field values were checked before each row was written; uniqueness and the named
        constraints by the database as it was written (a refusal is reported the way the admin
        words it). `clean()` follows references (a parent's parent, a fact's source): they are
        served from the records in hand, not a query each.
        """
        in_hand = {(type(entry[3].object), entry[3].object.pk): entry[3].object for entry in saved}
        by_model = defaultdict(list)
        for entry in saved:
            by_model[type(entry[3].object)].append(entry[3].object)
        for model, records in by_model.items():
            # What clean() would ask the database per record, asked once per model
            # (a measurement's previous value).
            if hasattr(model, "find_previous"):
                model.find_previous(records)
        seen = {}
        for number, label, key, deserialized in saved:
            record = deserialized.object
            earlier = seen.setdefault((label, record.pk), number)
            if earlier != number:
                self.problem(number, label, key, message=f"the same record as record {earlier}")
                continue
            hand_over_references(record, in_hand)
            try:
                record.clean()
            except ValidationError as error:
                self.report_validation(number, label, key, error)

    def report_validation(self, number, label, key, error):
        if hasattr(error, "error_dict"):
            by_field = error.message_dict
        else:  # raised by clean() without naming a field
            by_field = {NON_FIELD_ERRORS: error.messages}
        for name, messages in by_field.items():
            for message in messages:
                name = "" if name == NON_FIELD_ERRORS else name
                problem = Problem(str(self.path), number, label, key, name, message)
                if problem not in self.problems:
                    self.problems.append(problem)


def hand_over_references(record, in_hand):
    """Point the record's references at the records in hand, so following one is no query."""
    for model_field in record._meta.concrete_fields:
        if model_field.many_to_one:
            target = in_hand.get((model_field.related_model, getattr(record, model_field.attname)))
            if target is not None:
                model_field.set_cached_value(record, target)


def keep_links(model, versions):
    """The many-to-many snapshot of each new version, as simple-history takes it on a save."""
    history = model.history.model
    by_record = {version.id: version for version in versions}
    for many in getattr(history, "_history_m2m_fields", ()):
        through = many.remote_field.through
        snapshot = getattr(history, many.name).model
        owner = through._meta.get_field(many.m2m_field_name()).attname
        columns = [f.attname for f in through._meta.fields]
        rows = through._default_manager.filter(**{f"{owner}__in": by_record}).values(*columns)
        snapshot._default_manager.bulk_create(
            [snapshot(history=by_record[row[owner]], **row) for row in rows],
            batch_size=1000,
        )


def import_fixture(path, *, dry_run=False, user=None):
    """Import `path` (a fixture, or an export bundle); raise ImportFailed listing every problem.
    `user` is who the history names for the records written."""
    return Importer(path, user).run(dry_run=dry_run)
