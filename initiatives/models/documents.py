"""Documents: model regulations, guides, decrees, laws and codes, reports, survey results."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.models.base import Record, RecordManager, RecordQuerySet
from initiatives.models.remarks import STATEMENTS_SECTION
from initiatives.models.sources import Citation
from initiatives.partial_dates import PartialDateField, chronological
from initiatives.prefetches import Relation


class DocumentQuerySet(RecordQuerySet):
    page_sections = (
        Relation("presented_at", order=(chronological("-start"), "slug")),
        Relation("initiatives"),
        STATEMENTS_SECTION,
    )


class Document(Record):
    class Kind(models.TextChoices):
        MODEL_REGULATION = "model_regulation", _("Model regulation")
        METHODOLOGICAL_GUIDE = "methodological_guide", _("Methodological guide")
        DECREE = "decree", _("Decree")
        LAW = "law", _("Law or code")
        PROGRAMME = "programme", _("Programme or plan")
        REPORT = "report", _("Report or review")
        SURVEY_RESULTS = "survey_results", _("Survey results")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    issuer = models.ForeignKey(
        "initiatives.Organization",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    issued_on = PartialDateField(_("date"))
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = RecordManager.from_queryset(DocumentQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            *Record.Meta.indexes,
            models.Index(fields=["is_published", "-issued_on", "slug"], name="document_by_date"),
        ]


class DocumentCitation(Citation):
    record = models.ForeignKey(
        Document, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of a document")
        verbose_name_plural = _("citations of documents")
