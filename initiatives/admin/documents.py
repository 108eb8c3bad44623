from django.contrib import admin

from initiatives.admin.base import RecordAdmin, citation_inline
from initiatives.models import Document, DocumentCitation


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    list_display = ("__str__", "kind", "issuer", "issued_on", "is_published")
    list_filter = ("kind", "is_published")
    list_select_related = ("issuer",)
    autocomplete_fields = ("issuer",)
    inlines = (citation_inline(DocumentCitation),)
