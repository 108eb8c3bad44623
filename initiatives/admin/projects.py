from django.contrib import admin

from initiatives.admin.base import (
    CitationInline,
    NeedsNewerSourceFilter,
    ParticipationAdmin,
    ParticipationInline,
    RecordAdmin,
    ReportedStatusAdmin,
    StatusFilter,
    StatusReportAdmin,
    StatusReportInline,
)
from initiatives.models import (
    DonorProject,
    DonorProjectCitation,
    DonorProjectParticipation,
    DonorProjectStatusReport,
)
from initiatives.models.base import translated


class DonorProjectCitationInline(CitationInline):
    model = DonorProjectCitation


class DonorProjectParticipationInline(ParticipationInline):
    model = DonorProjectParticipation


class DonorProjectStatusReportInline(StatusReportInline):
    model = DonorProjectStatusReport


@admin.register(DonorProject)
class DonorProjectAdmin(ReportedStatusAdmin):
    list_display = ("__str__", "status", "start", "end", "budget", "currency", "is_published")
    list_filter = (StatusFilter, NeedsNewerSourceFilter, "is_published")
    search_fields = (*RecordAdmin.search_fields, "iati_identifier")
    readonly_fields = (*RecordAdmin.readonly_fields, "status")
    inlines = (
        DonorProjectStatusReportInline,
        DonorProjectParticipationInline,
        DonorProjectCitationInline,
    )


@admin.register(DonorProjectParticipation)
class DonorProjectParticipationAdmin(ParticipationAdmin):
    list_display = ("donor_project", "organization", "role", "note")
    list_select_related = ("donor_project", "organization")
    autocomplete_fields = ("donor_project", "organization", "source")
    search_fields = (
        *ParticipationAdmin.organization_search_fields,
        *translated("name", via="donor_project"),
    )


@admin.register(DonorProjectStatusReport)
class DonorProjectStatusReportAdmin(StatusReportAdmin):
    list_display = ("donor_project", "status", "as_of", "source")
    list_select_related = ("donor_project", "source")
    autocomplete_fields = ("donor_project", "source")
    search_fields = ("quote", "source__title", *translated("name", via="donor_project"))
