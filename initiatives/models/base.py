"""What every registry record shares: slug, natural key, published flag, translated names."""

from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from translated_fields import TranslatedField
from translated_fields.utils import fallback_to_any

from initiatives import paging
from initiatives.constraints import (
    FieldCheckConstraint,
    in_some_language,
    json_items_among,
    not_blank,
)
from initiatives.prefetches import Relation

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def translated(*names, via=None):
    """The per-language columns of translated fields, as TranslatedField names them:
    ("name",) → ("name_ru", "name_ky", "name_en"), in the order of settings.LANGUAGES.

    With `via`, the same columns reached through a relation: ("person__name_ru", ...).
    """
    prefix = f"{via}__" if via else ""
    return tuple(f"{prefix}{name}_{code}" for name in names for code in LANGUAGE_CODES)


def name_in(language, field="name"):
    """A translated field as a reader of `language` sees it: theirs, else the next filled one.

    Lists sort by this expression, and each record model has an index on it per language
    (Record.Meta.indexes), so a sorted page reads the index instead of sorting the table.
    """
    order = [language, *(code for code in LANGUAGE_CODES if code != language)]
    return Coalesce(*(NullIf(F(f"{field}_{code}"), Value("")) for code in order))


def name_in_language(field="name"):
    """The field in the language of the current request (see `name_in`)."""
    language = (get_language() or LANGUAGE_CODES[0]).split("-")[0]
    return name_in(language if language in LANGUAGE_CODES else LANGUAGE_CODES[0], field)


def translated_char(verbose_name, max_length=300, **options):
    """A text in ru, ky and en; any may be empty, and reading it falls back to a filled one."""
    return TranslatedField(
        models.CharField(verbose_name, max_length=max_length, blank=True, **options),
        attrgetter=fallback_to_any,
    )


def translated_text(verbose_name, **options):
    return TranslatedField(
        models.TextField(verbose_name, blank=True, **options), attrgetter=fallback_to_any
    )


