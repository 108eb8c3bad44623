"""Optimistic concurrency: an edit is saved only onto the state it was made from.

An editor opens a record (an admin form, an API read) and gets a fingerprint of its state: a
digest of each field, each many-to-many list and each set of rows that belongs to the record
(the admin form's inlines). A save carries it back (a hidden form field, `If-Match`). Before
writing, the record's row is locked and its state read again; if any part differs, someone
saved in between and the save is refused, naming the parts that changed. Nothing is
overwritten silently, and the fingerprint needs no column: every model has one.
"""

import hashlib
import json

from django.core import serializers, signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from initiatives.exports import owned_relations, registry_models
from initiatives.grammar import field_label
from initiatives.localized import format_datetime

SALT = "initiatives.concurrency"


def owned_rows(model):
    """The rows that belong to a record and go with it (the admin's inlines): see exports."""
    return owned_relations(model, set(registry_models(include_private=True)))


def digest(value):
    text = json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def state(record):
    """{part: digest} of the record as stored: its fields, many-to-many lists and owned rows."""
    # What an editor can change: not the timestamps a save sets (a save that changed nothing
    # is no conflict).
    editable = [f.name for f in record._meta.get_fields() if f.concrete and f.editable]
    (stored,) = serializers.serialize("python", [record], fields=editable)
    parts = {name: digest(value) for name, value in stored["fields"].items()}
    for relation in owned_rows(type(record)):
        rows = relation.related_model._default_manager.filter(**{relation.field.name: record})
        parts[relation.name] = rows_digest(rows)
    return parts


def rows_digest(rows):
    """A digest of every column of `rows` as the database returns it: an initiative's 4,000
    member territories, made into objects by the serializer, took 150 ms of every form that
    opened or saved it; as stored, 15 ms. Both ends of a check read them the same way."""
    columns = [field.attname for field in rows.model._meta.concrete_fields]
    sql, params = rows.order_by("pk").values_list(*columns).query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return digest(cursor.fetchall())


def stored_state(record, lock=False):
    """The state of the record as stored (whatever values the instance in hand holds). With
    `lock`, its row stays locked until the transaction ends: no save can slip in between
    this check and the write that follows (PostgreSQL; SQLite writes one at a time)."""
    records = type(record)._default_manager
    if lock:
        records = records.select_for_update()
    return state(records.get(pk=record.pk))


def etag(parts):
    return f'"{digest(parts)}"'


def current_etag(record):
    """The API's version of a record: its stored state, whatever the reader's view of it."""
    return etag(stored_state(record))


def token(record):
    """What an admin form carries: the stored state it was opened from (a form may show other
    values, such as a version from the history to restore) and when, signed."""
    opened = {"parts": stored_state(record), "at": timezone.now().isoformat()}
    return signing.dumps(opened, salt=SALT)


def read_token(value):
    """(parts, opened at) of a form's token; (None, None) if it is missing or not ours."""
    try:
        data = signing.loads(value or "", salt=SALT)
        return data["parts"], parse_datetime(data["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None


def changed_parts(before, now):
    """The names of the parts that differ between two states."""
    return [name for name in now.keys() | before.keys() if before.get(name) != now.get(name)]


def part_labels(model, names):
    """Each changed part in the reader's words: a field's label with its language named as a
    word («Описание (английский)»), or the rows' plural name."""
    labels = []
    relations = {relation.name: relation for relation in owned_rows(model)}
    for name in sorted(names):
        if name in relations:
            labels.append(str(relations[name].related_model._meta.verbose_name_plural))
        else:
            labels.append(field_label(model._meta.get_field(name)))
    return labels


def last_change(record, since):
    """The latest historical record of a change after `since`: who and when, if kept."""
    history = getattr(type(record), "history", None)
    if history is None or since is None:
        return None
    return (
        record.history.filter(history_date__gt=since)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )


def conflict(record, sent_token):
    """Why a save from the form state `sent_token` must be refused, or None if it may go on.

    Called inside the saving transaction: the record's row stays locked until the save.
    """
    before, opened = read_token(sent_token)
    if before is None:
        return _(
            "This form does not say which version of the record it was opened from. "
            "Open the record again and make your changes there."
        )
    changed = changed_parts(before, stored_state(record, lock=True))
    if not changed:
        return None
    parts = ", ".join(part_labels(type(record), changed))
    change = last_change(record, opened)
    if change is None or change.history_user is None:
        return _(
            "Since you opened this form, someone saved changes. Changed: %(parts)s. Your "
            "changes were not saved, so that theirs are not lost. Open the record again to see "
            "the current version and make your changes there."
        ) % {"parts": parts}
    return _(
        "Since you opened this form, %(user)s saved changes (%(time)s). Changed: %(parts)s. "
        "Your changes were not saved, so that theirs are not lost. Open the record again to "
        "see the current version and make your changes there."
    ) % {
        "user": change.history_user.get_username(),
        "time": format_datetime(change.history_date),
        "parts": parts,
    }
