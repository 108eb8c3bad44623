"""Initiatives (pilots, programmes, platforms, practices, policies), their indicators and
measurements."""

from bisect import bisect_left
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Mod, RowNumber
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives import clock, prefetches
from initiatives.constraints import date_order, non_negative, not_blank, not_self
from initiatives.localized import format_number
from initiatives.models.base import (
    CitedFact,
    OwnedRowManager,
    Record,
    RecordManager,
    RecordQuerySet,
    TreeNode,
    key_fields_via,
    parent_link,
    translated_char,
)
from initiatives.models.choices import OrganisationRole
from initiatives.models.participation import Participation, participation_constraints
from initiatives.models.remarks import STATEMENTS_SECTION
from initiatives.models.sources import Citation
from initiatives.models.status import ReportedStatus, ReportedStatusQuerySet, status_rows
from initiatives.partial_dates import PartialDate, PartialDateField, UncertainDate, chronological
from initiatives.prefetches import Relation
from initiatives.progress import Progress


class InitiativeQuerySet(ReportedStatusQuerySet, RecordQuerySet):
    def by_progress(self):
        """Those with something to measure first, most recently updated next: the order of
        the initiatives under way on the home page (initiatives/overview.py)."""
        measured = Exists(Indicator.objects.filter(initiative=OuterRef("pk")))
        return self.order_by(measured.desc(), "-updated_at", "slug")

    def overdue(self, reader):
        """Initiatives with an indicator whose target date has passed and whose latest value
        `reader` may see has not reached the target (Progress.overdue, in SQL)."""
        return self.filter(
            Exists(
                Indicator.objects.with_progress(reader).overdue().filter(initiative=OuterRef("pk"))
            )
        )

    def with_progress(self, reader):
        """Prefetch the indicators with their progress as `reader` may see it: one query more."""
        return self.prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.for_list(reader))
        )

    def for_list(self, reader):
        return super().for_list(reader).with_progress(reader)

    def for_summary(self, reader):
        """The API's list: each record's details as `for_detail`, but its indicators summarised,
        with their progress, not their values (the record's own address has its latest values;
        /api/v1/measurements/ has them all). How many values each has is counted once per
        registry version (prefetches.counts_kept, api/views.py)."""
        indicators = Indicator.objects.for_list(reader)
        others = [relation for relation in self.details if relation.lookup != "indicators"]
        return (
            self.visible_to(reader)
            .prefetch_related(
                *(relation.prefetch(reader, self.model) for relation in others),
                Prefetch("indicators", queryset=indicators),
            )
            .with_status(reader)
        )

    details = (
        *RecordQuerySet.details,
        Relation("status_reports", ("source",)),
        Relation(
            "indicators",
            rows=lambda reader, page: Indicator.objects.for_detail(reader, page),
            kept=True,
        ),
        Relation("participations", ("organization", "source")),
        Relation("territories"),
        Relation("topics"),
        Relation("donor_projects"),
        Relation("documents"),
    )
    page_sections = (
        Relation("children"),
        Relation(
            "events", order=(chronological("-start"), "slug"), rows=status_rows("initiatives.Event")
        ),
        STATEMENTS_SECTION,
    )


class Initiative(TreeNode, ReportedStatus, Record):
    class Kind(models.TextChoices):
        PILOT = "pilot", _("Pilot")
        PROGRAMME = "programme", _("Programme")
        PLATFORM = "platform", _("Platform / information system")
        PRACTICE = "practice", _("Practice")
        POLICY = "policy", _("Policy")
        REFORM = "reform", _("Reform")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    planned_start = PartialDateField(_("planned start"))
    planned_end = PartialDateField(_("planned end"))
    actual_start = PartialDateField(_("actual start"))
    actual_end = PartialDateField(_("actual end"))
    parent = parent_link(_("part of"))
    organizations = models.ManyToManyField(
        "initiatives.Organization",
        through="InitiativeParticipation",
        related_name="initiatives",
        verbose_name=_("organizations"),
        blank=True,
    )
    territories = models.ManyToManyField(
        "initiatives.Territory",
        related_name="initiatives",
        verbose_name=_("territories"),
        blank=True,
    )
    topics = models.ManyToManyField(
        "initiatives.Topic", related_name="initiatives", verbose_name=_("topics"), blank=True
    )
    donor_projects = models.ManyToManyField(
        "initiatives.DonorProject",
        related_name="initiatives",
        verbose_name=_("donor projects"),
        blank=True,
    )
    documents = models.ManyToManyField(
        "initiatives.Document", related_name="initiatives", verbose_name=_("documents"), blank=True
    )

    history = HistoricalRecords(m2m_fields=[territories, topics, donor_projects, documents])
    objects = RecordManager.from_queryset(InitiativeQuerySet)()

    class Meta(Record.Meta):
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            *Record.Meta.indexes,
            models.Index(fields=["is_published", "-updated_at"], name="initiative_by_update"),
        ]
        constraints = [
            *Record.Meta.constraints,
            not_self("parent"),
            date_order("planned_start", "planned_end"),
            date_order("actual_start", "actual_end"),
        ]


