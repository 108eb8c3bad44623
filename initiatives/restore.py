"""Restore a record as its history shows it: a past version, or a record since deleted.

django-simple-history keeps every version of every record and of every row that belongs to
one (citations, roles, indicators and their measurements, positions, other names). Its own
"Revert" puts back the record's fields only; a restore here puts back its many-to-many links
and its rows too, so the record reads again as it did.

Which rows go with a version: a version stands until the record's next version, and the rows
are taken as they stood just before that next version. The admin saves a record before the
rows of its inlines, so a version brings back the rows saved with it.

A deleted record comes back with the rows deleted with it: those whose deletion carries the
record's deletion time (initiatives/history.py `one_deletion`). Rows deleted on their own
before stay deleted.

A restore is a change like any other: one transaction, validated as the admin validates a
form, and kept in the history with who restored what.
"""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from initiatives.concurrency import owned_rows
from initiatives.localized import format_datetime


class RestoreRefused(Exception):
    """The version cannot be restored as it stands; `messages` say why, each on its own."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = list(messages)


def restore(version, user):
    """Put back the record of the historical `version` with its links and rows; returns it."""
    model = version.instance_type
    record = version.instance
    reason = _("Restored the version of %(date)s") % {"date": format_datetime(version.history_date)}
    if version.history_type == "-":
        links = version.prev_record  # the deletion's own snapshot has no links left
        pick = deleted_at(version.history_date)
    else:
        links = version
        pick = standing_before(next_version_date(version))
    try:
        with transaction.atomic():
            stored = model._default_manager.select_for_update().filter(pk=record.pk).first()
            record._state.adding = stored is None  # a deleted record is inserted again
            record.full_clean()
            mark(record, user, reason)
            record.save()
            restore_links(record, links)
            restore_rows(model, record.pk, pick, user, reason)
    except ValidationError as error:
        raise RestoreRefused(error.messages) from error
    except DatabaseError as error:
        # A row refers to a record deleted since (a source, an organization).
        raise RestoreRefused(
            [
                _("A row of this version refers to a record that no longer exists: %(error)s")
                % {"error": error}
            ]
        ) from error
    return record


def mark(instance, user, reason):
    """What simple-history writes into the history record of this save."""
    instance._history_user = user
    instance._change_reason = reason


def next_version_date(version):
    later = version.instance.history.filter(history_date__gt=version.history_date)
    return later.order_by("history_date").values_list("history_date", flat=True).first()


def standing_before(until):
    """Each row's latest version before `until` (None: now), unless that is its deletion."""

    def pick(history):
        if until is not None:
            history = history.filter(history_date__lt=until)
        return [row for row in history.latest_of_each() if row.history_type != "-"]

    return pick


def deleted_at(moment):
    """The rows whose deletion carries the record's deletion time."""

    def pick(history):
        return list(history.filter(history_type="-", history_date=moment))

    return pick


def restore_links(record, version):
    """The record's many-to-many links as `version` lists them, to records that still exist."""
    if version is None:
        return
    for field in getattr(version, "_history_m2m_fields", ()):
        target = field.remote_field.model
        through_name = field.m2m_reverse_field_name()
        listed = getattr(version, field.name).values_list(f"{through_name}_id", flat=True)
        getattr(record, field.name).set(target._default_manager.filter(pk__in=list(listed)))


def restore_rows(model, pk, pick, user, reason):
    """The rows of each kind that belong to record `pk`, as `pick` chooses from their history;
    the rows it does not choose are deleted. Rows of rows (measurements) follow the same way."""
    for relation in owned_rows(model):
        owned = relation.related_model
        key = relation.field.attname
        kept = pick(owned.history.filter(**{key: pk}))
        rows = [version.instance for version in kept]
        owned._default_manager.filter(**{key: pk}).exclude(pk__in=[row.pk for row in rows]).delete()
        for row in rows:
            mark(row, user, reason)
            row.save()
            restore_rows(owned, row.pk, pick, user, reason)
