from django.contrib import admin

from initiatives.admin.base import (
    RecordAdmin,
    citation_inline,
    participation_admin,
    participation_inline,
)
from initiatives.models import DonorProject, DonorProjectCitation, DonorProjectParticipation


@admin.register(DonorProject)
class DonorProjectAdmin(RecordAdmin):
    list_display = ("__str__", "status", "start", "end", "budget", "currency", "is_published")
    list_filter = ("status", "is_published")
    search_fields = (*RecordAdmin.search_fields, "iati_identifier")
    inlines = (
        participation_inline(DonorProjectParticipation),
        citation_inline(DonorProjectCitation),
    )


admin.site.register(DonorProjectParticipation, participation_admin(DonorProjectParticipation))