class InitiativeParticipation(Participation):
    owner_field = "initiative"

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganisationRole.choices)

    class Meta(Participation.Meta):
        verbose_name = _("organization in an initiative")
        verbose_name_plural = _("organizations in initiatives")
        constraints = participation_constraints("initiative")


def territory_kinds():
    """The kinds of territory, read when a form or check needs them: importing Territory here
    would register it before the models above, and the exports' model order (and so the seed
    fixture) follows registration."""
    return apps.get_model("initiatives", "Territory").Kind.choices


# The most points an indicator's chart draws; a longer series is thinned evenly.
CHART_POINTS = 100


def latest_measurement(reader):
    """The measurements of the indicator in the outer query that `reader` may see, the latest
    first: progress is measured from the first of them (here and in initiatives/rollup.py)."""
    return reader.visible(Measurement).filter(indicator=OuterRef("pk")).order_by("-as_of", "-pk")


class IndicatorQuerySet(models.QuerySet):
    def with_progress(self, reader):
        """Annotate the latest measurement `reader` may see, in SQL: a hidden one never counts."""
        latest = latest_measurement(reader)
        return self.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_as_of=Subquery(latest.values("as_of")[:1], output_field=PartialDateField()),
        )

    def overdue(self):
        """Target date passed, target not reached by the latest value (needs `with_progress`)."""
        short = (
            Q(latest_value__isnull=True)
            | Q(ascending=True, latest_value__lt=F("target_value"))
            | Q(ascending=False, latest_value__gt=F("target_value"))
        )
        return self.filter(clock.passed("target_date"), short, target_value__isnull=False)

    def with_measurements(self, reader):
        """Prefetch the measurements `reader` may see with their sources, as the chart shows
        them: one query."""
        return self.prefetch_related(
            prefetches.related(reader, Indicator, "measurements", "source", order=("as_of", "pk"))
        )

    def with_chart(self, reader):
        """Prefetch, as `chart_points`, at most CHART_POINTS measurements of each indicator,
        evenly through its series and always the latest: the chart keeps its shape and its
        size however many values there are. One query."""
        points = (
            prefetches.rows(reader, Measurement, "source")
            .annotate(
                position=Window(
                    RowNumber(), partition_by=[F("indicator")], order_by=[F("as_of").desc()]
                ),
                # ceil(values / CHART_POINTS): every step-th value from the latest back.
                step=(Window(Count("pk"), partition_by=[F("indicator")]) + CHART_POINTS - 1)
                / CHART_POINTS,
            )
            .annotate(offset=Mod(F("position") - 1, F("step")))
            .filter(offset=0)
            # Unsorted: the database would sort every value before picking the points, and
            # the chart sorts its few points itself.
            .order_by()
        )
        return self.prefetch_related(Prefetch("measurements", points, to_attr="chart_points"))

    def with_derived(self, reader):
        """Annotate `derived_value`: for a coverage indicator, its member territories as of
        today as `reader` may see them (initiatives/coverage.py); None for the others."""
        from initiatives.coverage import derived_value  # it reads these models

        return self.annotate(derived_value=derived_value(reader))

    def for_list(self, reader):
        """Indicators with their progress and derived value: what a list row and the admin
        show."""
        return reader.visible(self).with_progress(reader).with_derived(reader)

    def for_detail(self, reader, page=False):
        """Indicators with progress, citations and the latest SHOWN values
        (`measurements_shown`, newest first): what the API shows. Every value is a page away
        (/api/v1/measurements/); the API counts them once per registry version
        (prefetches.counts_kept). A page draws the chart and counts the values
        (`measurements_count`) in its query: the page keeps the section per version."""
        indicators = (
            self.for_list(reader)
            .prefetch_related(prefetches.citations(reader, Indicator))
            .with_latest_values(reader)
        )
        if not page:
            return indicators
        count = prefetches.count_of(reader, Indicator, "measurements")
        return indicators.annotate(measurements_count=count).with_chart(reader)

    def with_latest_values(self, reader, shown=prefetches.SHOWN):
        """With each indicator, as `measurements_shown`, its latest `shown` values the reader
        may see, newest first, each with its source (`latest_values`)."""
        indicators = self._chain()
        indicators._iterable_class = type(
            "WithLatestValues", (WithLatestValues,), {"reader": reader, "shown": shown}
        )
        return indicators


