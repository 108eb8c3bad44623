"""sitemap.xml: an index of sitemap files, each listing public pages in every language.

The protocol allows 50,000 addresses a file; this registry's files hold 6,000, a record's
three languages each, so a file holds 2,000 records and the index lists as many as it takes
(`/sitemap-initiative.xml?p=2`). A file reads only its own slice of the table, as
(slug, updated) pairs: a sitemap needs nothing else of a record.

A file of a few MB is built once per registry version into storage, like the downloads
(snapshots.py), and streamed from there. The small index is an answer like any other
(caching.py); the figures it is made of, each kind's number of records and latest change, are
read once per registry version (`sizes`), not counted through every table on each request.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, DateTimeField, Max, Value
from django.http import FileResponse, Http404
from django.urls import reverse

from initiatives import models
from initiatives.caching import per_version
from initiatives.snapshots import snapshot
from initiatives.visibility import PUBLIC

PUBLIC_MODELS = [
    models.Initiative,
    models.Organization,
    models.Event,
    models.EventSeries,
    models.DonorProject,
    models.Person,
    models.Document,
    models.Territory,
    models.Topic,
    models.Source,
    models.Statement,
]
LANGUAGES = len(settings.LANGUAGES)
# The protocol allows 50,000; a file of 6,000 addresses (2,000 records, each in 3 languages
# with its alternates) is about 3 MB, built in about 2 s and then streamed from storage.
URLS_PER_FILE = 6_000 - 6_000 % LANGUAGES  # a record's languages stay in one file


class PerLanguage:
    """The (record, language) pairs a multilingual sitemap pages through, read from the
    database a slice at a time; Django's own list would read every record for every file."""

    def __init__(self, queryset, languages, records=None):
        self.queryset = queryset
        self.languages = languages
        self.records = records  # when already known

    def count(self):
        records = self.queryset.count() if self.records is None else self.records
        return records * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        each = len(self.languages)
        first = index.start // each
        records = self.queryset[first : -(-index.stop // each)]
        pairs = [(record, language) for record in records for language in self.languages]
        skip = index.start - first * each
        return pairs[skip : skip + index.stop - index.start]


class RecordSitemap(Sitemap):
    """The pages of one kind of record the public may see."""

    i18n = True
    alternates = True
    x_default = True
    limit = URLS_PER_FILE

    def __init__(self, model):
        self.model = model

    def records(self):
        return PUBLIC.visible(self.model)

    def items(self):
        updated = "updated_at" if self.dated else Value(None, output_field=DateTimeField())
        return self.records().order_by("slug").values_list("slug", updated)

    @property
    def dated(self):
        """Whether the model keeps when its records changed: a statement, a cited fact, does
        not, and its entries have no lastmod."""
        return any(field.name == "updated_at" for field in self.model._meta.concrete_fields)

    def _items(self):
        known = KNOWN_SIZES.get()
        records = known[self.model._meta.model_name][0] if known else None
        return PerLanguage(self.items(), self._languages(), records)

    def location(self, item):
        return reverse(f"initiatives:{self.model._meta.model_name}", kwargs={"slug": item[0]})

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        known = KNOWN_SIZES.get()
        if known:
            return known[self.model._meta.model_name][1]
        return self.size()[1]

    def size(self):
        """(how many records, when the latest changed, or None if the kind does not say)."""
        if not self.dated:
            return self.records().count(), None
        size = self.records().aggregate(records=Count("pk"), latest=Max("updated_at"))
        return size["records"], size["latest"]


class PageSitemap(Sitemap):
    """The home page and the lists."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["initiatives:home"] + [
            f"initiatives:{model._meta.model_name}-list"
            for model in PUBLIC_MODELS
            if model is not models.EventSeries
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap(),
    **{model._meta.model_name: RecordSitemap(model) for model in PUBLIC_MODELS},
}


# Each kind's size for the sitemap index being answered (the request's context).
KNOWN_SIZES = ContextVar("sitemap_sizes", default=None)


def sizes():
    """{kind: (records, latest change)} of every kind the sitemap lists."""
    return {name: site.size() for name, site in SITEMAPS.items() if isinstance(site, RecordSitemap)}


@contextmanager
def known_sizes(request):
    token = KNOWN_SIZES.set(per_version("sitemap-sizes", sizes, request))
    try:
        yield
    finally:
        KNOWN_SIZES.reset(token)


def sitemap_index(request):
    """Django's sitemap index, of the sizes read once per registry version."""
    with known_sizes(request):
        return sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section")


def sitemap_file(request, section):
    """One sitemap file (`?p=` its page), as Django's sitemap view writes it, built once per
    registry version and site: its addresses are absolute, so each host the registry answers
    to (ALLOWED_HOSTS) has its own copy."""
    page = request.GET.get("p", "1")
    if section not in SITEMAPS or not page.isdigit():
        raise Http404
    site = f"{request.scheme}-{request.get_host()}".replace(":", "-")

    def write(stream):
        # Http404 here (a page past the last) leaves nothing in storage.
        response = sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
        stream.write(response.render().content)

    name = f"sitemaps/{site}/{section}-{int(page)}.xml"
    # The version the answer cache read for this request, if it did: one query less.
    version = getattr(request, "registry_version", None)
    response = FileResponse(
        snapshot(name, PUBLIC, write, version=version), content_type="application/xml"
    )
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's sitemap view says
    return response
