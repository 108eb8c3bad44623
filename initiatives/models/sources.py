"""Published sources and the citations that tie registry records to them."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.constraints import not_blank
from initiatives.models.base import (
    Published,
    RecordManager,
    RecordQuerySet,
    check_quote,
    key_fields_via,
    translated_text,
    words,
)
from initiatives.partial_dates import PartialDateField, chronological


class SourceQuerySet(RecordQuerySet):
    # A source is what others cite; it has no citations of its own. The facts it supports are
    # listed by initiatives.citations.cited_facts(), one query per kind of fact.
    details = ()


class Source(Published):
    """A published article or document that registry facts come from."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", _("Press release")
        NEWS_REPORT = "news_report", _("News report")
        OFFICIAL_DOCUMENT = "official_document", _("Official document")
        STATISTICS = "statistics", _("Statistics")
        # A code list the registry's reference data cites (ISO 3166-2:KG for territories).
        REFERENCE_STANDARD = "reference_standard", _("Reference standard")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text=_(
            "What the text is: an organisation's own press release, a news agency's report, "
            "an official document, statistics, a reference standard."
        ),
    )
    publisher = models.ForeignKey(
        "initiatives.Organization",
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        related_name="published_sources",
        null=True,
        blank=True,
        help_text=_("The press service, news agency, institute or union that published it."),
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    published_on = PartialDateField(_("published"))
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    note = translated_text(
        _("note"),
        help_text=_("How the date or other details were inferred, when the text does not say."),
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "The article as published, without the site's menus and comments. "
            "When it is kept, every quote from this source must occur in it."
        ),
    )

    history = HistoricalRecords()
    objects = RecordManager.from_queryset(SourceQuerySet)()

    # Read on its own page, not where a fact cites it (prefetches.joined).
    deferred_when_joined = ("text",)

    class Meta(Published.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = [chronological("-published_on"), "slug"]
        constraints = [*Published.Meta.constraints, not_blank("title")]
        indexes = [
            models.Index(
                F("is_published"), chronological("-published_on"), F("slug"), name="source_by_date"
            )
        ]

    def __str__(self):
        return self.title

    def contains(self, quote):
        """Whether the kept text has this quote, ignoring line breaks and repeated spaces.

        A source whose text is not kept cannot be checked, so it accepts any quote.
        """
        return not self.text or words(quote) in words(self.text)


class CitationManager(models.Manager):
    def get_by_natural_key(self, *key):
        *record_key, source_slug, quote = key
        record_model = self.model._meta.get_field("record").related_model
        record = record_model._default_manager.get_by_natural_key(*record_key)
        return self.get(record=record, source__slug=source_slug, quote=quote)


class Citation(models.Model):
    """A record cites a source, with the quote that states the fact.

    Each citable model has its own concrete citation table (`record` is a real foreign key),
    so the database keeps every citation attached to an existing record and fixtures can
    refer to both ends by natural key.
    """

    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="%(class)s_set",
    )
    quote = models.CharField(
        _("quote"),
        max_length=1000,
        help_text=_("The sentence or phrase of the source that states the fact."),
    )

    # The record the citation belongs to, and the public record whose page shows it (see
    # CitedFact): the same, but for an indicator's citations, shown on its initiative's page.
    owner_field = "record"
    subject_path = "record"

    history = HistoricalRecords(inherit=True)
    objects = CitationManager()

    class Meta:
        abstract = True
        ordering = ["source", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            not_blank("quote"),
            models.UniqueConstraint(
                fields=["record", "source", "quote"],
                name="%(app_label)s_%(class)s_unique_quote",
                violation_error_message=_("This record already cites this quote."),
            ),
        ]

    def __str__(self):
        return f"{self.source}: «{self.quote[:60]}»"

    def clean(self):
        super().clean()
        check_quote(self)

    def natural_key(self):
        return (*self.record.natural_key(), self.source.slug, self.quote)

    @classmethod
    def natural_key_fields(cls):
        record_model = cls._meta.get_field("record").related_model
        return (*key_fields_via("record", record_model), "source__slug", "quote")

    natural_key.dependencies = ["initiatives.source"]
