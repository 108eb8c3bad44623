from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Textarea
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from initiatives import territory_bulk
from initiatives.admin.base import CitationInline, RecordAdmin
from initiatives.localized import format_number
from initiatives.models import Territory, TerritoryCitation, Topic, TopicCitation
from initiatives.models.places import placements


class TerritoryCitationInline(CitationInline):
    model = TerritoryCitation


class TopicCitationInline(CitationInline):
    model = TopicCitation


class TerritoryListForm(forms.Form):
    """A CSV list of new territories, pasted or uploaded (initiatives/territory_bulk.py)."""

    text = forms.CharField(
        label=_("The list, as CSV"),
        required=False,
        strip=False,
        max_length=territory_bulk.MAX_CHARACTERS,
        widget=Textarea(attrs={"rows": 15, "cols": 100, "spellcheck": "false"}),
    )
    upload = forms.FileField(label=_("or a CSV file"), required=False)
    publish = forms.BooleanField(
        label=_("Publish them at once"),
        required=False,
        help_text=_("Otherwise they are added as drafts, and the public sees them once published."),
    )

    def clean(self):
        cleaned_data = super().clean()
        text, upload = cleaned_data.get("text", ""), cleaned_data.get("upload")
        if self.errors:
            return cleaned_data
        if text.strip() and upload:
            raise ValidationError(_("Paste the list or choose a file, not both."), code="both")
        if upload:
            text = self.read_upload(upload)
        if not text.strip():
            raise ValidationError(_("Paste the list or choose a file."), code="empty")
        try:
            self.levels = territory_bulk.read(text)
        except territory_bulk.Refused as refused:
            raise ValidationError(refused.messages, code="refused") from None
        return cleaned_data

    def read_upload(self, upload):
        # UTF-8 characters take up to four bytes: a file within this size fits the list's cap.
        if upload.size > 4 * territory_bulk.MAX_CHARACTERS:
            raise ValidationError(
                _("The file is larger than %(size)s bytes: split it."),
                code="too_large",
                params={"size": format_number(4 * territory_bulk.MAX_CHARACTERS)},
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not UTF-8 text: save it as “CSV UTF-8”."), code="encoding"
            ) from None


@admin.register(Territory)
class TerritoryAdmin(RecordAdmin):
    list_display = ("__str__", "kind", "parent", "iso_code", "is_published")
    list_filter = ("kind", "is_published")
    list_select_related = ("parent",)
    search_fields = (*RecordAdmin.search_fields, "iso_code")
    autocomplete_fields = ("parent",)
    inlines = (TerritoryCitationInline,)
    change_list_template = "admin/initiatives/territory/change_list.html"

    def get_urls(self):
        add_many = path(
            "add-many/",
            self.admin_site.admin_view(self.add_many_view),
            name="initiatives_territory_add_many",
        )
        return [add_many, *super().get_urls()]

    def add_many_view(self, request):
        """Many territories at once, from a CSV list: all of them or, with any problem, none."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TerritoryListForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            count = territory_bulk.write(
                form.levels, request.user, publish=form.cleaned_data["publish"]
            )
            self.message_user(request, territory_bulk.added_message(count), messages.SUCCESS)
            return redirect(reverse("admin:initiatives_territory_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Add territories from a list"),
            "opts": self.model._meta,
            "form": form,
            "columns": ", ".join(territory_bulk.COLUMNS),
            "kinds": Territory.Kind.choices,
            "placements": placements(),
            "max_rows": format_number(territory_bulk.MAX_ROWS),
        }
        return TemplateResponse(request, "admin/initiatives/territory/add_many.html", context)


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    inlines = (TopicCitationInline,)
