"""Viewsets: list and detail for every public resource, writes for staff with permissions.

What a reader sees is the reading policy's (initiatives/visibility.py): the public gets published
records and nothing resting on a draft, staff see drafts too. Each viewset reads through its
QuerySet's `for_detail(reader)`, the tree the serializer shows, so a page of results costs a
fixed number of queries (tests/test_api.py pins them).
"""

import hashlib
from itertools import islice

from django.conf import settings
from django.core.signals import setting_changed
from django.core.validators import slug_re
from django.db.models import ProtectedError, RestrictedError
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from initiatives import concurrency, coverage, filters, models, prefetches, rollup
from initiatives.api import serializers
from initiatives.downloads import JSON, attachment, snapshot_download
from initiatives.export_files import fixture_text
from initiatives.exports import export_records
from initiatives.history import one_deletion
from initiatives.partial_dates import chronological
from initiatives.prefetches import rows
from initiatives.throttling import DownloadRateThrottle, TooManyDownloads, too_many_downloads
from initiatives.visibility import reader_for

FIXTURE_RESPONSE = OpenApiResponse(
    response={"type": "array", "items": {"type": "object"}},
    description="A Django fixture with natural keys, as `manage.py export_registry` writes it.",
)


def referring(error, shown=20):
    """The records that keep one from being deleted, as `kind: name`, the first `shown`."""
    found = getattr(error, "protected_objects", None)
    if found is None:
        found = error.restricted_objects
    return [f"{record._meta.verbose_name}: {record}" for record in islice(found, shown)]


def fixture_response(roots, request, name):
    """The export as the request's reader may see it; private contact details never."""
    export = export_records(roots, reader=reader_for(request))
    return attachment(fixture_text(export), "application/json; charset=utf-8", name)


def refuse_download(wait):
    """Past the download limit (initiatives/throttling.py): 429, Retry-After, and why."""
    raise Throttled(wait, detail=too_many_downloads(wait))


class RegistryExportView(APIView):
    """The whole registry as a fixture that loads into another instance."""

    permission_classes = [AllowAny]
    # A download like /data/registry.json, under the same limit (counted when the file is
    # built), not the API's reading rate.
    throttle_classes = ()

    @extend_schema(responses={200: FIXTURE_RESPONSE}, operation_id="export_registry")
    def get(self, request):
        try:
            return snapshot_download(request, "registry.json", JSON)
        except TooManyDownloads as refusal:
            refuse_download(refusal.wait)


IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=True,
    description="The `ETag` of the record as read (GET): a write onto a newer version is refused.",
)
WRITE_REFUSALS = {
    409: OpenApiResponse(description="Other records refer to this one; they are listed."),
    412: OpenApiResponse(description="The record changed since it was read; `etag` is current."),
    428: OpenApiResponse(description="No `If-Match`: the version the write was made from."),
}


def refused(status_code, detail, **extra):
    return Response({"detail": detail, **extra}, status=status_code)


def stale(request, record):
    """A refusal if the write was not made from the record's current version, else None.

    The row stays locked until the write (concurrency.stored_state), so no other write can
    come in between.
    """
    sent = request.headers.get("If-Match")
    if sent is None:
        return refused(
            status.HTTP_428_PRECONDITION_REQUIRED,
            _("Send If-Match with the ETag of the record as you read it."),
        )
    current = concurrency.etag(concurrency.stored_state(record, lock=True))
    if sent.strip() not in (current, "*"):
        response = refused(
            status.HTTP_412_PRECONDITION_FAILED,
            _("The record changed since you read it. Read it again and redo your change."),
            etag=current,
        )
        response["ETag"] = current
        return response
    return None


