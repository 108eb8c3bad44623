"""Change history: what counts as a change somebody made.

django-simple-history records every save and every many-to-many change. A fixture loaded
with `loaddata` (or the registry's importer) is a copy of data whose history lives where it
was written, not an edit made here. simple-history already skips the raw save itself, but
the deserializer then sets the record's many-to-many links on the same instance, which it
would record as a change; marking the instance during its raw save silences both.
"""

from django.db.models.signals import pre_save


def skip_history_of_raw_saves(sender, instance, raw=False, **kwargs):
    if raw:
        # simple-history's own opt-out flag, checked by its post_save and m2m_changed handlers.
        instance.skip_history_when_saving = True


def connect():
    pre_save.connect(skip_history_of_raw_saves, dispatch_uid="initiatives.history.raw_saves")
