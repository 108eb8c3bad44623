"""People, the positions they hold, and their private contact details."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.constraints import date_order, not_blank
from initiatives.models.base import (
    CitedFact,
    OwnedRowManager,
    Record,
    RecordManager,
    RecordQuerySet,
    RegistryTranslationsField,
    citation_complete,
    key_fields_via,
    registry_translations_known,
    translated,
    translated_char,
)
from initiatives.models.remarks import STATEMENTS_SECTION
from initiatives.models.sources import Citation
from initiatives.partial_dates import PartialDateField, chronological
from initiatives.prefetches import Relation


class PersonQuerySet(RecordQuerySet):
    details = (
        *RecordQuerySet.details,
        Relation(
            "positions",
            ("organization", "source"),
            order=(chronological("start"), chronological("in_office_on"), "slug"),
        ),
    )
    page_sections = (
        Relation("attendances", ("event", "source"), order=(chronological("-event__start"), "pk")),
        STATEMENTS_SECTION,
    )


class Person(Record):
    """A person named in a source. `name` is the full name as the source writes it."""

    history = HistoricalRecords()
    objects = RecordManager.from_queryset(PersonQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")


POSITION_TEXTS = ("title",)
POSITION_TEXT_COLUMNS = translated(*POSITION_TEXTS)


class Position(CitedFact):
    """A post a person held in an organization: from, to, or seen in office on a date."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    owner_field = "person"

    slug = models.SlugField(_("slug"), max_length=120)
    organization = models.ForeignKey(
        "initiatives.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    registry_translations = RegistryTranslationsField(texts=POSITION_TEXTS)
    title = translated_char(_("title"))
    start = PartialDateField(_("from"))
    end = PartialDateField(_("to"))
    in_office_on = PartialDateField(
        _("in office on"),
        help_text=_("A date the source shows the person in this post, when from/to are unknown."),
    )

    objects = OwnedRowManager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["person", chronological("start"), chronological("in_office_on"), "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "slug"], name="%(app_label)s_%(class)s_unique_slug"
            ),
            date_order("start", "end"),
            date_order("start", "in_office_on"),
            date_order("in_office_on", "end"),
            citation_complete(),
            registry_translations_known(*POSITION_TEXTS),
        ]

    def __str__(self):
        return f"{self.person}, {self.title} ({self.organization})"

    def natural_key(self):
        return (*self.person.natural_key(), self.slug)

    @classmethod
    def natural_key_fields(cls):
        return (*key_fields_via("person", Person), "slug")

    natural_key.dependencies = ["initiatives.person", "initiatives.organization"]


class ContactDetailManager(models.Manager):
    def get_by_natural_key(self, person_slug, kind, value):
        return self.get(person__slug=person_slug, kind=kind, value=value)


class ContactDetail(models.Model):
    """A phone number, e-mail or address of a person. Private: staff only, never public."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        ADDRESS = "address", _("Address")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ContactDetailManager()

    class Meta:
        verbose_name = _("contact detail (private)")
        verbose_name_plural = _("contact details (private)")
        ordering = ["person", "kind", "value"]
        constraints = [
            not_blank("value"),
            models.UniqueConstraint(
                fields=["person", "kind", "value"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def natural_key(self):
        return (self.person.slug, self.kind, self.value)

    @classmethod
    def natural_key_fields(cls):
        return ("person__slug", "kind", "value")

    natural_key.dependencies = ["initiatives.person"]


class PersonCitation(Citation):
    record = models.ForeignKey(
        Person, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of a person")
        verbose_name_plural = _("citations of people")
