from django.contrib import admin

from initiatives.admin.base import CitationInline, RecordAdmin
from initiatives.models import Document, DocumentCitation


class DocumentCitationInline(CitationInline):
    model = DocumentCitation


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    list_display = ("__str__", "kind", "issuer", "issued_on", "is_published")
    list_filter = ("kind", "is_published")
    list_select_related = ("issuer",)
    autocomplete_fields = ("issuer",)
    inlines = (DocumentCitationInline,)
