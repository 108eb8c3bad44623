from django.contrib import admin

from initiatives.admin.base import RegistryAdmin
from initiatives.models import Source


@admin.register(Source)
class SourceAdmin(RegistryAdmin):
    list_display = ("title", "publisher", "language", "published_on", "is_published")
    list_filter = ("language", "is_published")
    list_select_related = ("publisher",)
    search_fields = ("title", "slug", "url", "note", "text")
    autocomplete_fields = ("publisher",)
    readonly_fields = ("created_at", "updated_at")
    prepopulated_fields = {"slug": ("title",)}
