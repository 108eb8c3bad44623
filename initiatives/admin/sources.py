from django.contrib import admin
from django.forms import Textarea

from initiatives.admin.base import PublishedAdmin
from initiatives.models import Source
from initiatives.models.base import translated


@admin.register(Source)
class SourceAdmin(PublishedAdmin):
    list_display = ("title", "kind", "publisher", "language", "published_on", "is_published")
    list_filter = ("kind", "language", "is_published")
    list_select_related = ("publisher",)
    search_fields = ("title", "slug", "url", *translated("note"), "text")
    autocomplete_fields = ("publisher",)
    prepopulated_fields = {"slug": ("title",)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The article's text is read and searched for quotes: give it room, unlike the notes.
        if db_field.name == "text":
            kwargs["widget"] = Textarea(attrs={"rows": 20, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)
