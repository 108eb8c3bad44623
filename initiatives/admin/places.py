from django.contrib import admin

from initiatives.admin.base import CitationInline, RecordAdmin
from initiatives.models import Territory, TerritoryCitation, Topic, TopicCitation


class TerritoryCitationInline(CitationInline):
    model = TerritoryCitation


class TopicCitationInline(CitationInline):
    model = TopicCitation


@admin.register(Territory)
class TerritoryAdmin(RecordAdmin):
    list_display = ("__str__", "kind", "parent", "iso_code", "is_published")
    list_filter = ("kind", "is_published")
    list_select_related = ("parent",)
    search_fields = (*RecordAdmin.search_fields, "iso_code")
    autocomplete_fields = ("parent",)
    inlines = (TerritoryCitationInline,)


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    inlines = (TopicCitationInline,)