class ColumnListField(models.JSONField):
    """A list of some of a record's columns, each listed once: the registry's own translations
    (RegistryTranslationsField) or its own statements (RegistryStatementsField).

    `texts` names the translated fields it may list (by column: name_ky), `fields` the others.
    The database's side of the rule is `columns_known`. The admin ticks the columns in boxes,
    the API takes and shows the list, the exports carry it.
    """

    unknown_column_message = _(
        "“%(item)s” is not a field of this record a source could state: use %(columns)s."
    )
    default_verbose_name = default_help_text = None

    def __init__(self, *args, texts=(), fields=(), **kwargs):
        self.texts = tuple(texts)
        self.fields = tuple(fields)
        kwargs.setdefault("verbose_name", self.default_verbose_name)
        kwargs.setdefault("help_text", self.default_help_text)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    @property
    def columns(self):
        return columns_of(self.texts, self.fields)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["texts"] = self.texts
        if self.fields:
            kwargs["fields"] = self.fields
        return name, path, args, kwargs

    def column_label(self, column):
        if column in self.fields:
            return capfirst(self.model._meta.get_field(column).verbose_name)
        # "Name [ky]", as the admin labels translated fields.
        text, code = column.rsplit("_", 1)
        return format_lazy("{} [{}]", capfirst(getattr(self.model, text).short_description), code)

    def validate(self, value, model_instance):
        # The check constraint (columns_known) can only refuse the list; this names the item
        # that is wrong, for the admin, the API and the importer.
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(_("Give a list of this record's columns."), code="not_a_list")
        for item in value:
            if item not in self.columns:
                raise ValidationError(
                    self.unknown_column_message,
                    code="unknown_column",
                    params={"item": item, "columns": ", ".join(self.columns)},
                )
        for item in set(value):
            if value.count(item) > 1:
                raise ValidationError(
                    _("“%(item)s” is listed twice."), code="listed_twice", params={"item": item}
                )

    def choices_of_columns(self):
        return [(column, self.column_label(column)) for column in self.columns]

    def formfield(self, **kwargs):
        # A box per column, not JSON to type: only the model's own columns can be ticked.
        return forms.MultipleChoiceField(
            choices=self.choices_of_columns(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class RegistryTranslationsField(ColumnListField):
    """Which of a record's translated texts are the registry's own translation: the columns
    (["name_ky", "description_en"]) whose text no source gives in that language.

    Pages mark such a text where they show it (the `translation_mark` template tag).
    """

    unknown_column_message = _(
        "“%(item)s” is not a translated text of this record: use %(columns)s."
    )
    default_verbose_name = _("registry's translations")
    default_help_text = _(
        "The texts that no source gives in their language: the registry translated them, and "
        "its pages mark them so."
    )


class RegistryStatementsField(ColumnListField):
    """Which of a record's fields no source states: the registry's own statement (an acronym,
    a parent, a name no article gives), listed by column (["acronym_ru", "parent"]).

    Pages mark such a field where they show it (the `statement_mark` template tag).
    """

    default_verbose_name = _("registry's statements")
    default_help_text = _(
        "The fields that no source states: the registry's own knowledge, marked so on its pages."
    )


def columns_of(texts, fields):
    """The columns of translated `texts` (name → name_ru, name_ky, name_en) and of `fields`."""
    return (*translated(*texts), *fields)


def columns_known(field, columns, message):
    """The database's side of ColumnListField.validate: only these columns."""
    return json_items_among(
        field, columns, name=f"%(app_label)s_%(class)s_{field}_known", message=message
    )


def registry_translations_known(*texts):
    return columns_known(
        "registry_translations", translated(*texts), _("List only this record's translated texts.")
    )


def registry_statements_known(texts=(), fields=()):
    return columns_known(
        "registry_statements",
        columns_of(texts, fields),
        _("List only this record's fields that a source could state."),
    )


def without_known(constraints, field):
    """A base's constraints but its check of `field`'s list, for a model that lists more
    columns and declares its own check (Event: who took part; Organization: its acronym)."""
    return [c for c in constraints if not c.name.endswith(f"_{field}_known")]


def parent_link(verbose_name):
    """The optional link up a tree (organization, territory, initiative) to its parent."""
    return models.ForeignKey(
        "self",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )


class TreeNode:
    """A record in a tree (organizations, territories, initiatives) linked by `parent_link`.

    The database stops a record from being its own parent; a longer loop (A in B, B in A)
    needs the chain of parents, so `clean()` walks it and the admin reports the loop.
    """

    def ancestors(self):
        """The parents up to the root, nearest first."""
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            yield node
            seen.add(node.pk)
            node = node.parent

    def with_descendants(self):
        """The primary keys of this record and of every record under it: one query per level."""
        found = level = [self.pk]
        while level:
            level = list(
                type(self)
                .objects.filter(parent__in=level)
                .exclude(pk__in=found)
                .values_list("pk", flat=True)
            )
            found = found + level
        return found

    def clean(self):
        super().clean()
        # The walk stops short of this record, so a loop shows as an ancestor whose parent it is.
        if self.pk is not None and any(node.parent_id == self.pk for node in self.ancestors()):
            raise ValidationError(
                {"parent": _("This would make the record a part of itself.")}, code="cycle"
            )


class TimestampField(models.DateTimeField):
    """A timestamp kept to the millisecond: the precision Django's serializers write.

    A finer value would come back from a fixture changed (12:00:00.000450 is dumped as
    "12:00:00.000Z" and loads as 12:00:00), so an export, an import and a second export
    would differ.
    """

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value is not None and value.microsecond % 1000:
            value = value.replace(microsecond=value.microsecond // 1000 * 1000)
            setattr(model_instance, self.attname, value)
        return value


class RecordQuerySet(models.QuerySet):
    """Each resource's read models, built for one reader (initiatives/visibility.py).

    `for_list()` is what a row of a list shows, `for_detail()` a record as the API shows it (its
    own facts: citations, roles, ...), `for_page()` a record as its page shows it (its facts and
    the records that point at it). Views, viewsets, feed, sitemap and exports call these and
    never filter drafts themselves.
    """

    # The record's own facts and links, shown by the API and the page: its citations, roles,
    # indicators, names, links to other records.
    details = (Relation("citations", ("source",)),)
    # What the page shows besides: the records that point at this one.
    page_sections = ()

    def visible_to(self, reader):
        return reader.visible(self)

    def for_list(self, reader):
        return self.visible_to(reader)

    def for_detail(self, reader):
        """Every detail, complete: the API's record, whose lists a client may write back."""
        return self.visible_to(reader).prefetch_related(
            *(relation.prefetch(reader, self.model) for relation in self.details)
        )

    def for_page(self, reader):
        """Records as a page shows them: the count of each detail and section. The page's
        record then reads the first SHOWN rows of each (`show_sections`), so a page's size and
        query count do not grow with the registry."""
        counts = {
            # Counted as far as a list counts (initiatives/paging.py): past it, «более чем 1 000».
            f"{relation.lookup}_count": relation.count(reader, self.model, up_to=paging.COUNT_UP_TO)
            for relation in self.page_relations()
        }
        return self.visible_to(reader).annotate(**counts)

    def page_relations(self):
        return (*self.details, *self.page_sections)

    def show_sections(self, record, reader):
        """The first SHOWN rows of each detail and section of one record (`<lookup>_shown`)."""
        for relation in self.page_relations():
            relation.show_first(reader, record)
        return record


class RecordManager(models.Manager.from_queryset(RecordQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Published(models.Model):
    """A public record, addressed by its slug in URLs and fixtures, hidden until published."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Latin letters, digits and hyphens; used in addresses and data exports."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published records are shown to the public."),
    )
    created_at = TimestampField(_("created"), auto_now_add=True)
    updated_at = TimestampField(_("updated"), auto_now=True)

    objects = RecordManager()

    class Meta:
        abstract = True
        ordering = ["slug"]
        constraints = [not_blank("slug")]

    def get_absolute_url(self):
        """The public page; each model's URL is named after it (`initiatives:initiative`)."""
        return reverse(f"initiatives:{self._meta.model_name}", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @classmethod
    def natural_key_fields(cls):
        """The lookups of the natural key's parts, in order (an export sorts by them in SQL)."""
        return ("slug",)


# The texts of a record that a source gives, and the registry translates where none does.
RECORD_TEXTS = ("name", "description")
RECORD_TEXT_COLUMNS = translated(*RECORD_TEXTS)
# What every record states that a source may not: its name (an expanded name no article gives).
RECORD_STATEMENTS = ("name",)
RECORD_STATEMENT_COLUMNS = columns_of(RECORD_STATEMENTS, ())


class Record(Published):
    """A published record with a name and description in ru, ky and en."""

    # Declared before the names, so exports write it before them (its line in a fixture sits
    # apart from the texts translators edit).
    registry_translations = RegistryTranslationsField(texts=RECORD_TEXTS)
    # A model whose other fields may be the registry's own statement declares the field again
    # with them, and its check (registry_statements_known) with them.
    registry_statements = RegistryStatementsField(texts=RECORD_STATEMENTS)
    name = translated_char(_("name"))
    description = translated_text(_("description"))

    class Meta(Published.Meta):
        abstract = True
        constraints = [
            *Published.Meta.constraints,
            in_some_language("name", LANGUAGE_CODES),
            registry_translations_known(*RECORD_TEXTS),
            registry_statements_known(texts=RECORD_STATEMENTS),
        ]
        # What the public lists: published records sorted by name in the reader's language.
        indexes = [
            models.Index(F("is_published"), name_in(code), name=f"%(class)s_name_{code}")
            for code in LANGUAGE_CODES
        ]

    def __str__(self):
        return self.name or self.slug


def key_fields_via(path, model):
    """`model`'s natural key fields as reached through the relation `path`."""
    return tuple(f"{path}__{name}" for name in model.natural_key_fields())


class OwnedRowManager(models.Manager):
    """Natural key: the owner's natural key followed by the row's slug.

    A row belongs to one record, its owner (an indicator to its initiative, a position to its
    person), named by the model's `owner_field`. `parent` is kept for the parent in a tree.
    """

    def get_by_natural_key(self, *key):
        *owner_key, slug = key
        owner_model = self.model._meta.get_field(self.model.owner_field).related_model
        owner = owner_model._default_manager.get_by_natural_key(*owner_key)
        return self.get(**{self.model.owner_field: owner, "slug": slug})


class CitedFact(models.Model):
    """A single fact (a measurement, a role, a position) that carries its own citation.

    `owner_field` names the record the fact belongs to (the concrete class sets it);
    `subject_path` leads from the fact to the public record whose page shows it (a source's
    page links each fact there), by default its owner.
    """

    owner_field = None
    subject_path = None

    source = models.ForeignKey(
        "initiatives.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    quote = models.CharField(
        _("quote"),
        max_length=1000,
        blank=True,
        help_text=_("The sentence or phrase of the source that states this fact."),
    )

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_quote(self)


@lru_cache(maxsize=16)  # a source's text, asked once per fact that quotes it
def words(text):
    """The text with line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def check_quote(fact):
    """Report a quote that does not occur in its source's kept text, on the quote field.

    Called by `clean()` of every record that quotes a source: citations and cited facts.
    """
    if fact.source_id is not None and fact.quote and not fact.source.contains(fact.quote):
        raise ValidationError(
            {
                "quote": _("This quote does not occur in the text of «%(source)s».")
                % {"source": fact.source}
            },
            code="quote_not_in_source",
        )


def citation_complete():
    """A fact's own citation is whole or absent: a source with its quote, or neither."""
    return FieldCheckConstraint(
        field="quote",
        condition=models.Q(source__isnull=True, quote="")
        | (models.Q(source__isnull=False) & ~models.Q(quote="")),
        name="%(app_label)s_%(class)s_citation_complete",
        violation_error_message=_("Give the source and the quote together, or neither."),
    )
