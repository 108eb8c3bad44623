"""Building blocks shared by the registry's admin pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import Textarea
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from translated_fields import TranslatedFieldAdmin

from initiatives import concurrency
from initiatives.export_files import fixture_text
from initiatives.exports import export_records
from initiatives.models.base import translated
from initiatives.visibility import STAFF


class RegistryForm(forms.ModelForm):
    """Every registry admin form carries the state of the record it was opened from, and is
    refused if the record changed since (initiatives/concurrency.py)."""

    edited_from = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["edited_from"] = concurrency.token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            refusal = concurrency.conflict(self.instance, cleaned_data.get("edited_from"))
            if refusal:
                raise ValidationError(refusal, code="stale")
        return cleaned_data


class RegistryAdmin(TranslatedFieldAdmin, SimpleHistoryAdmin):
    """Every registry admin: change history with its author, language codes on field labels,
    and no edit saved over another's (RegistryForm)."""

    form = RegistryForm

    formfield_overrides = {
        # Each text comes in three languages: keep the three boxes within one screen.
        models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 80})},
        # An address typed without a scheme is taken as https, Django 6's default.
        models.URLField: {"assume_scheme": "https"},
    }
    actions = ("export_fixture",)

    def get_fieldsets(self, request, obj=None):
        # Declared fieldsets name the model's fields only: the form's state goes in the first.
        fieldsets = super().get_fieldsets(request, obj)
        (name, options), *rest = fieldsets
        if "edited_from" in flatten_fieldsets(fieldsets):
            return fieldsets
        return [(name, {**options, "fields": (*options["fields"], "edited_from")}), *rest]

    @admin.action(description=_("Export selected as fixture"), permissions=["view"])
    def export_fixture(self, request, queryset):
        """The selected records with everything they reference, as exports.py writes them."""
        export = export_records(list(queryset), reader=STAFF)
        response = HttpResponse(fixture_text(export), content_type="application/json")
        name = f"{self.model._meta.model_name}-selection.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RecordAdmin(RegistryAdmin):
    """Admin for a published record: search by slug and every language, publish in bulk."""

    list_display = ("__str__", "slug", "is_published", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("slug", *translated("name"))
    readonly_fields = ("created_at", "updated_at")
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


class CitationInline(admin.TabularInline):
    """The sources a record cites, each with its quote. Concrete classes set `model`."""

    fields = ("source", "quote")
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name = _("citation")
    verbose_name_plural = _("citations (sources with the quote that states the fact)")


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

    fields = ("organization", "role", "note", "source", "quote")
    autocomplete_fields = ("organization", "source")
    extra = 0


class ParticipationAdmin(RegistryAdmin):
    """Organizations in their roles across every initiative, event or project of one kind.

    Concrete classes name the owner (`initiative`, `event`, `donor_project`) in each option.
    """

    list_filter = ("role", ("organization", admin.RelatedOnlyFieldListFilter))
    organization_search_fields = (
        "note",
        *translated("name", via="organization"),
        *translated("acronym", via="organization"),
    )
