"""Building blocks shared by the registry's admin pages."""

import dataclasses
import datetime
import functools
from contextlib import suppress
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import Paginator
from django.db import models
from django.forms import Textarea
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from translated_fields import TranslatedFieldAdmin
from translated_fields.fields import show_language_code

from initiatives import clock, concurrency
from initiatives.admin.wording import WordingAdmin
from initiatives.export_files import fixture_text
from initiatives.exports import export_records
from initiatives.grammar import field_label
from initiatives.history import one_deletion
from initiatives.localized import format_datetime, format_number
from initiatives.models.base import translated
from initiatives.partial_dates import PartialDate, PartialDateField, UncertainDate
from initiatives.restore import RestoreRefused, restore
from initiatives.statuses import render_status
from initiatives.visibility import STAFF


def shown(value):
    """A figure, a partial date or a moment as the reader's language writes it
    (initiatives/localized.py); any other value as it is."""
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, PartialDate | UncertainDate):
        return value.display()
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    return value


# Fields whose values Django's admin would print as stored: "484.0000", "2020-06", and in Kyrgyz
# "25 Февраль 2020 ж. 19:05".
LOCALIZED_FIELDS = (models.DecimalField, PartialDateField, models.DateTimeField)


@functools.cache
def localized_column(model, name):
    """The list column `name` of `model`: for a figure, a partial date or a moment, a column
    that shows it as the reader's language writes it, sorted and titled as the field itself."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if not isinstance(field, LOCALIZED_FIELDS):
        return name

    def column(record):
        value = getattr(record, field.attname)
        return None if value is None else shown(value)  # None: the admin's empty mark

    column.__name__ = name  # the column keeps its CSS class, field-<name>
    return admin.display(description=field.verbose_name, ordering=name)(column)


class FigureInput(forms.NumberInput):
    """A figure's input shows it as typed, "484", not at its stored precision "484.0000". A
    number input takes a dot whatever the language: the value is not localized."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        return super().format_value(value)


# For every admin form and inline that edits a figure.
FIGURE_INPUTS = {models.DecimalField: {"widget": FigureInput}}


class RegistryForm(forms.ModelForm):
    """Every registry admin form carries the state of the record it was opened from, and is
    refused if the record changed since (initiatives/concurrency.py)."""

    edited_from = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            # A deleted record's last version, shown to be restored, has no stored state.
            with suppress(ObjectDoesNotExist):
                self.initial["edited_from"] = concurrency.token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            refusal = concurrency.conflict(self.instance, cleaned_data.get("edited_from"))
            if refusal:
                raise ValidationError(refusal, code="stale")
        return cleaned_data


class LabelledChanges(HistoricalRecordContextHelper):
    """A change in the history names its field as the form does, and a text's language as a
    word: «Описание (русский)»."""

    def format_delta_change(self, change):
        formatted = super().format_delta_change(change)
        field = self.model._meta.get_field(change.field)
        return dataclasses.replace(formatted, field=field_label(field))

    def prepare_delta_change_value(self, change, value):
        # The old and the new value as the reader's language writes them: "7,5 → 8", not
        # "7.5000 → 8.0000".
        return shown(super().prepare_delta_change_value(change, value))


