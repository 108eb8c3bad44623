"""The public pages, every one readable without JavaScript.

What a page shows is its reader's (initiatives/visibility.py): the public sees published records
and nothing resting on a draft; signed-in staff also see drafts, marked. Each view reads its
records through its QuerySet's read model (`for_list()`, `for_page()`), so a page costs the same
number of queries however many rows it shows (tests/test_page_queries.py pins the counts).
"""

import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from initiatives import coverage, filters, iati, models, overview, prefetches, rollup
from initiatives.citations import cited_facts, fact_models, facts_of, with_subjects
from initiatives.models.base import name_in_language
from initiatives.models.remarks import NEWEST_FIRST
from initiatives.paging import BoundedPaginator, FirstRowsPaginator, KeptOrder
from initiatives.partial_dates import chronological
from initiatives.prefetches import SHOWN
from initiatives.visibility import reader_for


class ReaderMixin:
    paginator_class = BoundedPaginator  # a long list and its deep pages stay cheap

    @cached_property
    def reader(self):
        return reader_for(self.request)


class HomeView(ReaderMixin, TemplateView):
    template_name = "initiatives/home.html"

    def get_context_data(self, **kwargs):
        # The figures and which records head each list are worked out once per registry
        # version (initiatives/overview.py); the page reads only the records it lists.
        figures = overview.figures(self.reader, self.request)
        by_status = figures["by_status"]
        events = models.Event.objects.for_list(self.reader)
        return super().get_context_data(
            statuses=overview.statuses(by_status),
            unreported=by_status.get(None, 0),
            initiative_count=sum(by_status.values()),
            event_count=figures["events"],
            latest_report=overview.as_date(figures["latest_report"]),
            organization_count=figures["organizations"],
            in_progress=overview.in_order(
                models.Initiative.objects.visible_to(self.reader).with_progress(self.reader),
                figures["in_progress"],
            ),
            recent_events=overview.in_order(events, figures["recent_events"]),
            upcoming_events=overview.in_order(
                events, overview.upcoming_event_ids(self.reader, self.request)
            ),
            **kwargs,
        )


class RecordListView(ReaderMixin, FilterView):
    """A filtered, sorted, paginated list; the filters travel in the query string."""

    paginate_by = 20
    paginator_class = FirstRowsPaginator  # its first 1,000 rows; then a filter, not a page
    # By name in the reader's language (indexed per language), unless a list says otherwise.
    default_ordering = None
    # An invalid filter shows its error and an empty list, not the unfiltered registry.
    strict = True

    def get_queryset(self):
        model = self.filterset_class._meta.model
        ordering = self.default_ordering or (name_in_language(), "slug")
        return model.objects.for_list(self.reader).order_by(*ordering)

    def get_template_names(self):
        return [f"initiatives/{self.filterset_class._meta.model._meta.model_name}_list.html"]

    def get_context_data(self, **kwargs):
        heading = self.filterset_class._meta.model._meta.verbose_name_plural
        return super().get_context_data(
            heading=heading, active_filters=active_filters(self.filterset), **kwargs
        )


# A filter's value that asks nothing: empty, or the yes/no filters' "not asked".
UNASKED = ("", "unknown")


def active_filters(filterset):
    """How many filters the query string sets (the sort order is not one): shown on the
    folded filter panel, so a phone reader sees the list is filtered."""
    return sum(
        1
        for name in filterset.filters
        if name != "ordering" and filterset.data.get(name, "").strip() not in UNASKED
    )


class InitiativeListView(RecordListView):
    filterset_class = filters.InitiativeFilterSet


class EventListView(RecordListView):
    filterset_class = filters.EventFilterSet
    default_ordering = (chronological("-start"), "slug")


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
    """The tree of territories from its top: with no filter asked, the country, its oblasts and
    cities of republican significance; a search or a filter finds any territory. Each row says
    what lies within it, kind by kind."""

    filterset_class = filters.TerritoryFilterSet

    @cached_property
    def at_top(self):
        return not any(
            self.request.GET.get(name, "").strip() not in UNASKED
            for name in self.filterset_class.base_filters
            if name != "ordering"
        )

    def get_queryset(self):
        territories = super().get_queryset().with_children_by_kind(self.reader)
        if self.at_top:
            territories = territories.at_top().in_tree_order()
        return territories

    def get_context_data(self, **kwargs):
        return super().get_context_data(at_top=self.at_top, **kwargs)


class TopicListView(RecordListView):
    filterset_class = filters.TopicFilterSet


class SourceListView(RecordListView):
    filterset_class = filters.SourceFilterSet
    default_ordering = (chronological("-published_on"), "slug")


class StatementListView(RecordListView):
    filterset_class = filters.StatementFilterSet
    default_ordering = NEWEST_FIRST


