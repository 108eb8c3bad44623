from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.admin.base import (
    CitationInline,
    NeedsNewerSourceFilter,
    ParticipationAdmin,
    ParticipationInline,
    RecordAdmin,
    RegistryAdmin,
    ReportedStatusAdmin,
    StatusFilter,
    StatusReportAdmin,
    StatusReportInline,
    translated,
)
from initiatives.models import (
    Event,
    EventCitation,
    EventCount,
    EventParticipation,
    EventPerson,
    EventSeries,
    EventSeriesCitation,
    EventStatusReport,
)


class EventSeriesCitationInline(CitationInline):
    model = EventSeriesCitation


class EventCitationInline(CitationInline):
    model = EventCitation


class EventParticipationInline(ParticipationInline):
    model = EventParticipation


class EventPersonInline(admin.TabularInline):
    model = EventPerson
    fields = ("person", "role", *translated("note"), "source", "quote")
    autocomplete_fields = ("person", "source")
    extra = 0


class EventCountInline(admin.TabularInline):
    model = EventCount
    fields = ("slug", *translated("counted"), "number", "source", "quote")
    autocomplete_fields = ("source",)
    extra = 0


@admin.register(EventSeries)
class EventSeriesAdmin(RecordAdmin):
    inlines = (EventSeriesCitationInline,)


class EventStatusReportInline(StatusReportInline):
    model = EventStatusReport


@admin.register(Event)
class EventAdmin(ReportedStatusAdmin):
    list_display = (
        "__str__",
        "kind",
        "status",
        "start",
        "series",
        "edition",
        "territory",
        "is_published",
    )
    list_filter = (
        "kind",
        StatusFilter,
        NeedsNewerSourceFilter,
        "is_online",
        "is_published",
        "series",
    )
    list_select_related = ("series", "territory")
    search_fields = (*RecordAdmin.search_fields, *translated("venue"))
    autocomplete_fields = (
        "series",
        "parent",
        "territory",
        "topics",
        "documents",
        "initiatives",
        "donor_projects",
    )
    fieldsets = (
        (None, {"fields": ("slug", "is_published", *translated("name"), "kind", "status")}),
        (_("Series"), {"fields": (("series", "edition"), "parent")}),
        (
            _("When and where"),
            {"fields": (("start", "end"), "territory", *translated("venue"), "is_online")},
        ),
        (
            _("Description"),
            {
                "fields": (
                    *translated("description"),
                    "registry_translations",
                    "registry_statements",
                )
            },
        ),
        (
            _("Participants"),
            {"fields": ("participating_countries", *translated("participants_description"))},
        ),
        (_("Links"), {"fields": ("topics", "documents", "initiatives", "donor_projects")}),
        (_("Record"), {"fields": ("created", "updated"), "classes": ("collapse",)}),
    )
    readonly_fields = (*RecordAdmin.readonly_fields, "status")
    inlines = (
        EventStatusReportInline,
        EventParticipationInline,
        EventPersonInline,
        EventCountInline,
        EventCitationInline,
    )


@admin.register(EventParticipation)
class EventParticipationAdmin(ParticipationAdmin):
    list_display = ("event", "organization", "role", "note")
    list_select_related = ("event", "organization")
    autocomplete_fields = ("event", "organization", "source")
    search_fields = (
        *ParticipationAdmin.organization_search_fields,
        *translated("name", via="event"),
    )


@admin.register(EventPerson)
class EventPersonAdmin(RegistryAdmin):
    list_display = ("person", "role", "event", "note")
    list_filter = ("role",)
    list_select_related = ("person", "event")
    search_fields = (
        *translated("note"),
        *translated("name", via="person"),
        *translated("name", via="event"),
    )
    autocomplete_fields = ("event", "person", "source")


@admin.register(EventStatusReport)
class EventStatusReportAdmin(StatusReportAdmin):
    list_display = ("event", "status", "as_of", "source")
    list_select_related = ("event", "source")
    autocomplete_fields = ("event", "source")
    search_fields = ("quote", "source__title", *translated("name", via="event"))


@admin.register(EventCount)
class EventCountAdmin(RegistryAdmin):
    list_display = ("event", "counted", "number", "source")
    list_select_related = ("event", "source")
    search_fields = (*translated("counted"), *translated("name", via="event"))
    autocomplete_fields = ("event", "source")
