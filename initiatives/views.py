"""The public pages, every one readable without JavaScript.

What a page shows is its reader's (initiatives/visibility.py): the public sees published records
and nothing resting on a draft; signed-in staff also see drafts, marked. Each view reads its
records through its QuerySet's read model (`for_list()`, `for_page()`), so a page costs the same
number of queries however many rows it shows (tests/test_page_queries.py pins the counts).
"""

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from initiatives import filters, models
from initiatives.citations import cited_facts
from initiatives.models.choices import ActivityStatus
from initiatives.visibility import reader_for

# The home page is a summary: each of its lists links to the full, filtered list.
HOME_LIST_LENGTH = 10


class ReaderMixin:
    @cached_property
    def reader(self):
        return reader_for(self.request)


class HomeView(ReaderMixin, TemplateView):
    template_name = "initiatives/home.html"

    def get_context_data(self, **kwargs):
        initiatives = models.Initiative.objects.visible_to(self.reader)
        by_status = dict(
            initiatives.order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
            .values_list("status", "count")
        )
        events = models.Event.objects.for_list(self.reader)
        this_year = timezone.localdate().year
        return super().get_context_data(
            statuses=[
                (status, label, by_status[status])
                for status, label in ActivityStatus.choices
                if status in by_status
            ],
            initiative_count=sum(by_status.values()),
            events_this_year=events.filter(start__year=this_year).count(),
            this_year=this_year,
            organization_count=models.Organization.objects.visible_to(self.reader).count(),
            in_progress=initiatives.under_way().with_progress(self.reader)[:HOME_LIST_LENGTH],
            recent_events=events.filter(status=models.Event.Status.HELD).order_by("-start")[:5],
            upcoming_events=events.filter(status=models.Event.Status.PLANNED).order_by("start")[:5],
            **kwargs,
        )


class RecordListView(ReaderMixin, FilterView):
    """A filtered, sorted, paginated list; the filters travel in the query string."""

    paginate_by = 20
    default_ordering = ("name_ru",)
    # An invalid filter shows its error and an empty list, not the unfiltered registry.
    strict = True

    def get_queryset(self):
        model = self.filterset_class._meta.model
        return model.objects.for_list(self.reader).order_by(*self.default_ordering)

    def get_template_names(self):
        return [f"initiatives/{self.filterset_class._meta.model._meta.model_name}_list.html"]

    def get_context_data(self, **kwargs):
        heading = self.filterset_class._meta.model._meta.verbose_name_plural
        return super().get_context_data(heading=heading, **kwargs)


class InitiativeListView(RecordListView):
    filterset_class = filters.InitiativeFilterSet


class EventListView(RecordListView):
    filterset_class = filters.EventFilterSet
    default_ordering = ("-start", "slug")


class OrganizationListView(RecordListView):
    filterset_class = filters.OrganizationFilterSet


class DonorProjectListView(RecordListView):
    filterset_class = filters.DonorProjectFilterSet


class PersonListView(RecordListView):
    filterset_class = filters.PersonFilterSet


class DocumentListView(RecordListView):
    filterset_class = filters.DocumentFilterSet
    default_ordering = ("-issued_on", "slug")


class TerritoryListView(RecordListView):
    filterset_class = filters.TerritoryFilterSet


class TopicListView(RecordListView):
    filterset_class = filters.TopicFilterSet


class SourceListView(RecordListView):
    filterset_class = filters.SourceFilterSet
    default_ordering = ("-published_on", "slug")


class RecordDetailView(ReaderMixin, DetailView):
    """A record by its slug, as its page shows it (`for_page()` of its QuerySet).

    The public gets 404 for a draft or an unknown slug; staff preview a draft, marked as such.
    """

    def get_queryset(self):
        return self.model.objects.for_page(self.reader)

    def get_template_names(self):
        return [f"initiatives/{self.model._meta.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(draft=self.reader.marks_draft(self.object), **kwargs)


class InitiativeView(RecordDetailView):
    model = models.Initiative

    def get_context_data(self, **kwargs):
        return super().get_context_data(timeline=timeline(self.object), **kwargs)


def timeline(initiative):
    """The initiative's events and measurements in date order; undated entries last."""
    entries = [("event", event.start, event) for event in initiative.events.all()]
    entries += [
        ("measurement", measurement.as_of, measurement)
        for indicator in initiative.indicators.all()
        for measurement in indicator.measurements.all()
    ]
    last = datetime.date.max.isoformat()
    return sorted(entries, key=lambda entry: entry[1].isoformat() if entry[1] else last)


class OrganizationView(RecordDetailView):
    model = models.Organization


class EventView(RecordDetailView):
    model = models.Event


class EventSeriesView(RecordDetailView):
    model = models.EventSeries


class DonorProjectView(RecordDetailView):
    model = models.DonorProject


class PersonView(RecordDetailView):
    """A person's public record: posts and events. Contact details are for staff only."""

    model = models.Person


class DocumentView(RecordDetailView):
    model = models.Document


class TerritoryView(RecordDetailView):
    model = models.Territory


class TopicView(RecordDetailView):
    model = models.Topic


class SourceView(RecordDetailView):
    model = models.Source

    def get_context_data(self, **kwargs):
        return super().get_context_data(facts=cited_facts(self.object, self.reader), **kwargs)
