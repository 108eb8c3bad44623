"""What people and organizations said, as a source reports it: statements and commitments.

Not to be confused with the registry's own statements (`initiatives/statements.py`,
`registry_statements`): those are fields of a record that no source states. A `Statement`
here is the opposite, a fact taken from a source: a person or an organization said, reported,
called for or instructed something on a date, in the words the source quotes.

A statement may be a commitment (a plan or a promise, with a due date when the source gives
one); whether it was kept is reported later, by a source of its own (`CommitmentReport`).
Neither has a published flag: like every cited fact, the public sees one when its source and
its speaker are published (initiatives/visibility.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.constraints import FieldCheckConstraint, in_some_language, not_blank
from initiatives.models.base import (
    LANGUAGE_CODES,
    CitedFact,
    RecordManager,
    RecordQuerySet,
    RegistryTranslationsField,
    registry_translations_known,
    translated_text,
)
from initiatives.partial_dates import Earliest, PartialDateField, chronological
from initiatives.prefetches import Relation, joined

STATEMENT_TEXTS = ("summary",)
# A page's or list's order of statements: the newest first, undated ones last. An undated one
# sorts as "", below every date, rather than by NULLS LAST, which SQLite cannot write in an
# index: so one index (Statement.Meta) serves the order on both databases.
NEWEST_FIRST = (Coalesce(Earliest(F("said_on")), Value("")).desc(), "slug")


# The «Statements» section on the page of a person, an organization, an initiative, an event or
# a document: the newest first, each with its speaker and source.
STATEMENTS_SECTION = Relation(
    "statements", ("person", "organization", "source"), order=NEWEST_FIRST
)


def cited_source():
    """A statement and a report of its fulfilment always cite their source: what was said
    exists in the registry only as a source reports it."""
    return models.ForeignKey(
        "initiatives.Source", verbose_name=_("source"), on_delete=models.PROTECT
    )


def cited_quote(help_text):
    return models.CharField(_("quote"), max_length=1000, help_text=help_text)


class StatementQuerySet(RecordQuerySet):
    details = (
        Relation("initiatives"),
        Relation("events", order=(chronological("-start"), "slug")),
        Relation("documents"),
        Relation("fulfilment_reports", ("source",)),
    )

    def for_list(self, reader):
        return joined(self.visible_to(reader), *Statement.fact_joins)

    def for_detail(self, reader):
        return joined(super().for_detail(reader), *Statement.fact_joins)

    def for_page(self, reader):
        return joined(super().for_page(reader), *Statement.fact_joins)


class Statement(CitedFact):
    """A dated statement by a person or an organization, quoted from its source, and the
    initiatives, events and documents it concerns; optionally a commitment with a due date."""

    class Kind(models.TextChoices):
        # Nouns, not verbs: a verb would have to agree with its speaker's gender in Russian.
        SAID = "said", pgettext_lazy("statement kind", "statement")
        REPORTED = "reported", pgettext_lazy("statement kind", "report")
        CALLED_FOR = "called_for", pgettext_lazy("statement kind", "call")
        INSTRUCTED = "instructed", pgettext_lazy("statement kind", "instruction")

    # Its own page: the fact is the subject (initiatives/citations.py), and the source's page
    # names its speaker.
    owner_field = None
    subject_path = None
    fact_joins = ("person", "organization", "source")
    # What stands for its name where pages name a record (the `text` template tag).
    heading_field = "summary"

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Latin letters, digits and hyphens; used in addresses and data exports."),
    )
    said_on = PartialDateField(
        _("date"),
        help_text=_(
            "When it was said, as the source dates it (or the source's own date when it "
            "dates it no closer): 2020, 2020-02 or 2020-02-25."
        ),
    )
    person = models.ForeignKey(
        "initiatives.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="statements",
        null=True,
        blank=True,
    )
    organization = models.ForeignKey(
        "initiatives.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="statements",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    registry_translations = RegistryTranslationsField(texts=STATEMENT_TEXTS)
    summary = translated_text(_("summary"))
    source = cited_source()
    quote = cited_quote(_("The words of the source that report the statement."))
    is_commitment = models.BooleanField(
        _("commitment"),
        default=False,
        help_text=_("The speaker undertakes to do something: a plan or a promise."),
    )
    due = PartialDateField(
        _("due"), help_text=_("When the commitment is to be kept, if the source says.")
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives"),
        related_name="statements",
        blank=True,
    )
    events = models.ManyToManyField(
        "initiatives.Event", verbose_name=_("events"), related_name="statements", blank=True
    )
    documents = models.ManyToManyField(
        "initiatives.Document",
        verbose_name=_("documents"),
        related_name="statements",
        blank=True,
    )

    objects = RecordManager.from_queryset(StatementQuerySet)()
    # The history CitedFact gives every fact keeps these links too, so a restored version
    # brings back what the statement concerned (simple-history reads this attribute).
    _history_m2m_fields = ("initiatives", "events", "documents")

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = [*NEWEST_FIRST]
        constraints = [
            not_blank("slug"),
            not_blank("quote"),
            in_some_language("summary", LANGUAGE_CODES),
            registry_translations_known(*STATEMENT_TEXTS),
            FieldCheckConstraint(
                field="person",
                condition=Q(person__isnull=False, organization__isnull=True)
                | Q(person__isnull=True, organization__isnull=False),
                name="%(app_label)s_%(class)s_one_speaker",
                violation_error_message=_("Name the person or the organization who spoke: one."),
            ),
            FieldCheckConstraint(
                field="due",
                condition=Q(due__isnull=True) | Q(is_commitment=True),
                name="%(app_label)s_%(class)s_due_of_commitment",
                violation_error_message=_("Only a commitment has a due date."),
            ),
        ]
        # The lists' order (NEWEST_FIRST): the newest 20 of any number read down an index, of
        # all statements or of one speaker's (a person's 10,000 are not sorted for a page).
        indexes = [
            models.Index(NEWEST_FIRST[0], F("slug"), name="statement_by_date"),
            models.Index(F("person"), NEWEST_FIRST[0], F("slug"), name="statement_by_person"),
            models.Index(
                F("organization"), NEWEST_FIRST[0], F("slug"), name="statement_by_organization"
            ),
        ]

    def __str__(self):
        return f"{self.speaker}: {self.summary}" if self.speaker_id else self.summary

    @property
    def speaker_id(self):
        return self.person_id or self.organization_id

    @property
    def speaker(self):
        return self.person if self.person_id else self.organization

    def get_absolute_url(self):
        return reverse("initiatives:statement", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @classmethod
    def natural_key_fields(cls):
        return ("slug",)

    # After what it refers to, so that a fixture loads in one pass.
    natural_key.dependencies = [
        "initiatives.person",
        "initiatives.organization",
        "initiatives.source",
        "initiatives.initiative",
        "initiatives.event",
        "initiatives.document",
    ]


class CommitmentReportManager(models.Manager):
    def get_by_natural_key(self, statement_slug, source_slug, outcome):
        return self.get(statement__slug=statement_slug, source__slug=source_slug, outcome=outcome)


class CommitmentReport(CitedFact):
    """A later source's word on whether a commitment was kept, as of a date."""

    class Outcome(models.TextChoices):
        FULFILLED = "fulfilled", _("fulfilled")
        PARTLY = "partly", _("partly fulfilled")
        NOT_FULFILLED = "not_fulfilled", _("not fulfilled")

    owner_field = "statement"
    subject_path = "statement"

    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="fulfilment_reports",
    )
    as_of = PartialDateField(_("as of"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    source = cited_source()
    quote = cited_quote(_("The words of the source that report the outcome."))

    objects = CommitmentReportManager()

    class Meta:
        verbose_name = _("report on a commitment")
        verbose_name_plural = _("reports on commitments")
        ordering = [chronological("-as_of", nulls_last=True), "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "source", "outcome"],
                name="%(app_label)s_%(class)s_one_per_source",
                violation_error_message=_("This source already reports this outcome here."),
            ),
            not_blank("quote"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.as_of or '—'})"

    def clean(self):
        super().clean()
        # Across two tables, so not a database check: the admin and the importer call this.
        if self.statement_id is not None and not self.statement.is_commitment:
            raise ValidationError(
                {"statement": _("Only a commitment is fulfilled: this statement is none.")},
                code="not_a_commitment",
            )

    def natural_key(self):
        return (self.statement.slug, self.source.slug, self.outcome)

    @classmethod
    def natural_key_fields(cls):
        return ("statement__slug", "source__slug", "outcome")

    natural_key.dependencies = ["initiatives.statement", "initiatives.source"]
