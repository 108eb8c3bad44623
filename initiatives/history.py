"""Change history: what counts as a change somebody made, and when a deletion happened.

django-simple-history records every save and every many-to-many change. A fixture loaded
with `loaddata` (or the registry's importer) is a copy of data whose history lives where it
was written, not an edit made here. simple-history already skips the raw save itself, but
the deserializer then sets the record's many-to-many links on the same instance, which it
would record as a change; marking the instance during its raw save silences both.

A record deleted in the admin or through the API takes the rows that belong to it with it
(citations, roles, indicators and their measurements). Inside `one_deletion()` all their
deletion records carry one time, so a restore (initiatives/restore.py) can tell the rows
deleted with the record from rows deleted on their own before.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import pre_save
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

_deletion_moment = ContextVar("deletion_moment", default=None)


def skip_history_of_raw_saves(sender, instance, raw=False, **kwargs):
    if raw:
        # simple-history's own opt-out flag, checked by its post_save and m2m_changed handlers.
        instance.skip_history_when_saving = True


@contextmanager
def one_deletion():
    """Deletions inside are recorded as one moment: see the module's docstring."""
    token = _deletion_moment.set(timezone.now())
    try:
        yield
    finally:
        _deletion_moment.reset(token)


def date_deletion(sender, history_instance, **kwargs):
    moment = _deletion_moment.get()
    if moment is not None and history_instance.history_type == "-":
        history_instance.history_date = moment


def connect():
    pre_save.connect(skip_history_of_raw_saves, dispatch_uid="initiatives.history.raw_saves")
    pre_create_historical_record.connect(
        date_deletion, dispatch_uid="initiatives.history.date_deletion"
    )
