"""Building blocks of the read models: the related rows a record shows, as one reader sees them.

Every queryset here comes from `Reader.visible()`, so the public never gets a row that rests on
a draft (initiatives/visibility.py); the QuerySets' `for_detail()` and `for_page()` combine them.
"""

from django.db.models import Prefetch


def rows(reader, model, *joins):
    """`model`'s rows this reader may see, joined to the records they show."""
    return reader.visible(model).select_related(*joins)


def related(reader, model, lookup, *joins, order=()):
    """What `model`'s relation `lookup` reaches (a many-to-many, rows that belong to the record,
    records that point at it), as this reader sees it, joined to `joins`."""
    queryset = rows(reader, model._meta.get_field(lookup).related_model, *joins)
    return Prefetch(lookup, queryset=queryset.order_by(*order) if order else queryset)


def citations(reader, model):
    """A record's citations with their sources."""
    return related(reader, model, "citations", "source")


def roles(reader, model):
    """A record's organizations in their roles, each with its own source."""
    return related(reader, model, "participations", "organization", "source")
