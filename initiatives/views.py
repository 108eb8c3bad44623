"""The public pages: published records only, every page readable without JavaScript.

Each view's queryset says what it joins, so a page costs the same number of queries however many
rows it shows (tests/test_pages.py pins the counts). Related records are shown only when they are
published too: a draft never leaks through a link from a published page.
"""

import datetime

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from initiatives import filters, models
from initiatives.citations import cited_facts
from initiatives.models.choices import ActivityStatus
from initiatives.prefetches import citations, linked, roles, rows

# The home page is a summary: each of its lists links to the full, filtered list.
HOME_LIST_LENGTH = 10


class HomeView(TemplateView):
    template_name = "initiatives/home.html"

    def get_context_data(self, **kwargs):
        initiatives = models.Initiative.objects.published()
        by_status = dict(
            initiatives.order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
            .values_list("status", "count")
        )
        events = models.Event.objects.published().select_related("territory", "series")
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
            organization_count=models.Organization.objects.published().count(),
            in_progress=initiatives.under_way().with_progress()[:HOME_LIST_LENGTH],
            recent_events=events.filter(status=models.Event.Status.HELD).order_by("-start")[:5],
            upcoming_events=events.filter(status=models.Event.Status.PLANNED).order_by("start")[:5],
            **kwargs,
        )


class RecordListView(FilterView):
    """A filtered, sorted, paginated list; the filters travel in the query string."""

    paginate_by = 20
    default_ordering = ("name_ru",)
    # An invalid filter shows its error and an empty list, not the unfiltered registry.
    strict = True

    def get_queryset(self):
        return self.filterset_class._meta.model.objects.published().order_by(*self.default_ordering)

    def get_template_names(self):
        return [f"initiatives/{self.filterset_class._meta.model._meta.model_name}_list.html"]

    def get_context_data(self, **kwargs):
        heading = self.filterset_class._meta.model._meta.verbose_name_plural
        return super().get_context_data(heading=heading, **kwargs)


class InitiativeListView(RecordListView):
    filterset_class = filters.InitiativeFilterSet

    def get_queryset(self):
        return super().get_queryset().with_progress()


class EventListView(RecordListView):
    filterset_class = filters.EventFilterSet
    default_ordering = ("-start", "slug")

    def get_queryset(self):
        return super().get_queryset().select_related("territory", "series")


class OrganizationListView(RecordListView):
    filterset_class = filters.OrganizationFilterSet


class DonorProjectListView(RecordListView):
    filterset_class = filters.DonorProjectFilterSet


class PersonListView(RecordListView):
    filterset_class = filters.PersonFilterSet


class DocumentListView(RecordListView):
    filterset_class = filters.DocumentFilterSet
    default_ordering = ("-issued_on", "slug")

    def get_queryset(self):
        return super().get_queryset().select_related("issuer")


class TerritoryListView(RecordListView):
    filterset_class = filters.TerritoryFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("parent")


class TopicListView(RecordListView):
    filterset_class = filters.TopicFilterSet


class SourceListView(RecordListView):
    filterset_class = filters.SourceFilterSet
    default_ordering = ("-published_on", "slug")

    def get_queryset(self):
        return super().get_queryset().select_related("publisher")


class RecordDetailView(DetailView):
    """A published record by its slug; drafts and unknown slugs are 404.

    Subclasses name what the page shows, as the API's viewsets do: `joins` for select_related,
    `prefetches()` for the related rows.
    """

    joins = ()

    def get_queryset(self):
        return (
            self.model.objects.published()
            .select_related(*self.joins)
            .prefetch_related(*self.prefetches())
        )

    def prefetches(self):
        return [citations(self.model)]

    def get_template_names(self):
        return [f"initiatives/{self.model._meta.model_name}_detail.html"]