class RegistryAdmin(WordingAdmin, TranslatedFieldAdmin, SimpleHistoryAdmin):
    """Every registry admin: titles and counts in the reader's grammar (wording.py), change
    history with its author, language codes on field labels, no edit saved over another's
    (RegistryForm), and any version restored, inline rows included, also of a deleted record
    (initiatives/restore.py)."""

    form = RegistryForm
    change_list_template = "admin/registry_change_list.html"

    formfield_overrides = {
        # Each text comes in three languages: keep the three boxes within one screen.
        models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 80})},
        # An address typed without a scheme is taken as https, Django 6's default.
        models.URLField: {"assume_scheme": "https"},
        **FIGURE_INPUTS,
    }
    actions = ("export_fixture",)

    def get_fields(self, request, obj=None):
        # The model declares its registry's translations before the texts, for the exports;
        # the form shows the boxes after the texts they mark.
        fields = list(super().get_fields(request, obj))
        if "registry_translations" in fields:
            fields.remove("registry_translations")
            columns = self.model._meta.get_field("registry_translations").columns
            after = max(
                (fields.index(column) for column in columns if column in fields), default=-1
            )
            fields.insert(after + 1, "registry_translations")
        return fields

    def get_fieldsets(self, request, obj=None):
        # Declared fieldsets name the model's fields only: the form's state goes in the first.
        fieldsets = super().get_fieldsets(request, obj)
        (name, options), *rest = fieldsets
        if "edited_from" in flatten_fieldsets(fieldsets):
            return fieldsets
        return [(name, {**options, "fields": (*options["fields"], "edited_from")}), *rest]

    def get_list_display(self, request):
        return [
            name if name in self.list_editable else localized_column(self.model, name)
            for name in super().get_list_display(request)
        ]

    def get_urls(self):
        opts = self.model._meta
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name=f"{opts.app_label}_{opts.model_name}_deleted",
        )
        return [deleted, *super().get_urls()]

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledChanges(self.model, historical_record)

    def delete_model(self, request, obj):
        with one_deletion():
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with one_deletion():
            super().delete_queryset(request, queryset)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version; its "Restore" button puts back the record, its links and rows."""
        if request.method != "POST" or "_restore" not in request.POST:
            # Its form labels each text with its language, as the change form does
            # (simple-history renders the page here).
            with show_language_code(True):
                return super().history_form_view(request, object_id, version_id, extra_context)
        opts = self.model._meta
        version = get_object_or_404(
            self.model.history.model, **{opts.pk.attname: object_id, "history_id": version_id}
        )
        if not (self.has_change_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        try:
            record = restore(version, request.user)
        except RestoreRefused as refusal:
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(request.path)
        self.message_user(
            request,
            gettext("“%(record)s” is restored as it was on %(date)s.")
            % {"record": record, "date": format_datetime(version.history_date)},
            messages.SUCCESS,
        )
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return redirect(change)

    def deleted_view(self, request):
        """Deleted records of this kind, latest first, each with its last version to restore."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        versions = (
            self.model.history.latest_of_each()
            .filter(history_type="-")
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        page = Paginator(versions, self.list_per_page).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Deleted records: %(kind)s") % {"kind": opts.verbose_name_plural},
            "opts": opts,
            "page": page,
            "version_url": f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        }
        return TemplateResponse(request, "admin/deleted_records.html", context)

    @admin.action(description=_("Export selected as fixture"), permissions=["view"])
    def export_fixture(self, request, queryset):
        """The selected records with everything they reference, as exports.py writes them."""
        export = export_records(list(queryset), reader=STAFF)
        response = HttpResponse(fixture_text(export), content_type="application/json")
        name = f"{self.model._meta.model_name}-selection.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PublishedAdmin(RegistryAdmin):
    """Admin for a record that keeps when it was created and changed (models.base.Published):
    both read-only, written as the reader's language writes a moment."""

    readonly_fields = ("created", "updated")

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, record):
        return format_datetime(record.created_at) or self.get_empty_value_display()

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, record):
        return format_datetime(record.updated_at) or self.get_empty_value_display()