class WithLatestValues(ModelIterable):
    """Indicators, once read, given their latest values (an iterable is what a queryset
    evaluates, so the values come with the indicators wherever they are read: a prefetch, a
    slice, a list)."""

    reader = None
    shown = prefetches.SHOWN

    def __iter__(self):
        indicators = list(super().__iter__())
        latest_values(indicators, self.reader, self.shown)
        return iter(indicators)


def latest_values(indicators, reader, shown):
    """Give each indicator its latest `shown` values the reader may see, newest first, as
    `measurements_shown`. Two queries, each reading about `shown` rows per indicator however
    many values it has: the date of each one's `shown`-th newest value, then the values on or
    after it, an index range each (Measurement.Meta.indexes). Numbering every value to keep
    the first (a sliced prefetch) read all 10,000 of a daily series."""
    if not indicators:
        return
    visible = reader.visible(Measurement)
    nth_newest = (
        visible.filter(indicator=OuterRef("pk"))
        .order_by("-as_of")
        .values("as_of")[shown - 1 : shown]
    )
    since = (
        Indicator.objects.filter(pk__in=[indicator.pk for indicator in indicators])
        .annotate(since=Subquery(nth_newest))
        .values_list("pk", "since")
    )
    # A date is unique in its indicator's series: on or after the n-th newest are n values.
    latest = Q()
    for pk, date in since:
        latest |= Q(indicator=pk, as_of__gte=date) if date is not None else Q(indicator=pk)
    for indicator in indicators:
        indicator.measurements_shown = []
    by_pk = {indicator.pk: indicator for indicator in indicators}
    values = prefetches.joined(visible, "source").filter(latest).order_by("indicator", "-as_of")
    for value in values:
        value.indicator = by_pk[value.indicator_id]  # as a prefetch links them: no query
        value.indicator.measurements_shown.append(value)


class ProgressNotAnnotated(Exception):
    """An indicator's progress was asked of a queryset that did not compute it."""


class Indicator(models.Model):
    """What an initiative counts, with its baseline and target."""

    owner_field = "initiative"

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    slug = models.SlugField(_("slug"), max_length=120)
    name = translated_char(_("what is counted"))
    unit = translated_char(_("unit"), max_length=100)
    ascending = models.BooleanField(
        _("higher is better"), default=True, help_text=_("Untick when the aim is to go down.")
    )
    counts_whole_things = models.BooleanField(
        _("counts whole things"),
        default=False,
        help_text=_(
            "Tick when the value is a number of things that only come whole (villages, "
            "people, documents): a fraction is then refused."
        ),
    )
    # A coverage indicator: its value can also be derived from the initiative's memberships
    # (initiatives/coverage.py), and a typed value that differs is a conflict staff see.
    counts_members = models.CharField(
        _("counts member territories"),
        max_length=20,
        choices=territory_kinds,
        blank=True,
        help_text=_(
            "The kind of territory this indicator counts among the initiative's members, when "
            "its value can be derived from them; empty for a value that is only typed in."
        ),
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_date = PartialDateField(_("baseline date"))
    target_value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_date = PartialDateField(_("target date"))

    history = HistoricalRecords()
    objects = OwnedRowManager.from_queryset(IndicatorQuerySet)()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["initiative", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "slug"], name="%(app_label)s_%(class)s_unique_slug"
            ),
            not_blank("slug"),
            non_negative("baseline_value"),
            non_negative("target_value"),
            date_order("baseline_date", "target_date"),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.name}"

    def natural_key(self):
        return (*self.initiative.natural_key(), self.slug)

    @classmethod
    def natural_key_fields(cls):
        return (*key_fields_via("initiative", Initiative), "slug")

    natural_key.dependencies = ["initiatives.initiative"]

    def clean(self):
        super().clean()
        errors = {
            name: [self.fraction_error()]
            for name in ("baseline_value", "target_value")
            if self.refuses_fraction(getattr(self, name))
        }
        if errors:
            raise ValidationError(errors)

    def refuses_fraction(self, value):
        return self.counts_whole_things and value is not None and value != value.to_integral()

    def fraction_error(self):
        return ValidationError(
            _("This indicator counts whole %(unit)s: the number cannot have a fraction."),
            code="fraction",
            params={"unit": self.unit or _("things")},
        )

    @property
    def progress(self):
        """The latest measurement against the target, as `with_progress(reader)` annotated it.

        It never queries on the side: which measurements count depends on the reader, and only
        the read model knows who that is.
        """
        if not hasattr(self, "latest_value"):
            raise ProgressNotAnnotated(
                f"Progress of indicator {self.pk} was not annotated: read indicators through "
                "Indicator.objects.with_progress(reader) (or for_list/for_detail)."
            )
        return Progress(
            value=self.latest_value,
            as_of=self.latest_as_of,
            target=self.target_value,
            target_date=self.target_date,
            baseline=self.baseline_value,
            ascending=self.ascending,
        )


