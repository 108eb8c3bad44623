"""What the registry takes from one source: every citation and every cited fact, by subject."""

from functools import reduce

from django.db.models import ForeignKey

from initiatives.models import Source


def subject_path(model):
    """The lookup from a fact to the public record whose page shows it."""
    return model.subject_path or model.owner_field


def fact_models():
    """Every model that cites a Source: the citation tables and the facts with their own quote."""
    return [
        relation.related_model
        for relation in Source._meta.related_objects
        if isinstance(relation.field, ForeignKey) and relation.field.name == "source"
    ]


def cited_facts(source, reader):
    """The facts `source` supports that `reader` may see, grouped by kind:
    [(model, [fact, ...]), ...].

    Each fact gets `.subject`, the record whose page shows it. One query per kind of fact,
    whatever the number of facts.
    """
    groups = []
    for model in fact_models():
        path = subject_path(model)
        facts = list(
            reader.visible(model)
            .filter(source=source)
            # Every required relation: the subject, and what the fact's own text names.
            .select_related()
            .order_by(*(f"{path}__slug", "pk"))
        )
        for fact in facts:
            fact.subject = reduce(getattr, path.split("__"), fact)
        if facts:
            groups.append((model, facts))
    return groups
