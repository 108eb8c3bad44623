"""Building blocks of the read models: the related rows a record shows, as one reader sees them.

Every queryset here comes from `Reader.visible()`, so the public never gets a row that rests on
a draft (initiatives/visibility.py); the QuerySets' `for_detail()` and `for_page()` combine them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce


def rows(reader, model, *joins):
    """`model`'s rows this reader may see, joined to the records they show."""
    return joined(reader.visible(model), *joins)


def joined(queryset, *joins):
    """`queryset.select_related(*joins)`, less the fields a joined model reads only on its own
    page (`deferred_when_joined`): a fact cites its source by title and address, and the
    source's text, a whole article, would widen every row the database sorts."""
    deferred = [
        f"{join}__{name}"
        for join in joins
        for name in getattr(model_at(queryset.model, join), "deferred_when_joined", ())
    ]
    queryset = queryset.select_related(*joins)
    return queryset.defer(*deferred) if deferred else queryset


def model_at(model, path):
    """The model a `select_related` path such as "indicator__initiative" reaches."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def related(reader, model, lookup, *joins, order=(), limit=None):
    """What `model`'s relation `lookup` reaches (a many-to-many, rows that belong to the record,
    records that point at it), as this reader sees it, joined to `joins`; with `limit`, only
    the first rows for each record (Django slices a prefetch per record in SQL)."""
    queryset = rows(reader, related_model(model, lookup), *joins)
    if order:
        queryset = queryset.order_by(*order)
    if limit is not None:
        queryset = queryset[:limit]
    return Prefetch(lookup, queryset=queryset)


def citations(reader, model):
    """A record's citations with their sources."""
    return related(reader, model, "citations", "source")


def roles(reader, model):
    """A record's organizations in their roles, each with its own source."""
    return related(reader, model, "participations", "organization", "source")


# How many rows of one relation a record's page shows; the rest are counted and a link away.
SHOWN = 20


def related_model(model, lookup):
    return model._meta.get_field(lookup).related_model


def back_lookup(model, lookup):
    """From what `model`'s relation `lookup` reaches, the lookup back to `model`."""
    field = model._meta.get_field(lookup)
    if field.auto_created:  # a reverse relation: the foreign key or many-to-many on the other side
        return field.field.name
    return field.related_query_name()  # a many-to-many declared here


def count_of(reader, model, lookup, up_to=None):
    """How many rows `lookup` reaches for the reader: a subquery, so no query of its own.

    With `up_to`, counted no further than one row past it: a page says «Показано: 20 из более
    чем 1 000» of an organization's 10,000 roles without reading them all."""
    back = back_lookup(model, lookup)
    reached = (
        reader.visible(related_model(model, lookup)).filter(**{back: OuterRef("pk")}).order_by()
    )
    if up_to is not None:
        return CountUpTo(reached.values("pk")[: up_to + 1])
    counted = reached.values(back).annotate(rows=Count("pk")).values("rows")
    return Coalesce(Subquery(counted), 0)


def counts_kept(reader, model, lookup, pks, request=None):
    """{pk: how many rows `lookup` reaches for the reader} for each of `pks`: one grouped query
    for those not yet counted in this registry version (caching.per_version_each). For a
    figure an answer shows of rows it does not read, such as an indicator's 10,000 values: a
    subquery would count them again for every answer that shows the record."""
    # Imported here: the cache's version is a model, and the models import this module.
    from initiatives import caching

    back = back_lookup(model, lookup)

    def count(missing):
        reached = reader.visible(related_model(model, lookup)).filter(**{f"{back}__in": missing})
        return dict(reached.order_by().values_list(back).annotate(rows=Count("pk")))

    name = f"count:{model._meta.label}:{lookup}:{reader.name}"
    return caching.per_version_each(name, pks, count, request, default=0)


class CountUpTo(Subquery):
    """The number of rows of a subquery with a LIMIT: the database stops reading at it."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


@dataclass(frozen=True)
class Relation:
    """A relation a record shows, e.g. Relation("participations", ("organization", "source")).

    `rows(reader, page)` builds the related queryset when visible rows are not enough (the
    indicators with their progress); `order` is the order shown, and on a page the first
    SHOWN in that order are the ones shown.
    """

    lookup: str
    joins: tuple = ()
    order: tuple = ()
    rows: Callable | None = None
    # On a record's page, kept per registry version and day: a section whose rows are costly
    # to work out however few are shown (an initiative's indicators, each charting every value).
    kept: bool = False

    def queryset(self, reader, model, page=False):
        if self.rows is not None:
            queryset = self.rows(reader, page)
        else:
            queryset = reader.visible(related_model(model, self.lookup))
        queryset = joined(queryset, *self.joins)
        return queryset.order_by(*self.order) if self.order else queryset

    def prefetch(self, reader, model):
        """Every row: what the API shows."""
        return Prefetch(self.lookup, queryset=self.queryset(reader, model))

    def section(self, reader, model):
        """What a page shows of each of many records: the first SHOWN rows, as the list
        `<lookup>_shown` (Django slices a prefetch only into an attribute of its own), and the
        count of all of them, as an annotation for `<lookup>_count`."""
        queryset = self.queryset(reader, model, page=True)[:SHOWN]
        prefetch = Prefetch(self.lookup, queryset=queryset, to_attr=f"{self.lookup}_shown")
        return prefetch, self.count(reader, model)

    def count(self, reader, model, up_to=None):
        return count_of(reader, model, self.lookup, up_to)

    def show_first(self, reader, record):
        """What the page of one record shows: its first SHOWN rows, as `<lookup>_shown`.

        One query with a LIMIT, which an index in the relation's order answers from its first
        rows; a sliced prefetch, made for many records, numbers every row of each (ROW_NUMBER
        over 10,000 statements of one person) before it keeps the first."""
        model = type(record)
        rows = self.queryset(reader, model, page=True).filter(
            **{back_lookup(model, self.lookup): record}
        )

        def first_rows():
            return list(rows[:SHOWN])

        if self.kept:
            # Imported here: the cache's version is a model, and the models import this module.
            from initiatives import caching, clock

            key = f"section:{model._meta.label}:{record.pk}:{self.lookup}:{reader.name}"
            shown = caching.per_version(f"{key}:{clock.today().isoformat()}", first_rows)
        else:
            shown = first_rows()
        setattr(record, f"{self.lookup}_shown", shown)
