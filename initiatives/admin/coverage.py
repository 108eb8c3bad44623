"""Memberships in the admin: an editor enters a rollout place by place, and finds them by
initiative, kind of territory and year joined.

An initiative may have hundreds of member territories, so they have their own list, never an
inline on the initiative's form; that form shows what they add up to (`coverage_summary`).
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives import clock, coverage
from initiatives.admin.base import RegistryAdmin, translated
from initiatives.models import Territory, TerritoryMembership
from initiatives.visibility import STAFF


class AutocompleteFilter(admin.FieldListFilter):
    """Filter by one record of a relation with many (hundreds of initiatives), chosen in an
    autocomplete box instead of a list of every record."""

    template = "admin/initiatives/autocomplete_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.parameter = f"{field_path}__{field.target_field.name}__exact"
        super().__init__(field, request, params, model, model_admin, field_path)
        # The base class took the parameter out of `params` into `used_parameters`.
        self.value = self.used_parameters.get(self.parameter)
        if isinstance(self.value, list):
            self.value = self.value[-1]
        # Through the form field, which gives the widget its choices (only the chosen record
        # is read: the box asks the server for the others as the editor types).
        self.widget = field.formfield(
            widget=AutocompleteSelect(field, model_admin.admin_site), required=False
        ).widget
        self.kept = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in (self.parameter, "p")
            for value in values
        ]

    def expected_parameters(self):
        return [self.parameter]

    def has_output(self):
        return True

    def choices(self, changelist):
        # The template shows the box; "All" clears the choice.
        yield {
            "selected": self.value is None,
            "query_string": changelist.get_query_string(remove=[self.parameter]),
            "display": _("All"),
        }

    def box(self):
        try:
            value = int(self.value) if self.value else None
        except ValueError:
            value = None
        return self.widget.render(self.parameter, value, attrs={"id": f"filter-{self.parameter}"})

    def queryset(self, request, queryset):
        if not self.value:
            return queryset
        try:
            return queryset.filter(**{self.parameter: int(self.value)})
        except ValueError:
            return queryset.none()


class JoinedYearFilter(admin.SimpleListFilter):
    title = _("year joined")
    parameter_name = "joined_year"

    def lookups(self, request, model_admin):
        years = (
            TerritoryMembership.objects.order_by("joined__year")
            .values_list("joined__year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            return queryset.filter(joined__year=int(self.value()))
        except ValueError:
            return queryset.none()


@admin.register(TerritoryMembership)
class TerritoryMembershipAdmin(RegistryAdmin):
    list_display = ("territory", "initiative", "joined", "left", "source")
    list_select_related = ("initiative", "territory", "source")
    list_filter = (
        ("initiative", AutocompleteFilter),
        "territory__kind",
        JoinedYearFilter,
    )
    search_fields = (
        *translated("name", via="territory"),
        *translated("name", via="initiative"),
        "quote",
    )
    autocomplete_fields = ("initiative", "territory", "source")
    fields = ("initiative", "territory", ("joined", "left"), "source", "quote")

    @property
    def media(self):
        # The filter's box is an autocomplete widget: its scripts on the list too.
        return super().media + AutocompleteSelect(None, self.admin_site).media


def coverage_summary(initiative):
    """What an initiative's memberships add up to, for its change form: the members now, by
    each kind its coverage indicators count, and the typed values that disagree (the first
    few, with how many)."""
    if initiative.pk is None:
        return "—"
    today = clock.today()
    indicators = [
        indicator for indicator in initiative.indicators.all() if indicator.counts_members
    ]
    kinds = dict.fromkeys(indicator.counts_members for indicator in indicators)
    derived = [
        (
            Territory.Kind(kind).label,
            coverage.members_as_of(STAFF, initiative, today, kind),
        )
        for kind in kinds
    ]
    shown, total = coverage.conflicts(STAFF, initiative) if indicators else ([], 0)
    members_url = reverse("admin:initiatives_territorymembership_changelist")
    return render_to_string(
        "admin/initiatives/coverage_summary.html",
        {
            "members": coverage.members_as_of(STAFF, initiative, today),
            "derived": derived,
            "conflicts": shown,
            "conflict_count": total,
            "members_url": f"{members_url}?initiative__id__exact={initiative.pk}",
            # The add form starts with the initiative (the admin reads fields from the query).
            "add_url": reverse("admin:initiatives_territorymembership_add")
            + f"?initiative={initiative.pk}",
        },
    )