class MeasurementManager(models.Manager):
    def get_by_natural_key(self, initiative_slug, indicator_slug, as_of):
        return self.get(
            indicator__initiative__slug=initiative_slug, indicator__slug=indicator_slug, as_of=as_of
        )


class Measurement(CitedFact):
    """The value of an indicator as of a (partial) date, with the sentence that gives it."""

    subject_path = "indicator__initiative"

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
        # Found by the indexes that begin with it (Meta): with an index of its own as well,
        # PostgreSQL reads an indicator's 10,000 values through it and sorts them, to keep 20.
        db_index=False,
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    as_of = PartialDateField(_("as of"), null=False, blank=False)
    # Unlike other facts, a measurement always cites its source.
    source = models.ForeignKey(
        "initiatives.Source", verbose_name=_("source"), on_delete=models.PROTECT
    )
    quote = models.CharField(
        _("quote"),
        max_length=1000,
        help_text=_("The sentence of the source that gives this number."),
    )
    note = translated_char(_("note"))
    confirmed = models.BooleanField(
        _("confirmed unusual value"),
        default=False,
        help_text=_(
            "Tick when the value is beyond the target or goes against the indicator's "
            "direction, and the source does say so."
        ),
    )

    objects = MeasurementManager()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "as_of"]
        indexes = [
            # The feed's newest values across the registry.
            models.Index(fields=["-as_of", "-id"], name="measurement_latest"),
            # Each indicator's values newest first, as its latest values and chart points are
            # numbered: read in order, not sorted.
            models.Index(fields=["indicator", "-as_of"], name="measurement_indicator_latest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "as_of"],
                name="%(app_label)s_%(class)s_one_per_date",
                violation_error_message=_("This indicator already has a value for this date."),
            ),
            non_negative("value"),
            not_blank("quote"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value.normalize():f} ({self.as_of})"

    def natural_key(self):
        return (*self.indicator.natural_key(), self.as_of.isoformat())

    @classmethod
    def natural_key_fields(cls):
        return (*key_fields_via("indicator", Indicator), "as_of")

    natural_key.dependencies = ["initiatives.indicator", "initiatives.source"]

    def clean(self):
        """Refuse what cannot be so (a date after its source or in the future, before the
        baseline; a fraction of whole things), and what is unusual unless `confirmed`: a value
        beyond the target, or one going against the indicator's direction."""
        errors = defaultdict(list)
        try:
            super().clean()
        except ValidationError as error:
            for name, messages in error.update_error_dict({}).items():
                errors[name].extend(messages)
        indicator = self.related("indicator")
        # A field that failed its own check (clean_fields) still holds the text it was given.
        if isinstance(self.as_of, PartialDate | UncertainDate):
            errors["as_of"].extend(self.date_errors(indicator))
        if isinstance(self.value, Decimal) and indicator is not None:
            if indicator.refuses_fraction(self.value):
                errors["value"].append(indicator.fraction_error())
            unusual = self.unusual(indicator)
            if unusual and not self.confirmed:
                errors["value"].extend(unusual)
                errors["value"].append(
                    ValidationError(
                        _("If the source does say so, tick “%(confirmed)s”."),
                        code="unconfirmed",
                        params={"confirmed": self._meta.get_field("confirmed").verbose_name},
                    )
                )
            elif not unusual:
                self.confirmed = False  # the public page marks only what is unusual
        errors = {name: messages for name, messages in errors.items() if messages}
        if errors:
            raise ValidationError(errors)

    def related(self, name):
        """The record a reference names, or None when it names none (yet)."""
        try:
            return getattr(self, name)
        except ObjectDoesNotExist:
            return None

    def date_errors(self, indicator):
        source = self.related("source")
        published = source.published_on if source is not None else None
        if published is not None and self.as_of.first_day() > published.last_day():
            yield ValidationError(
                _("The source was published %(date)s: it cannot give a value as of a later date."),
                code="after_source",
                params={"date": published.display()},
            )
        if self.as_of.first_day() > clock.today():
            yield ValidationError(_("This date is in the future."), code="future")
        baseline = indicator.baseline_date if indicator is not None else None
        if baseline is not None and self.as_of.last_day() < baseline.first_day():
            yield ValidationError(
                _("This date is before the indicator's baseline date, %(date)s."),
                code="before_baseline",
                params={"date": baseline.display()},
            )

    def unusual(self, indicator):
        """What is unusual about the value: beyond the target, or against the direction."""
        found = []
        target, unit = indicator.target_value, indicator.unit
        if target is not None:
            if indicator.ascending and self.value > target:
                message = _("The value is higher than the target, %(target)s %(unit)s.")
                found.append(ValidationError(message, code="beyond_target"))
            elif not indicator.ascending and self.value < target:
                message = _("The value is lower than the target, %(target)s %(unit)s.")
                found.append(ValidationError(message, code="beyond_target"))
        previous = self.previous(indicator)
        if previous is not None:
            if indicator.ascending and self.value < previous.value:
                message = _(
                    "The value is lower than the previous one, %(previous)s %(unit)s as of "
                    "%(date)s, though higher is better."
                )
                found.append(ValidationError(message, code="against_direction"))
            elif not indicator.ascending and self.value > previous.value:
                message = _(
                    "The value is higher than the previous one, %(previous)s %(unit)s as of "
                    "%(date)s, though lower is better."
                )
                found.append(ValidationError(message, code="against_direction"))
        params = {"target": format_number(target), "unit": unit}
        if previous is not None:
            params |= {"previous": format_number(previous.value), "date": previous.as_of.display()}
        for error in found:
            error.params = params
        return found

    def previous(self, indicator):
        """The indicator's latest value dated before this one, or None."""
        if hasattr(self, "_previous"):
            return self._previous
        if indicator.pk is None or not isinstance(self.as_of, PartialDate):
            return None
        return (
            Measurement.objects.filter(indicator=indicator, as_of__lt=self.as_of)
            .exclude(pk=self.pk)
            .order_by("-as_of")
            .first()
        )

    @classmethod
    def find_previous(cls, measurements):
        """Give each measurement its previous value (see `previous()`) from one query: what
        an import does before it cleans many of them."""
        series = defaultdict(list)
        indicators = {measurement.indicator_id for measurement in measurements}
        for stored in cls.objects.filter(indicator__in=indicators).order_by("as_of"):
            series[stored.indicator_id].append(stored)
        for measurement in measurements:
            if measurement.as_of is None:
                continue
            values = series[measurement.indicator_id]
            dates = [stored.as_of for stored in values]
            earlier = values[: bisect_left(dates, measurement.as_of)]
            earlier = [stored for stored in earlier if stored.pk != measurement.pk]
            measurement._previous = earlier[-1] if earlier else None


class InitiativeCitation(Citation):
    record = models.ForeignKey(
        Initiative, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of an initiative")
        verbose_name_plural = _("citations of initiatives")


class IndicatorCitation(Citation):
    subject_path = "record__initiative"

    record = models.ForeignKey(
        Indicator, verbose_name=_("record"), on_delete=models.CASCADE, related_name="citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("citation of an indicator")
        verbose_name_plural = _("citations of indicators")
