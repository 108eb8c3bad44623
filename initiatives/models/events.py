"""Forums, seminars, conferences, meetings, working visits and surveys."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from initiatives import clock, years
from initiatives.constraints import (
    FieldCheckConstraint,
    date_order,
    in_some_language,
    not_blank,
    not_self,
)
from initiatives.models.base import (
    LANGUAGE_CODES,
    RECORD_TEXTS,
    CitedFact,
    OwnedRowManager,
    Record,
    RecordManager,
    RecordQuerySet,
    RegistryTranslationsField,
    TreeNode,
    citation_complete,
    key_fields_via,
    parent_link,
    registry_translations_known,
    translated_char,
    translated_text,
    without_known,
)
from initiatives.models.choices import EventRole
from initiatives.models.participation import Participation, participation_constraints
from initiatives.models.remarks import STATEMENTS_SECTION
from initiatives.models.sources import Citation
from initiatives.models.status import (
    EventStatus,
    ReportedStatus,
    ReportedStatusQuerySet,
    status_rows,
)
from initiatives.partial_dates import PartialDateField, chronological
from initiatives.prefetches import Relation


class EventSeriesQuerySet(RecordQuerySet):
    page_sections = (
        Relation(
            "events",
            order=("edition", chronological("start")),
            rows=status_rows("initiatives.Event"),
        ),
    )


class EventSeries(Record):
    """A recurring event, such as a forum held in numbered editions."""

    history = HistoricalRecords()
    objects = RecordManager.from_queryset(EventSeriesQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("event series")
        # The same word in English, not in Russian or Kyrgyz: «серии мероприятий».
        verbose_name_plural = pgettext_lazy("plural", "event series")


class EventQuerySet(ReportedStatusQuerySet, RecordQuerySet):
    def not_passed(self):
        """Events whose date has not passed; an event with no date may still come."""
        return self.exclude(clock.passed("start"))

    def plan_passed(self):
        """Planned, by the latest report, for a date that has passed: no report that the event
        took place (needs `with_status`)."""
        return self.reported(EventStatus.PLANNED).filter(clock.passed("start"))

    details = (
        *RecordQuerySet.details,
        Relation("status_reports", ("source",)),
        Relation("participations", ("organization", "source")),
        Relation("attendances", ("person", "source")),
        Relation("counts", ("source",)),
        Relation("topics"),
        Relation("documents"),
        Relation("initiatives"),
        Relation("donor_projects"),
    )
    page_sections = (
        Relation("children", order=("start", "slug"), rows=status_rows("initiatives.Event")),
        STATEMENTS_SECTION,
    )


# An event's texts include who took part: the registry translates that too where no source does.
EVENT_TEXTS = (*RECORD_TEXTS, "participants_description")


class Event(TreeNode, ReportedStatus, Record):
    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        CONFERENCE = "conference", _("Conference")
        SEMINAR = "seminar", _("Seminar")
        MEETING = "meeting", _("Meeting")
        ONLINE_MEETING = "online_meeting", _("Online meeting")
        EXCHANGE_VISIT = "exchange_visit", _("Experience exchange")
        WORKING_VISIT = "working_visit", _("Working visit")
        SURVEY = "survey", _("Survey")
        OTHER = "other", _("Other")

    Status = EventStatus

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    # A seminar held during a meeting, a session of a forum: the event this one took place in.
    parent = parent_link(_("held within"))
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"))
    territory = models.ForeignKey(
        "initiatives.Territory",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    venue = translated_char(_("venue"))
    is_online = models.BooleanField(_("online"), default=False)
    participants_description = translated_text(_("participants"))
    participating_countries = CountryField(_("participating countries"), multiple=True, blank=True)
    organizations = models.ManyToManyField(
        "initiatives.Organization",
        through="EventParticipation",
        related_name="events",
        verbose_name=_("organizations"),
        blank=True,
    )
    people = models.ManyToManyField(
        "initiatives.Person",
        through="EventPerson",
        related_name="events",
        verbose_name=_("people"),
        blank=True,
    )
    topics = models.ManyToManyField(
        "initiatives.Topic", related_name="events", verbose_name=_("topics"), blank=True
    )
    documents = models.ManyToManyField(
        "initiatives.Document",
        related_name="presented_at",
        verbose_name=_("documents presented"),
        blank=True,
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative", related_name="events", verbose_name=_("initiatives"), blank=True
    )
    donor_projects = models.ManyToManyField(
        "initiatives.DonorProject",
        related_name="events",
        verbose_name=_("donor projects"),
        blank=True,
    )

    registry_translations = RegistryTranslationsField(texts=EVENT_TEXTS)

    history = HistoricalRecords(m2m_fields=[topics, documents, initiatives, donor_projects])
    objects = RecordManager.from_queryset(EventQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [chronological("-start"), "slug"]
        indexes = [
            *Record.Meta.indexes,
            # The lists' order: a set of dates ("[2019-11-23,2020-11-23]") by its first date.
            models.Index(
                F("is_published"), chronological("-start"), F("slug"), name="event_by_date"
            ),
            models.Index(fields=["is_published", "-updated_at"], name="event_by_update"),
            # For the year filter (PartialDateYearLookup): the plain dates of a year as a range
            # of the first, the few open ones from the second.
            models.Index(fields=["start"], name="event_start"),
            models.Index(
                fields=["start"], name="event_open_start", condition=years.open_date("start")
            ),
            # For the year filter (initiatives/filters.py `occurs_in`): the events under way in
            # a year that did not start in it, found without reading every later event.
            models.Index(
                fields=["end"],
                name="event_beyond_first_year",
                condition=years.beyond_first_year("start", "end"),
            ),
        ]
        constraints = [
            *without_known(Record.Meta.constraints, "registry_translations"),
            registry_translations_known(*EVENT_TEXTS),
            date_order("start", "end"),
            not_self("parent"),
            FieldCheckConstraint(
                field="edition",
                condition=Q(edition__isnull=True) | Q(series__isnull=False, edition__gte=1),
                name="%(app_label)s_%(class)s_edition_in_series",
                violation_error_message=_("An edition number needs a series and starts at 1."),
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                name="%(app_label)s_%(class)s_unique_edition",
                violation_error_message=_("This series already has an event with this edition."),
            ),
        ]


class EventParticipation(Participation):
    owner_field = "event"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=EventRole.choices)

    class Meta(Participation.Meta):
        verbose_name = _("organization at an event")
        verbose_name_plural = _("organizations at events")
        constraints = participation_constraints("event")


class EventPersonManager(models.Manager):
    def get_by_natural_key(self, event_slug, person_slug, role):
        return self.get(event__slug=event_slug, person__slug=person_slug, role=role)


class EventPerson(CitedFact):
    """A person's part in an event: who hosted, who presented, who took part."""

    owner_field = "event"
    subject_path = "event"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "initiatives.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    role = models.CharField(_("role"), max_length=20, choices=EventRole.choices)
    note = translated_char(_("note"))

    objects = EventPersonManager()

    class Meta:
        verbose_name = _("person at the event")
        verbose_name_plural = _("people at the event")
        ordering = ["event", "role", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"], name="%(app_label)s_%(class)s_unique_role"
            ),
            citation_complete(),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_role_display()}"

    def natural_key(self):
        return (self.event.slug, self.person.slug, self.role)

    @classmethod
    def natural_key_fields(cls):
        return ("event__slug", "person__slug", "role")

    natural_key.dependencies = ["initiatives.event", "initiatives.person"]