class RecordDetailView(ReaderMixin, DetailView):
    """A record by its slug, as its page shows it (`for_page()` of its QuerySet).

    The public gets 404 for a draft or an unknown slug; staff preview a draft, marked as such.
    """

    def get_queryset(self):
        return self.model.objects.for_page(self.reader)

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        return self.model.objects.show_sections(record, self.reader)

    def get_template_names(self):
        return [f"initiatives/{self.model._meta.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(draft=self.reader.marks_draft(self.object), **kwargs)


class InitiativeView(RecordDetailView):
    model = models.Initiative

    def get_queryset(self):
        # Whether it has parts to roll up (initiatives/rollup.py) and member territories to
        # show, in the page's own query: the first member found says so (counting 4,000 would
        # cost the page more than the rest of its query; coverage.page_section counts them once
        # per version).
        members = prefetches.count_of(self.reader, self.model, "memberships", up_to=0)
        return (
            super()
            .get_queryset()
            .annotate(published_parts=rollup.published_parts(), has_memberships=members)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            timeline=timeline(self.object),
            rollup=rollup.rollup_of(self.object),
            membership=coverage.page_section(self.reader, self.object, self.request),
            **kwargs,
        )


# The initiative's own dates, as the timeline names them.
MILESTONES = ("planned_start", "actual_start", "planned_end", "actual_end")


def timeline(initiative):
    """The initiative's story, at most SHOWN entries in date order, undated ones last: its
    planned and actual start and end, its status reports, events, measurements and documents
    issued, each dated at its own precision. The page's read model gives the latest of each
    (prefetches.SHOWN)."""
    entries = [
        ("milestone", getattr(initiative, name), initiative._meta.get_field(name).verbose_name)
        for name in MILESTONES
        if getattr(initiative, name)
    ]
    entries += [("status", report.as_of, report) for report in initiative.status_reports_shown]
    entries += [("event", event.start, event) for event in initiative.events_shown]
    entries += [
        ("measurement", measurement.as_of, measurement)
        for indicator in initiative.indicators_shown
        for measurement in indicator.measurements_shown
    ]
    entries += [
        ("document", document.issued_on, document)
        for document in initiative.documents_shown
        if document.issued_on
    ]
    last = datetime.date.max.isoformat()
    entries.sort(key=lambda entry: entry[1].isoformat() if entry[1] else last)
    return entries[-SHOWN:]


class OrganizationView(RecordDetailView):
    model = models.Organization


class EventView(RecordDetailView):
    model = models.Event


class EventSeriesView(RecordDetailView):
    model = models.EventSeries


class DonorProjectView(RecordDetailView):
    model = models.DonorProject

    def get_queryset(self):
        # Whether the project is in the IATI export, to link it: in the page's own query.
        return super().get_queryset().annotate(is_iati_activity=iati.is_activity_flag(self.model))


class PersonView(RecordDetailView):
    """A person's public record: posts and events. Contact details are for staff only."""

    model = models.Person


class DocumentView(RecordDetailView):
    model = models.Document


class TerritoryView(RecordDetailView):
    model = models.Territory

    def get_context_data(self, **kwargs):
        trail, cut = self.object.trail(self.reader)
        return super().get_context_data(trail=trail, trail_cut=cut, **kwargs)


class TopicView(RecordDetailView):
    model = models.Topic


class StatementView(RecordDetailView):
    """What a person or an organization said, as its source reports it."""

    model = models.Statement


class SourceView(RecordDetailView):
    model = models.Source

    def get_context_data(self, **kwargs):
        facts = cited_facts(self.object, self.reader, shown=SHOWN, request=self.request)
        return super().get_context_data(facts=facts, **kwargs)


class SourceFactsView(ReaderMixin, ListView):
    """Every fact of one kind that a source supports, a page at a time."""

    paginate_by = 50
    template_name = "initiatives/source_facts.html"

    def get_queryset(self):
        self.source = get_object_or_404(
            models.Source.objects.visible_to(self.reader), slug=self.kwargs["slug"]
        )
        kinds = {model._meta.model_name: model for model in fact_models()}
        if self.kwargs["kind"] not in kinds:
            raise Http404
        self.fact_model = kinds[self.kwargs["kind"]]
        return facts_of(self.source, self.reader, self.fact_model)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(source=self.source, kind=self.fact_model, **kwargs)
        with_subjects(self.fact_model, context["object_list"])
        return context


class IndicatorView(ReaderMixin, ListView):
    """Every value of one indicator, newest first, a page at a time, with its progress."""

    paginate_by = 50
    paginator_class = Paginator  # the kept order's count is exact and costs nothing
    template_name = "initiatives/indicator_detail.html"

    def get_queryset(self):
        self.indicator = get_object_or_404(
            models.Indicator.objects.for_list(self.reader).select_related("initiative"),
            initiative__slug=self.kwargs["slug"],
            slug=self.kwargs["indicator"],
        )
        measurements = prefetches.rows(self.reader, models.Measurement, "source")
        values = measurements.filter(indicator=self.indicator).order_by("-as_of", "-pk")
        # A daily series has 10,000 values: the 200th page would skip 9,950 of them. The
        # order is kept per registry version instead, and a page read by key (paging.KeptOrder).
        name = f"values-order:{self.reader.name}:{self.indicator.pk}"
        return KeptOrder(values, name, self.request)

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicator=self.indicator, **kwargs)


class MembershipListView(ReaderMixin, ListView):
    """Every member territory of one initiative, by oblast, a page at a time."""

    paginate_by = 50
    paginator_class = Paginator  # the kept order's count is exact and costs nothing
    template_name = "initiatives/membership_list.html"

    def get_queryset(self):
        self.initiative = get_object_or_404(
            models.Initiative.objects.visible_to(self.reader), slug=self.kwargs["slug"]
        )
        return coverage.in_list_order(self.reader, self.initiative, self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(initiative=self.initiative, **kwargs)
        context["rows"] = coverage.list_page_rows(context["object_list"], self.reader)
        return context