class RecordViewSet(viewsets.ModelViewSet):
    lookup_field = "slug"
    # Any text up to the next slash reaches get_object(), which answers a JSON 404 for what
    # cannot be a slug (a dot or a non-Latin letter), rather than Django's HTML page.
    lookup_value_regex = "[^/]+"
    model = None

    @extend_schema(responses={200: FIXTURE_RESPONSE}, filters=False)
    @action(
        detail=True,
        methods=["get"],
        filterset_class=None,
        pagination_class=None,
        throttle_classes=[DownloadRateThrottle],  # a download, like /data/<model>/<slug>.json
    )
    def export(self, request, slug=None):
        """This record with everything it references, as a fixture that loads on its own."""
        record = self.get_object()
        return fixture_response([record], request, f"{self.model._meta.model_name}-{slug}.json")

    def throttled(self, request, wait):
        if self.action == "export":
            refuse_download(wait)
        super().throttled(request, wait)

    def get_object(self):
        # Any text reaches here; what cannot be a slug names no record.
        if not slug_re.fullmatch(self.kwargs[self.lookup_field]):
            raise Http404
        return super().get_object()

    @cached_property
    def reader(self):
        return reader_for(self.request)

    def get_queryset(self):
        return self.model.objects.for_detail(self.reader)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = self.read_again(serializer.instance)
        return Response(
            data, status=status.HTTP_201_CREATED, headers=self.get_success_headers(data)
        )

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        response = Response(self.get_serializer(record).data)
        if request.user.is_authenticated:  # an editor's read, the start of a write
            response["ETag"] = concurrency.current_etag(record)
        return response

    @extend_schema(parameters=[IF_MATCH], responses={200: None, **WRITE_REFUSALS})
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        record = self.get_object()
        if refusal := stale(request, record):
            return refusal
        serializer = self.get_serializer(record, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        response = Response(self.read_again(serializer.instance))
        response["ETag"] = concurrency.current_etag(serializer.instance)
        return response

    @extend_schema(parameters=[IF_MATCH], responses={200: None, **WRITE_REFUSALS})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(parameters=[IF_MATCH], responses={204: None, **WRITE_REFUSALS})
    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        if refusal := stale(request, record):
            return refusal
        try:
            with one_deletion():
                record.delete()
        except (ProtectedError, RestrictedError) as error:
            return refused(
                status.HTTP_409_CONFLICT,
                _("Other records refer to this one; change or delete them first."),
                referred_by=referring(error),
            )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def read_again(self, record):
        """A written record as a GET shows it: read back through the read model, so derived
        figures (progress) and nested rows are the reader's, not the write's leftovers."""
        return self.get_serializer(self.get_queryset().get(pk=record.pk)).data


class InitiativeViewSet(RecordViewSet):
    model = models.Initiative
    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilterSet

    # A list summarises: twenty initiatives nesting twenty values per indicator cost more
    # than the admin's changelist of the same rows.
    def get_queryset(self):
        if self.action == "list":
            queryset = self.model.objects.for_summary(self.reader)
        else:
            # Whether it has parts to roll up, in the record's own query (initiatives/rollup.py).
            queryset = super().get_queryset().annotate(published_parts=rollup.published_parts())
        return queryset

    def get_serializer(self, *args, **kwargs):
        if args and args[0] is not None:
            self.count_once_per_version(args[0] if isinstance(args[0], list) else [args[0]])
        return super().get_serializer(*args, **kwargs)

    def count_once_per_version(self, shown):
        """Member territories today and each indicator's values: counted once per registry
        version for the records an answer shows, not in their query for every answer (the
        skewed initiative's 4,000 members, a daily series' 10,000 values)."""
        members = coverage.members_today(self.reader, [row.pk for row in shown], self.request)
        indicators = [indicator for row in shown for indicator in row.indicators.all()]
        values = prefetches.counts_kept(
            self.reader,
            models.Indicator,
            "measurements",
            [indicator.pk for indicator in indicators],
            self.request,
        )
        for initiative in shown:
            initiative.members_count = members[initiative.pk]
        for indicator in indicators:
            indicator.measurements_count = values[indicator.pk]

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.InitiativeSummarySerializer
        return super().get_serializer_class()


class OrganizationViewSet(RecordViewSet):
    model = models.Organization
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilterSet


class PersonViewSet(RecordViewSet):
    model = models.Person
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilterSet


class EventViewSet(RecordViewSet):
    model = models.Event
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilterSet


class EventSeriesViewSet(RecordViewSet):
    model = models.EventSeries
    serializer_class = serializers.EventSeriesSerializer
    filterset_class = filters.EventSeriesFilterSet


class DonorProjectViewSet(RecordViewSet):
    model = models.DonorProject
    serializer_class = serializers.DonorProjectSerializer
    filterset_class = filters.DonorProjectFilterSet


class DocumentViewSet(RecordViewSet):
    model = models.Document
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilterSet


class TerritoryViewSet(RecordViewSet):
    model = models.Territory
    serializer_class = serializers.TerritorySerializer
    filterset_class = filters.TerritoryFilterSet


class TopicViewSet(RecordViewSet):
    model = models.Topic
    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilterSet


class StatementViewSet(RecordViewSet):
    model = models.Statement
    serializer_class = serializers.StatementSerializer
    filterset_class = filters.StatementFilterSet


class MeasurementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every value of every indicator the reader may see, a page at a time: indicator by
    indicator, each one's newest first.

    The order of the index that finds an indicator's values (`measurement_indicator_latest`):
    the first page of an initiative's 10,000 values reads 50 of them, where newest first across
    its indicators would sort all 10,000."""

    serializer_class = serializers.MeasurementListSerializer
    filterset_class = filters.MeasurementFilterSet
    cursor_ordering = ("-id",)  # newest entered first (api/pagination.py)

    def get_queryset(self):
        reader = reader_for(self.request)
        return rows(reader, models.Measurement, "indicator__initiative", "source").order_by(
            "indicator_id", "-as_of", "-pk"
        )


class TerritoryMembershipViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every member territory of every initiative the reader may see, a page at a time:
    initiative by initiative, each one's territories in the order the registry entered them.

    The model's own order, that of the unique (initiative, territory, joined) index: by
    territory slug, the first page of an initiative's 10,000 members sorted all 10,000."""

    serializer_class = serializers.TerritoryMembershipSerializer
    filterset_class = filters.TerritoryMembershipFilterSet
    cursor_ordering = ("-id",)  # newest entered first (api/pagination.py)

    def get_queryset(self):
        reader = reader_for(self.request)
        return rows(
            reader, models.TerritoryMembership, "initiative", "territory", "source"
        ).order_by("initiative_id", "territory_id", chronological("joined"))


class SourceViewSet(RecordViewSet):
    model = models.Source
    filterset_class = filters.SourceFilterSet

    def get_serializer_class(self):
        # Every fact a source supports costs a query per kind of fact: on its own page only.
        if self.action == "retrieve":
            return serializers.SourceDetailSerializer
        return serializers.SourceSerializer


# Client generators name classes and fields after the schema's titles: Cyrillic titles give
# Cyrillic names in generated code. Hence English unless `?lang=` asks for another language.
SCHEMA_LANGUAGE = "en"


class SchemaView(SpectacularAPIView):
    """/api/v1/schema/: in English, or in the language `?lang=ru|ky|en` names.

    Not in Accept-Language's, which every browser sends and a generator run on a Russian
    desktop may pass on: the same address gives the same schema. The docs page passes its own
    `?lang=` on (/api/v1/docs/?lang=ru).
    """

    # Served from this process's memory (below), as cheaply as a static file, so it is not
    # counted against the API's limits; nor kept in the answer cache (initiatives/caching.py),
    # which would read 400 KB back from the cache's table on every request.
    throttle_classes = ()

    @extend_schema(exclude=True)  # as drf-spectacular's own schema view: not an operation
    def get(self, request, *args, **kwargs):
        asked = request.GET.get("lang")
        languages = dict(settings.LANGUAGES)
        if asked and asked not in languages:
            raise ParseError(f"lang: one of {', '.join(languages)}, or none for English.")
        language = asked or SCHEMA_LANGUAGE
        with translation.override(language):
            response = super().get(request, *args, **kwargs)
        response["Content-Language"] = language
        # A reader who has this schema gets a 304: its ETag names its bytes.
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

    def _get_schema_response(self, request):
        """The schema, written once in each language and format for the life of the process.

        It is a function of the code alone: the registry's data never changes it, so it is
        not rebuilt when a write gives the registry a new version (generating it takes seconds).
        """
        renderer = request.accepted_renderer
        key = (translation.get_language(), renderer.format)
        if key not in BUILT_SCHEMAS:
            generated = super()._get_schema_response(request)
            content = renderer.render(
                generated.data, renderer.media_type, self.get_renderer_context()
            )
            BUILT_SCHEMAS[key] = (
                content,
                # As DRF writes it: JSON names no charset (it is UTF-8 by definition).
                f"{renderer.media_type}; charset={renderer.charset}"
                if renderer.charset
                else renderer.media_type,
                generated["Content-Disposition"],
                f'"schema-{hashlib.sha256(content).hexdigest()[:32]}"',
            )
        content, content_type, disposition, etag = BUILT_SCHEMAS[key]
        return HttpResponse(
            content,
            content_type=content_type,
            headers={
                "Content-Disposition": disposition,
                "ETag": etag,
                # As every cached answer: any cache may keep it, but must ask again (a new
                # release may change it).
                "Cache-Control": "public, no-cache",
            },
        )


BUILT_SCHEMAS = {}


@receiver(setting_changed)
def forget_schemas(**kwargs):
    """A test that changes a setting may change the schema."""
    BUILT_SCHEMAS.clear()
