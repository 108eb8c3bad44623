from django.contrib import admin

from initiatives.admin.base import RecordAdmin, citation_inline
from initiatives.models import Territory, TerritoryCitation, Topic, TopicCitation


@admin.register(Territory)
class TerritoryAdmin(RecordAdmin):
    list_display = ("__str__", "kind", "parent", "iso_code", "is_published")
    list_filter = ("kind", "is_published")
    list_select_related = ("parent",)
    search_fields = (*RecordAdmin.search_fields, "iso_code")
    autocomplete_fields = ("parent",)
    inlines = (citation_inline(TerritoryCitation),)


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    inlines = (citation_inline(TopicCitation),)
