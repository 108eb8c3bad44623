"""What the registry takes from one source: every citation and every cited fact, by subject."""

from functools import reduce

from django.db.models import Count, ForeignKey, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from initiatives.caching import per_version
from initiatives.models import Source

# What a reader of a source's page looks for under each kind of fact, by model name: the
# models' own names ("citations of indicators") are the staff's words, not a reader's.
FACT_HEADINGS = {
    "initiativestatusreport": _("Status of initiatives, as this source gives it"),
    "donorprojectstatusreport": _("Status of donor projects, as this source gives it"),
    "eventstatusreport": _("Status of events, as this source gives it"),
    "initiativecitation": _("Initiatives this source reports on"),
    "indicatorcitation": _("Indicators this source confirms"),
    "measurement": _("Values of indicators this source gives"),
    "initiativeparticipation": _("Organizations' roles in initiatives"),
    "eventcitation": _("Events this source reports on"),
    "eventseriescitation": _("Event series this source reports on"),
    "eventparticipation": _("Organizations' roles at events"),
    "eventperson": _("People at events"),
    "eventcount": _("Counts at events"),
    "statement": _("Statements this source reports"),
    "commitmentreport": _("Whether commitments were kept"),
    "organizationcitation": _("Organizations this source reports on"),
    "organizationname": _("Names of organizations"),
    "organizationsuccession": _("Reorganisations"),
    "personcitation": _("People this source reports on"),
    "position": _("Positions held"),
    "donorprojectcitation": _("Donor projects this source reports on"),
    "donorprojectparticipation": _("Organizations' roles in donor projects"),
    "documentcitation": _("Documents this source reports on"),
    "territorycitation": _("Territories this source reports on"),
    "territorymembership": _("Territories joining initiatives"),
    "topiccitation": _("Topics this source reports on"),
}


def fact_heading(model):
    """The heading of one kind of fact on a source's page (a new kind falls back to its name)."""
    return FACT_HEADINGS.get(model._meta.model_name) or model._meta.verbose_name_plural


def subject_path(model):
    """The lookup from a fact to the public record whose page shows it: "" for a fact with a
    page of its own (a statement)."""
    return model.subject_path or model.owner_field or ""


def fact_models():
    """Every model that cites a Source: the citation tables and the facts with their own quote."""
    return [
        relation.related_model
        for relation in Source._meta.related_objects
        if isinstance(relation.field, ForeignKey) and relation.field.name == "source"
    ]


def facts_of(source, reader, model):
    """The facts of one kind that `source` supports and `reader` may see, by subject; each with
    `.subject`, the record whose page shows it (call `with_subjects` on what is fetched)."""
    path = subject_path(model)
    facts = reader.visible(model).filter(source=source)
    # Every required relation: the subject, and what the fact's own text names; a fact whose
    # text names an optional one (a statement's speaker) lists its joins.
    joins = getattr(model, "fact_joins", ())
    facts = facts.select_related(*joins) if joins else facts.select_related()
    return facts.order_by(f"{path}__slug" if path else "slug", "pk")


def with_subjects(model, facts):
    path = [step for step in subject_path(model).split("__") if step]
    for fact in facts:
        fact.subject = reduce(getattr, path, fact)
    return facts


def cited_facts(source, reader, shown=None, request=None):
    """The facts `source` supports that `reader` may see, by kind: [(model, facts, total)].

    With `shown`, the first `shown` facts of each kind, and `total` counts them all. One query
    per kind of fact, however many facts there are; a source with more than `shown` of some
    kind adds the counts of those kinds, one query, kept per registry version.

    A count reads every fact of its kind, and a source may back thousands: counted in the
    query that lists the first few (a window), it made the database join every one of them to
    its subject (at scale 1 on PostgreSQL, 113 ms for the events a source reports on, instead
    of 0.2 ms for the first 20 by themselves).
    """
    groups = []
    for model in fact_models():
        facts = facts_of(source, reader, model)
        # One more than shown says whether there are more, without counting them.
        facts = with_subjects(model, list(facts[: shown + 1] if shown else facts))
        if facts:
            groups.append((model, facts[:shown] if shown else facts, len(facts)))
    more = [model for model, facts, total in groups if total > len(facts)]
    if more:
        counts = per_version(
            f"citations:{reader.name}:{source.pk}:{shown}",
            lambda: fact_counts(source, reader, more),
            request,
        )
        groups = [
            (model, facts, counts.get(model._meta.model_name, total))
            for model, facts, total in groups
        ]
    return groups


def fact_counts(source, reader, models):
    """{model name: how many facts of that kind `source` supports that `reader` may see}, in
    one query."""
    # Named apart from the source's own relations ("measurement" is one).
    counts = {
        f"count_{model._meta.model_name}": Coalesce(
            Subquery(
                reader.visible(model)
                .filter(source=OuterRef("pk"))
                .order_by()
                .values("source")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )
        for model in models
    }
    row = Source.objects.filter(pk=source.pk).values(**counts).get()
    return {name.removeprefix("count_"): count for name, count in row.items()}
