"""The registry's own statements: what no source in the registry states.

A cited fact (a role, a position, another name, a succession…) with no source, and a record's
field listed in its `registry_statements`, are allowed only as the registry's own knowledge,
and every door says so in the same words: the pages (the `statement_mark` and `cite` tags),
the API (`sourced`), the CSV (`sourced`) and the staff's list of them
(initiatives/admin/statements.py).
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

LABEL = _("no source: the registry's statement")
EXPLANATION = _("No source in the registry states this: it is the registry's own statement.")
# What the CSV column of a cited fact means: the bundle's README and datapackage.json say it.
CSV_MEANING = _(
    "True when a source in the registry states the fact (source and quote filled); false when "
    "none does: the registry's own statement, marked so on its pages"
)


def cited_fact_models():
    """Every concrete model of facts that carry their own citation and may lack it (a value
    and a status report must cite their source)."""
    from initiatives.models.base import CitedFact

    return [
        model
        for model in apps.get_app_config("initiatives").get_models()
        if issubclass(model, CitedFact) and model._meta.get_field("source").null
    ]


def stating_models():
    """Every concrete model whose records list their fields that no source states."""
    from initiatives.models.base import Record

    return [
        model
        for model in apps.get_app_config("initiatives").get_models()
        if issubclass(model, Record)
    ]


def is_sourced(fact):
    return fact.source_id is not None