class EventSeriesCitation(Citation):
    record = models.ForeignKey(
        EventSeries, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of an event series")
        verbose_name_plural = _("citations of event series")


class EventCitation(Citation):
    record = models.ForeignKey(
        Event, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of an event")
        verbose_name_plural = _("citations of events")


class EventCount(CitedFact):
    """A number a source gives about an event: respondents of a survey by kind, a forum's
    themes, the places its participants came from; what is counted is said in words, so the
    number reads true of exactly what the source counts."""

    owner_field = "event"
    subject_path = "event"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="counts"
    )
    slug = models.SlugField(_("slug"), max_length=120)
    counted = translated_char(_("what is counted"))
    number = models.PositiveIntegerField(_("number"))

    objects = OwnedRowManager()

    class Meta:
        verbose_name = _("count at an event")
        verbose_name_plural = _("counts at events")
        ordering = ["event", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"], name="%(app_label)s_%(class)s_unique_slug"
            ),
            not_blank("slug"),
            in_some_language("counted", LANGUAGE_CODES),
            citation_complete(),
        ]

    def __str__(self):
        return f"{self.event}: {self.counted} — {self.number}"

    def natural_key(self):
        return (*self.event.natural_key(), self.slug)

    @classmethod
    def natural_key_fields(cls):
        return (*key_fields_via("event", Event), "slug")

    natural_key.dependencies = ["initiatives.event"]
