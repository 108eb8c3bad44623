from django.contrib import admin

from initiatives.admin.base import CitationInline, RecordAdmin, RegistryAdmin
from initiatives.models import ContactDetail, Person, PersonCitation, Position
from initiatives.models.base import translated


class PositionInline(admin.TabularInline):
    model = Position
    fk_name = "person"
    fields = (
        "slug",
        "organization",
        *translated("title"),
        "registry_translations",
        "start",
        "end",
        "in_office_on",
        "source",
        "quote",
    )
    autocomplete_fields = ("organization", "source")
    extra = 0


class PersonCitationInline(CitationInline):
    model = PersonCitation


class ContactDetailInline(admin.TabularInline):
    """Private: shown to staff here, never on public pages or in the public API."""

    model = ContactDetail
    fields = ("kind", "value", "note")
    extra = 0


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    inlines = (PositionInline, ContactDetailInline, PersonCitationInline)


@admin.register(Position)
class PositionAdmin(RegistryAdmin):
    list_display = ("person", "title", "organization", "start", "end", "in_office_on")
    list_select_related = ("person", "organization")
    list_filter = ("organization__kind",)
    search_fields = (
        "slug",
        *translated("name", via="person"),
        *translated("title"),
    )
    autocomplete_fields = ("person", "organization", "source")


@admin.register(ContactDetail)
class ContactDetailAdmin(RegistryAdmin):
    """Private: staff only. Public pages and the API never read this table."""

    list_display = ("person", "kind", "value", "note")
    list_filter = ("kind",)
    list_select_related = ("person",)
    search_fields = ("value", "note", *translated("name", via="person"))
    autocomplete_fields = ("person",)
