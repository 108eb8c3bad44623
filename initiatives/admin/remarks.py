"""Statements and commitments as sources report them (models/remarks.py): not the registry's
own statements, which are listed at /admin/registry-statements/ (admin/statements.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.admin.base import RegistryAdmin, translated
from initiatives.models import CommitmentReport, Statement


class CommitmentReportInline(admin.TabularInline):
    model = CommitmentReport
    fields = ("outcome", "as_of", "source", "quote")
    autocomplete_fields = ("source",)
    extra = 0


@admin.register(Statement)
class StatementAdmin(RegistryAdmin):
    list_display = ("__str__", "kind", "said_on", "is_commitment", "due", "source")
    list_filter = ("kind", "is_commitment")
    list_select_related = ("person", "organization", "source")
    search_fields = (
        "slug",
        "quote",
        *translated("summary"),
        *translated("name", via="person"),
        *translated("name", via="organization"),
    )
    # Typed, never a list of every record: the form stays small however large the registry.
    autocomplete_fields = ("person", "organization", "source", "initiatives", "events", "documents")
    fieldsets = (
        (None, {"fields": ("slug", "said_on", ("person", "organization"), "kind")}),
        (
            _("What was said"),
            {"fields": (*translated("summary"), "registry_translations", "source", "quote")},
        ),
        (_("Commitment"), {"fields": ("is_commitment", "due")}),
        (_("Links"), {"fields": ("initiatives", "events", "documents")}),
    )
    inlines = (CommitmentReportInline,)


@admin.register(CommitmentReport)
class CommitmentReportAdmin(RegistryAdmin):
    list_display = ("statement", "outcome", "as_of", "source")
    list_filter = ("outcome",)
    list_select_related = ("statement__person", "statement__organization", "source")
    search_fields = ("quote", "statement__slug", *translated("summary", via="statement"))
    autocomplete_fields = ("statement", "source")
