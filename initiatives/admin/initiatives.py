from django.contrib import admin
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from initiatives.admin.base import (
    FIGURE_INPUTS,
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
from initiatives.admin.coverage import coverage_summary
from initiatives.models import (
    Indicator,
    IndicatorCitation,
    Initiative,
    InitiativeCitation,
    InitiativeParticipation,
    InitiativeStatusReport,
    Measurement,
)
from initiatives.progress import render_progress
from initiatives.rollup import render_rollup, rollup_of
from initiatives.visibility import STAFF


def progress_of(indicators):
    """One progress bar per indicator, the same markup as on the public page."""
    return (
        format_html_join(
            "",
            '<div class="indicator-progress"><strong>{}</strong> {}</div>',
            ((indicator.name, render_progress(indicator)) for indicator in indicators),
        )
        or "—"
    )


class InitiativeCitationInline(CitationInline):
    model = InitiativeCitation


class IndicatorCitationInline(CitationInline):
    model = IndicatorCitation


class InitiativeParticipationInline(ParticipationInline):
    model = InitiativeParticipation


class IndicatorInline(admin.StackedInline):
    model = Indicator
    fields = (
        "slug",
        translated("name"),
        translated("unit"),
        "counts_members",
        ("baseline_value", "baseline_date", "ascending", "counts_whole_things"),
        ("target_value", "target_date"),
        "progress",
    )
    readonly_fields = ("progress",)
    extra = 0
    show_change_link = True
    formfield_overrides = FIGURE_INPUTS

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress(STAFF)

    @admin.display(description=_("progress"))
    def progress(self, indicator):
        return render_progress(indicator) if indicator.pk else "—"


class InitiativeStatusReportInline(StatusReportInline):
    model = InitiativeStatusReport


@admin.register(Initiative)
class InitiativeAdmin(ReportedStatusAdmin):
    list_display = ("__str__", "kind", "status", "progress", "parent", "is_published")
    list_filter = ("kind", StatusFilter, NeedsNewerSourceFilter, "is_published", "topics")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "territories", "topics", "donor_projects", "documents")
    readonly_fields = (*RecordAdmin.readonly_fields, "status", "progress", "rollup", "coverage")
    fieldsets = (
        (None, {"fields": ("slug", "is_published", *translated("name"), "kind", "status")}),
        (_("Progress"), {"fields": ("progress", "rollup")}),
        (_("Member territories"), {"fields": ("coverage",)}),
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
            _("Dates"),
            {"fields": (("planned_start", "planned_end"), ("actual_start", "actual_end"))},
        ),
        (
            _("Links"),
            {"fields": ("parent", "territories", "topics", "donor_projects", "documents")},
        ),
        (_("Record"), {"fields": ("created", "updated"), "classes": ("collapse",)}),
    )
    inlines = (
        InitiativeStatusReportInline,
        IndicatorInline,
        InitiativeParticipationInline,
        InitiativeCitationInline,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress(STAFF)

    @admin.display(description=_("progress"))
    def progress(self, initiative):
        if not initiative.pk:
            return "—"
        # The change form's record comes with its indicators' progress (get_queryset); a
        # version shown from the history comes without, and gets it here.
        prefetch_related_objects(
            [initiative], Prefetch("indicators", queryset=Indicator.objects.for_list(STAFF))
        )
        return progress_of(initiative.indicators.all())

    @admin.display(description=_("progress of its parts"))
    def rollup(self, initiative):
        found = rollup_of(initiative) if initiative.pk else None
        if found is None:
            return "—"
        # Staff see drafts everywhere else: say why a draft part is missing here.
        return format_html(
            '{}<p class="help">{}</p>',
            render_rollup(found),
            _(
                "Only published parts count, and only values from published sources: this is "
                "what the public sees."
            ),
        )

    @admin.display(description=_("coverage"))
    def coverage(self, initiative):
        # Read after `progress` has prefetched the indicators, on the form and in history.
        return coverage_summary(initiative)


class MeasurementInline(admin.TabularInline):
    model = Measurement
    fields = ("value", "confirmed", "as_of", *translated("note"), "source", "quote")
    autocomplete_fields = ("source",)
    extra = 0
    formfield_overrides = FIGURE_INPUTS


@admin.register(Indicator)
class IndicatorAdmin(RegistryAdmin):
    list_display = ("__str__", "target_value", "target_date", "progress")
    list_select_related = ("initiative",)
    search_fields = (
        "slug",
        *translated("name"),
        *translated("name", via="initiative"),
    )
    autocomplete_fields = ("initiative",)
    readonly_fields = ("progress",)
    inlines = (MeasurementInline, IndicatorCitationInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress(STAFF)

    @admin.display(description=_("progress"))
    def progress(self, indicator):
        return render_progress(indicator) if indicator.pk else "—"


@admin.register(Measurement)
class MeasurementAdmin(RegistryAdmin):
    list_display = ("indicator", "value", "confirmed", "as_of", "source")
    list_select_related = ("indicator__initiative", "source")
    search_fields = ("quote", *translated("name", via="indicator"))
    autocomplete_fields = ("indicator", "source")


@admin.register(InitiativeParticipation)
class InitiativeParticipationAdmin(ParticipationAdmin):
    list_display = ("initiative", "organization", "role", "note")
    list_select_related = ("initiative", "organization")
    autocomplete_fields = ("initiative", "organization", "source")
    search_fields = (
        *ParticipationAdmin.organization_search_fields,
        *translated("name", via="initiative"),
    )


@admin.register(InitiativeStatusReport)
class InitiativeStatusReportAdmin(StatusReportAdmin):
    list_display = ("initiative", "status", "as_of", "source")
    list_select_related = ("initiative", "source")
    autocomplete_fields = ("initiative", "source")
    search_fields = ("quote", "source__title", *translated("name", via="initiative"))
