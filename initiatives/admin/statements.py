"""The staff's list of the registry's own statements: facts no source states, and records
whose fields no source states (initiatives/statements.py), kind by kind, a page at a time."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from initiatives import statements

PER_PAGE = 50


def kinds_for(user):
    """(model, its rows that are the registry's statements) for each kind the user may view."""
    kinds = [
        (model, model._default_manager.filter(source__isnull=True))
        for model in statements.cited_fact_models()
    ] + [
        (model, model._default_manager.exclude(registry_statements=[]))
        for model in statements.stating_models()
    ]
    # Each row is named after the records it links (a succession: its two organizations).
    return [
        (model, rows.select_related(*linked(model)).order_by("pk"))
        for model, rows in kinds
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


def linked(model):
    return [field.name for field in model._meta.concrete_fields if field.many_to_one]


def statement_rows(model, rows):
    """Each row with its admin address and what in it is the registry's own."""
    change = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
    listed = next(
        (field for field in model._meta.concrete_fields if field.name == "registry_statements"),
        None,
    )
    for row in rows:
        columns = row.registry_statements if listed else ()
        yield {
            "label": str(row),
            "url": reverse(change, args=[row.pk]),
            "what": ", ".join(str(listed.column_label(column)) for column in columns)
            if columns
            else _("no source"),
            "note": getattr(row, "note", ""),
        }


def registry_statements_view(request):
    kinds = kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    counts = [(model, rows.count()) for model, rows in kinds]
    chosen = request.GET.get("kind")
    by_name = {model._meta.model_name: (model, rows) for model, rows in kinds}
    if chosen not in by_name:
        # The first kind that has any, so the page opens on something to read.
        chosen = next(
            (model._meta.model_name for model, count in counts if count),
            kinds[0][0]._meta.model_name,
        )
    model, rows = by_name[chosen]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    context = {
        **admin.site.each_context(request),
        "title": _("The registry's own statements"),
        "kinds": [
            {
                "name": kind._meta.model_name,
                "label": capfirst(kind._meta.verbose_name_plural),
                "count": count,
                "chosen": kind._meta.model_name == chosen,
            }
            for kind, count in counts
        ],
        "page_query": f"{urlencode({'kind': chosen})}&",
        "chosen_label": capfirst(model._meta.verbose_name_plural),
        "page": page,
        "rows": list(statement_rows(model, page.object_list)),
    }
    return TemplateResponse(request, "admin/registry_statements.html", context)
