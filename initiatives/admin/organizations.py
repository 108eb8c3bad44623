from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.admin.base import CitationInline, RecordAdmin, RegistryAdmin
from initiatives.models import (
    Organization,
    OrganizationCitation,
    OrganizationName,
    OrganizationSuccession,
    Position,
)
from initiatives.models.base import translated


class OrganizationCitationInline(CitationInline):
    model = OrganizationCitation


class OrganizationNameInline(admin.TabularInline):
    model = OrganizationName
    fields = (
        "slug",
        "kind",
        *translated("name", "acronym"),
        "valid_from",
        "valid_to",
        "source",
        "quote",
    )
    autocomplete_fields = ("source",)
    extra = 0


class SuccessorInline(admin.TabularInline):
    model = OrganizationSuccession
    fk_name = "predecessor"
    fields = ("successor", "kind", "date", *translated("note"), "source", "quote")
    autocomplete_fields = ("successor", "source")
    extra = 0
    verbose_name = _("successor")
    verbose_name_plural = _("successors (this organization was reorganised into)")
    add_text = _("Add successor")


class PredecessorInline(SuccessorInline):
    fk_name = "successor"
    fields = ("predecessor", "kind", "date", *translated("note"), "source", "quote")
    autocomplete_fields = ("predecessor", "source")
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors (this organization took over from)")
    add_text = _("Add predecessor")


class OrganizationPositionInline(admin.TabularInline):
    model = Position
    fk_name = "organization"
    fields = (
        "person",
        "slug",
        *translated("title"),
        "registry_translations",
        "start",
        "end",
        "in_office_on",
    )
    autocomplete_fields = ("person",)
    extra = 0
    show_change_link = True
    verbose_name_plural = _("people in this organization")


@admin.register(Organization)
class OrganizationAdmin(RecordAdmin):
    list_display = ("__str__", "acronym", "kind", "country", "parent", "is_published")
    list_filter = ("kind", "country", "is_published")
    list_select_related = ("parent",)
    search_fields = (*RecordAdmin.search_fields, *translated("acronym"))
    autocomplete_fields = ("parent",)
    inlines = (
        OrganizationNameInline,
        PredecessorInline,
        SuccessorInline,
        OrganizationPositionInline,
        OrganizationCitationInline,
    )


@admin.register(OrganizationName)
class OrganizationNameAdmin(RegistryAdmin):
    list_display = ("__str__", "organization", "kind", "valid_from", "valid_to")
    list_filter = ("kind",)
    list_select_related = ("organization",)
    search_fields = (
        *translated("name", "acronym"),
        *translated("name", via="organization"),
    )
    autocomplete_fields = ("organization", "source")


@admin.register(OrganizationSuccession)
class OrganizationSuccessionAdmin(RegistryAdmin):
    list_display = ("predecessor", "successor", "kind", "date")
    list_filter = ("kind",)
    list_select_related = ("predecessor", "successor")
    search_fields = (
        *translated("note"),
        *translated("name", via="predecessor"),
        *translated("name", via="successor"),
    )
    autocomplete_fields = ("predecessor", "successor", "source")
