"""The status the public reads, kept per record (initiatives/models/status.py: PublicStatus).

A record's status is its latest status report the public may see (initiatives/visibility.py):
a report counts when its record and its source are published. Working that out for every row
of a list costs a subquery per record, so a public list filtered or counted by status would
grow with the registry. The result is kept instead, and rebuilt here, by the same rule
(`computed_status(PUBLIC)`), whenever something it rests on is written:
- a status report saved or deleted: its record's;
- a source saved (published or withdrawn): the records it reports the status of;
- a record saved (published or withdrawn): its own.
Rows written without signals (the generator's bulk writes) call `refresh_all()`. Within
`batched()` (an import) the records touched are gathered and rebuilt once, at the end.
"""

import threading
from contextlib import contextmanager
from itertools import islice

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from initiatives.visibility import PUBLIC

OWNERS = ("initiatives.Initiative", "initiatives.DonorProject", "initiatives.Event")
BATCH = 2000

_batch = threading.local()


def owner_models():
    return [apps.get_model(label) for label in OWNERS]


def kept_model(owner):
    return owner._meta.get_field("public_status").related_model


def report_model(owner):
    return owner._meta.get_field("status_reports").related_model


def refresh(owner, pks=None):
    """Rebuild the kept status of `owner`'s records with these primary keys (all if None)."""
    if pks is None:
        return rebuild(owner)
    pks = sorted(pks)
    for start in range(0, len(pks), BATCH):  # within any database's limit of parameters
        rebuild(owner, pks[start : start + BATCH])


def rebuild(owner, pks=None):
    kept = kept_model(owner)
    owner_field = kept._meta.pk.name
    records = owner._default_manager.all()
    stale = kept._default_manager.all()
    if pks is not None:
        records = records.filter(pk__in=pks)
        stale = stale.filter(pk__in=pks)
    # Deleted in one statement: nothing points at a kept status, and it sends no signals (a
    # delete() would read every row first, to send them).
    stale._raw_delete(stale.db)
    statuses = (
        records.computed_status(PUBLIC)
        .filter(reported_status__isnull=False)
        .order_by()
        .values_list("pk", "reported_status", "reported_as_of")
    )
    rows = (
        kept(**{f"{owner_field}_id": pk, "status": status, "as_of": as_of})
        for pk, status, as_of in statuses.iterator(chunk_size=BATCH)
    )
    # A batch at a time: every record of a national registry (refresh_all) would otherwise be
    # held in memory at once.
    while batch := list(islice(rows, BATCH)):
        kept._default_manager.bulk_create(batch)


def refresh_all():
    for owner in owner_models():
        refresh(owner)


def touched(sender, instance):
    """(owner model, pk) of the record whose public status a write to `instance` may change,
    or (None, pk) for a source: the records it reports on are found by `reported_on()`."""
    if sender is apps.get_model("initiatives.Source"):
        return None, instance.pk
    for owner in owner_models():
        if sender is owner:
            return owner, instance.pk
        if sender is report_model(owner):
            return owner, getattr(instance, f"{sender.owner_field}_id")
    raise LookupError(sender)


def reported_on(owner, sources):
    """The pks of `owner`'s records these sources report the status of."""
    reports = report_model(owner)
    reporting = reports._default_manager.filter(source__in=sources)
    return set(reporting.values_list(f"{reports.owner_field}_id", flat=True))


def refresh_touched(touched_pks):
    """Rebuild every record in {owner model or None (sources): {pk, ...}}."""
    sources = touched_pks.get(None, set())
    for owner in owner_models():
        pks = touched_pks.get(owner, set())
        if sources:
            pks |= reported_on(owner, sources)
        if pks:
            refresh(owner, pks)


def on_write(sender, instance, **kwargs):
    owner, pk = touched(sender, instance)
    if getattr(_batch, "pending", None) is not None:
        _batch.pending.setdefault(owner, set()).add(pk)
    else:
        refresh_touched({owner: {pk}})


@contextmanager
def batched():
    """Within: the records many writes touch (an import) are rebuilt once, at the end, in the
    same transaction; nothing is rebuilt if the block fails."""
    _batch.pending = {}
    try:
        yield
        pending, _batch.pending = _batch.pending, None
        refresh_touched(pending)
    finally:
        _batch.pending = None


def connect():
    senders = ["initiatives.Source"]
    for label in OWNERS:
        owner = apps.get_model(label)
        senders += [owner, report_model(owner)]
    for sender in senders:
        for signal in (post_save, post_delete):
            signal.connect(on_write, sender=sender, dispatch_uid=f"public_status.{signal}.{sender}")
