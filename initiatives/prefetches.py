"""The related rows a public page or an API response shows, each with the records it names.

Readers who may not see drafts get only the rows whose records (`via`) are published, so no
draft leaks through a published record. Staff reading the API see every row.
"""

from django.db.models import Prefetch


def rows(model, *related, via=(), published_only=True):
    """`model`'s rows joined to `related`; with published_only, those whose `via` are published."""
    queryset = model.objects.select_related(*related)
    if published_only:
        queryset = queryset.filter(**{f"{path}__is_published": True for path in via})
    return queryset


def citations(model, published_only=True):
    """A record's citations with their sources."""
    citation_model = model._meta.get_field("citations").related_model
    queryset = rows(citation_model, "source", via=["source"], published_only=published_only)
    return Prefetch("citations", queryset=queryset)


def roles(model, published_only=True):
    """A record's organizations in their roles, each with its own source."""
    queryset = rows(
        model, "organization", "source", via=["organization"], published_only=published_only
    )
    return Prefetch("participations", queryset=queryset)


def linked(lookup, model, *related, order=()):
    """The records of one kind a public page links to: published ones, with what they show."""
    queryset = model.objects.published().select_related(*related)
    return Prefetch(lookup, queryset=queryset.order_by(*order) if order else queryset)
