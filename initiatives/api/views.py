"""Viewsets: list and detail for every public resource, writes for staff with permissions.

Anonymous readers (and signed-in users who are not staff) see published records only, and
rows pointing at drafts are left out; staff see drafts too. Each viewset's queryset says what
it joins, so a page of results costs a fixed number of queries (tests/test_api.py pins them).
"""

from django.core.validators import slug_re
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from initiatives import filters, models, prefetches
from initiatives.api import serializers
from initiatives.api.fields import shows_drafts
from initiatives.downloads import attachment
from initiatives.exports import export_records, fixture_text

FIXTURE_RESPONSE = OpenApiResponse(
    response={"type": "array", "items": {"type": "object"}},
    description="A Django fixture with natural keys, as `manage.py export_registry` writes it.",
)


def fixture_response(roots, request, name):
    """The export as a download; drafts only for staff, private contact details never."""
    export = export_records(roots, published_only=not shows_drafts({"request": request}))
    return attachment(fixture_text(export), "application/json; charset=utf-8", name)


class RegistryExportView(APIView):
    """The whole registry as a fixture that loads into another instance."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: FIXTURE_RESPONSE}, operation_id="export_registry")
    def get(self, request):
        return fixture_response(None, request, "registry.json")


class RecordViewSet(viewsets.ModelViewSet):
    lookup_field = "slug"
    model = None

    @extend_schema(responses={200: FIXTURE_RESPONSE}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def export(self, request, slug=None):
        """This record with everything it references, as a fixture that loads on its own."""
        record = self.get_object()
        return fixture_response([record], request, f"{self.model._meta.model_name}-{slug}.json")

    def get_object(self):
        # Any text reaches here; what cannot be a slug names no record.
        if not slug_re.fullmatch(self.kwargs[self.lookup_field]):
            raise Http404
        return super().get_object()

    def get_queryset(self):
        queryset = self.model.objects.all()
        if not self.drafts_visible():
            queryset = queryset.published()
        return queryset.prefetch_related(*self.prefetches()).select_related(*self.joins())

    def drafts_visible(self):
        return shows_drafts({"request": self.request})

    def rows(self, model, *related, via=()):
        """A child table's rows with what they show; for the public, none pointing at drafts."""
        return prefetches.rows(model, *related, via=via, published_only=not self.drafts_visible())

    def citations(self, model):
        return prefetches.citations(model, published_only=not self.drafts_visible())

    def roles(self, model):
        return prefetches.roles(model, published_only=not self.drafts_visible())

    def prefetches(self):
        return [self.citations(self.model)]

    def joins(self):
        return []


class InitiativeViewSet(RecordViewSet):
    model = models.Initiative
    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilterSet

    def prefetches(self):
        measurements = self.rows(models.Measurement, "source", via=["source"]).order_by("as_of")
        indicators = models.Indicator.objects.with_progress().prefetch_related(
            Prefetch("measurements", queryset=measurements), self.citations(models.Indicator)
        )
        return [
            *super().prefetches(),
            Prefetch("indicators", queryset=indicators),
            self.roles(models.InitiativeParticipation),
            "territories",
            "topics",
            "donor_projects",
            "documents",
        ]

    def joins(self):
        return ["parent"]


class OrganizationViewSet(RecordViewSet):
    model = models.Organization
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilterSet

    def prefetches(self):
        return [
            *super().prefetches(),
            Prefetch("other_names", queryset=models.OrganizationName.objects.all()),
        ]

    def joins(self):
        return ["parent"]


class PersonViewSet(RecordViewSet):
    model = models.Person
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilterSet

    def prefetches(self):
        positions = self.rows(models.Position, "organization", "source", via=["organization"])
        return [*super().prefetches(), Prefetch("positions", queryset=positions)]


class EventViewSet(RecordViewSet):
    model = models.Event
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilterSet

    def prefetches(self):
        return [
            *super().prefetches(),
            self.roles(models.EventParticipation),
            Prefetch(
                "attendances",
                queryset=self.rows(models.EventPerson, "person", "source", via=["person"]),
            ),
            "topics",
            "documents",
            "initiatives",
            "donor_projects",
        ]

    def joins(self):
        return ["series", "territory"]


class EventSeriesViewSet(RecordViewSet):
    model = models.EventSeries
    serializer_class = serializers.EventSeriesSerializer
    filterset_class = filters.EventSeriesFilterSet


class DonorProjectViewSet(RecordViewSet):
    model = models.DonorProject
    serializer_class = serializers.DonorProjectSerializer
    filterset_class = filters.DonorProjectFilterSet

    def prefetches(self):
        return [*super().prefetches(), self.roles(models.DonorProjectParticipation)]


class DocumentViewSet(RecordViewSet):
    model = models.Document
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilterSet

    def joins(self):
        return ["issuer"]


class TerritoryViewSet(RecordViewSet):
    model = models.Territory
    serializer_class = serializers.TerritorySerializer
    filterset_class = filters.TerritoryFilterSet

    def joins(self):
        return ["parent"]


class TopicViewSet(RecordViewSet):
    model = models.Topic
    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilterSet


class SourceViewSet(RecordViewSet):
    model = models.Source
    filterset_class = filters.SourceFilterSet

    def get_serializer_class(self):
        # Every fact a source supports costs a query per kind of fact: on its own page only.
        if self.action == "retrieve":
            return serializers.SourceDetailSerializer
        return serializers.SourceSerializer

    def prefetches(self):
        return []

    def joins(self):
        return ["publisher"]