class InitiativeView(RecordDetailView):
    model = models.Initiative

    joins = ("parent",)

    def prefetches(self):
        measurements = rows(models.Measurement, "source").order_by("as_of", "pk")
        return [
            *super().prefetches(),
            Prefetch(
                "indicators",
                queryset=models.Indicator.objects.with_progress().prefetch_related(
                    Prefetch("measurements", queryset=measurements),
                    citations(models.Indicator),
                ),
            ),
            linked("children", models.Initiative),
            roles(models.InitiativeParticipation),
            linked("territories", models.Territory),
            linked("topics", models.Topic),
            linked("donor_projects", models.DonorProject),
            linked("documents", models.Document, "issuer"),
            linked("events", models.Event, "territory", order=("start",)),
        ]

    def get_context_data(self, **kwargs):
        initiative = self.object
        parent = initiative.parent if initiative.parent and initiative.parent.is_published else None
        return super().get_context_data(parent=parent, timeline=timeline(initiative), **kwargs)


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

    joins = ("parent",)

    def prefetches(self):
        return [
            *super().prefetches(),
            Prefetch("other_names", queryset=rows(models.OrganizationName, "source")),
            Prefetch(
                "successions",
                queryset=rows(
                    models.OrganizationSuccession, "successor", "source", via=["successor"]
                ),
            ),
            Prefetch(
                "precessions",
                queryset=rows(
                    models.OrganizationSuccession, "predecessor", "source", via=["predecessor"]
                ),
            ),
            linked("children", models.Organization),
            Prefetch(
                "positions",
                queryset=rows(models.Position, "person", "source", via=["person"]).order_by(
                    "start", "in_office_on", "person__slug"
                ),
            ),
            Prefetch(
                "initiativeparticipation_set",
                queryset=rows(
                    models.InitiativeParticipation, "initiative", "source", via=["initiative"]
                ),
            ),
            Prefetch(
                "donorprojectparticipation_set",
                queryset=rows(
                    models.DonorProjectParticipation,
                    "donor_project",
                    "source",
                    via=["donor_project"],
                ),
            ),
            Prefetch(
                "eventparticipation_set",
                queryset=rows(models.EventParticipation, "event", "source", via=["event"]).order_by(
                    "event__start", "event__slug"
                ),
            ),
            linked("documents", models.Document),
        ]


class EventView(RecordDetailView):
    model = models.Event

    joins = ("territory", "series")

    def prefetches(self):
        return [
            *super().prefetches(),
            roles(models.EventParticipation),
            Prefetch(
                "attendances", queryset=rows(models.EventPerson, "person", "source", via=["person"])
            ),
            linked("topics", models.Topic),
            linked("documents", models.Document, "issuer"),
            linked("initiatives", models.Initiative),
            linked("donor_projects", models.DonorProject),
        ]


class EventSeriesView(RecordDetailView):
    model = models.EventSeries

    def prefetches(self):
        return [
            *super().prefetches(),
            linked("events", models.Event, "territory", order=("edition", "start")),
        ]


class DonorProjectView(RecordDetailView):
    model = models.DonorProject

    def prefetches(self):
        return [
            *super().prefetches(),
            roles(models.DonorProjectParticipation),
            linked("initiatives", models.Initiative),
            linked("events", models.Event, order=("start",)),
        ]


class PersonView(RecordDetailView):
    """A person's public record: posts and events. Contact details are for staff only."""

    model = models.Person

    def prefetches(self):
        return [
            *super().prefetches(),
            Prefetch(
                "positions",
                queryset=rows(
                    models.Position, "organization", "source", via=["organization"]
                ).order_by("start", "in_office_on", "slug"),
            ),
            Prefetch(
                "attendances",
                queryset=rows(models.EventPerson, "event", "source", via=["event"]).order_by(
                    "event__start"
                ),
            ),
        ]


class DocumentView(RecordDetailView):
    model = models.Document

    joins = ("issuer",)

    def prefetches(self):
        return [
            *super().prefetches(),
            linked("presented_at", models.Event, order=("start",)),
            linked("initiatives", models.Initiative),
        ]


class TerritoryView(RecordDetailView):
    model = models.Territory

    joins = ("parent",)

    def prefetches(self):
        return [
            *super().prefetches(),
            linked("children", models.Territory),
            linked("initiatives", models.Initiative),
            linked("events", models.Event, order=("start",)),
        ]


class TopicView(RecordDetailView):
    model = models.Topic

    def prefetches(self):
        return [
            *super().prefetches(),
            linked("initiatives", models.Initiative),
            linked("events", models.Event, order=("start",)),
        ]


class SourceView(RecordDetailView):
    model = models.Source

    joins = ("publisher",)

    def prefetches(self):
        # A source is what others cite; it has no citations of its own.
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(facts=cited_facts(self.object), **kwargs)