class RecordAdmin(PublishedAdmin):
    """Admin for a published record: search by slug and every language, publish in bulk."""

    list_display = ("__str__", "slug", "is_published", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("slug", *translated("name"))
    prepopulated_fields = {"slug": ("name_ru",)}
    actions = (*RegistryAdmin.actions, "publish", "unpublish")
    list_per_page = 50

    @admin.action(description=_("Publish selected records"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish selected records"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        # Saved one by one so that every change lands in the history with its author.
        changed = 0
        for record in queryset.exclude(is_published=published):
            record.is_published = published
            record.save(update_fields=["is_published", "updated_at"])
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d record updated.", "%(count)d records updated.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )


class StatusReportInline(admin.TabularInline):
    """What each source said of the record's status, and as of when; the latest is its status.
    Concrete classes set `model`."""

    fields = ("status", "as_of", "source", "quote")
    autocomplete_fields = ("source",)
    extra = 0


class StatusFilter(admin.SimpleListFilter):
    """By the status of the latest report (the read model's `reported_status`)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return (
            model_admin.model._meta.get_field("status_reports")
            .related_model._meta.get_field("status")
            .choices
        )

    def queryset(self, request, queryset):
        return queryset.reported(self.value()) if self.value() else queryset


class NeedsNewerSourceFilter(admin.SimpleListFilter):
    """Staff's queue of records that need a newer source: no status report, a latest report
    more than two years old, an initiative overdue, an event planned for a date that passed."""

    title = _("needs a newer source")
    parameter_name = "needs"
    # Older than this, a report is due for a newer source.
    YEARS = 2

    def lookups(self, request, model_admin):
        choices = [
            ("unreported", _("no source gives the status")),
            ("old", _("last reported more than two years ago")),
        ]
        if hasattr(model_admin.model.objects, "overdue"):
            choices.append(("overdue", _("overdue: a target date passed without the target")))
        if hasattr(model_admin.model.objects, "plan_passed"):
            choices.append(("plan_passed", _("planned, no report that it took place")))
        return choices

    def queryset(self, request, queryset):
        match self.value():
            case "unreported":
                return queryset.unreported()
            case "old":
                return queryset.reported_before(clock.years_ago(self.YEARS))
            case "overdue":
                return queryset.overdue(STAFF)
            case "plan_passed":
                return queryset.plan_passed()
        return queryset


class ReportedStatusAdmin(RecordAdmin):
    """A record whose status comes from its reports: read with the latest, shown as on the
    public page (initiatives/statuses.py)."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_status(STAFF)

    @admin.display(description=_("status"), ordering="reported_status")
    def status(self, record):
        if not hasattr(record, "latest_reports"):  # a version shown from the history
            return "—"
        return render_status(record)


class StatusReportAdmin(RegistryAdmin):
    """Every status report of one kind of record: what each source said, and as of when.
    Concrete classes name the owner in `list_display` and the search fields."""

    list_filter = ("status", ("source", admin.RelatedOnlyFieldListFilter))
    autocomplete_fields = ("source",)


class CitationInline(admin.TabularInline):
    """The sources a record cites, each with its quote. Concrete classes set `model`."""

    fields = ("source", "quote")
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name = _("citation")
    verbose_name_plural = _("citations (sources with the quote that states the fact)")
    add_text = _("Add citation")


class CitationAdmin(RegistryAdmin):
    """Every citation of one kind of record: find the facts taken from a source or a quote."""

    list_display = ("record", "source", "quote")
    list_filter = (("source", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("record", "source")
    search_fields = (
        "quote",
        "source__title",
        *translated("name", via="record"),
    )
    autocomplete_fields = ("record", "source")


class ParticipationInline(admin.TabularInline):
    """Organizations in their roles. Concrete classes set `model`."""

    fields = ("organization", "role", *translated("note"), "source", "quote")
    autocomplete_fields = ("organization", "source")
    extra = 0


class ParticipationAdmin(RegistryAdmin):
    """Organizations in their roles across every initiative, event or project of one kind.

    Concrete classes name the owner (`initiative`, `event`, `donor_project`) in each option.
    """

    list_filter = ("role", ("organization", admin.RelatedOnlyFieldListFilter))
    organization_search_fields = (
        *translated("note"),
        *translated("name", via="organization"),
        *translated("acronym", via="organization"),
    )
