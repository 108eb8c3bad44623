"""Partial dates: a year, a year and month, or a full date, kept at the precision the source gives.

Sources say "в феврале 2019 года" or "до конца текущего года" as often as they give a day.
Storing such a value as a full date would invent a day; storing it as text loses ordering.
A partial date is stored as its ISO 8601 prefix ("2019", "2019-02", "2019-02-25"): fixed-width
digit groups, so plain string order is chronological order and a coarser value sorts before the
finer values inside it. The database checks the format; Python checks the calendar.
"""

import calendar
import datetime
import functools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives import localized

# What a partial date may be, all but the length of each month (the calendar's, in Python):
# year 0001-9999 (Python has no year 0), month 01-12, day 01-31. One pattern for the server
# and for the API schema, so written in the syntax both Python and ECMA-262 read (a JavaScript
# client checks it before sending): plain groups, no names; [0-9], not \d, which in Python
# also takes other scripts' digits.
PATTERN = re.compile(r"^((?!0000)[0-9]{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?$")
# The digits of a date, in or out of the calendar: which of the two a wrong date gets told.
DIGITS = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
HELP_TEXT = _("YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is.")


@functools.total_ordering
class PartialDate:
    """An immutable date known to the year, the month or the day."""

    __slots__ = ("day", "month", "year")

    YEAR, MONTH, DAY = "year", "month", "day"

    def __init__(self, year, month=None, day=None):
        if day is not None and month is None:
            raise ValueError("A day needs a month.")
        # Raises ValueError for impossible dates, month 0 and day 0 included.
        datetime.date(year, 1 if month is None else month, 1 if day is None else day)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "day", day)

    def __setattr__(self, name, value):
        raise AttributeError("PartialDate is immutable")

    @classmethod
    def parse(cls, text):
        """Read "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raise ValueError naming the text otherwise."""
        stripped = text.strip() if isinstance(text, str) else ""
        if not DIGITS.fullmatch(stripped):
            raise ValueError(f"{text!r} is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)")
        match = PATTERN.fullmatch(stripped)
        try:
            if match is None:  # the digits of a date, a month or day out of range
                raise ValueError
            return cls(*(int(part) for part in match.groups() if part is not None))
        except ValueError:
            raise ValueError(f"{text!r} is not a date in the calendar") from None

    @classmethod
    def from_value(cls, value):
        """Coerce a PartialDate, a date or ISO text to a PartialDate (None stays None)."""
        if value is None or value == "" or isinstance(value, cls):
            return value or None
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        return cls.parse(value)

    @property
    def precision(self):
        if self.day is not None:
            return self.DAY
        return self.MONTH if self.month is not None else self.YEAR

    def isoformat(self):
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def first_day(self):
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self):
        month = self.month or 12
        return datetime.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def display(self):
        """The date in the active language, no more precise than it is known: «март 2020 г.»."""
        return localized.format_partial_date(self)

    def display_governed(self):
        """The date after «с» or «до»: «с марта 2020 г.» (see localized.format_partial_date)."""
        return localized.format_partial_date(self, governed=True)

    def __str__(self):
        return self.isoformat()

    def __repr__(self):
        return f"PartialDate({self.isoformat()!r})"

    def __eq__(self, other):
        if isinstance(other, PartialDate):
            return self.isoformat() == other.isoformat()
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, PartialDate):
            return self.isoformat() < other.isoformat()
        return NotImplemented

    def __hash__(self):
        return hash(self.isoformat())


def _sqlite_format_check(column):
    # SQLite has no regular expressions of its own; GLOB is built in, so the check also holds
    # for writers other than Django.
    year = "[0-9][0-9][0-9][0-9]"
    months = ["0[1-9]", "1[0-2]"]
    days = ["0[1-9]", "[12][0-9]", "3[01]"]
    patterns = [year]
    patterns += [f"{year}-{m}" for m in months]
    patterns += [f"{year}-{m}-{d}" for m in months for d in days]
    return "(" + " OR ".join(f"\"{column}\" GLOB '{p}'" for p in patterns) + ")"


class PartialDateFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", HELP_TEXT)
        kwargs.pop("max_length", None)  # length is checked by parsing, not on the parsed value
        super().__init__(**kwargs)
        # The letters of the placeholder are the reader's words for year, month and day.
        self.widget.attrs.update({"maxlength": "10", "placeholder": _("YYYY-MM-DD")})

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return PartialDate.from_value(value)
        except ValueError as error:
            # The text may hold a "%": passed as a parameter, never formatted as a template.
            raise ValidationError(
                "%(error)s", code="invalid_partial_date", params={"error": str(error)}
            ) from None


class PartialDateField(models.Field):
    """A PartialDate column: ISO text (varchar 10) in the database, a PartialDate in Python."""

    description = _("Partial date (year, month or day)")

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def get_internal_type(self):
        return "CharField"

    def db_check(self, connection):
        column = self.db_type_parameters(connection)["column"]
        if connection.vendor == "sqlite":
            return _sqlite_format_check(column)
        if connection.vendor == "postgresql":
            return f"\"{column}\" ~ '^[0-9]{{4}}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$'"
        return None

    def from_db_value(self, value, expression, connection):
        return PartialDate.parse(value) if value else None

    def to_python(self, value):
        try:
            return PartialDate.from_value(value)
        except ValueError as error:
            # The text may hold a "%": passed as a parameter, never formatted as a template.
            raise ValidationError(
                "%(error)s", code="invalid_partial_date", params={"error": str(error)}
            ) from None

    def get_prep_value(self, value):
        if isinstance(value, PartialDate | datetime.date):
            return PartialDate.from_value(value).isoformat()
        # Text passes through unparsed: lookups such as `start__startswith="2019"` use prefixes.
        return value or None

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else None

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})


@PartialDateField.register_lookup
class PartialDateYear(models.Transform):
    """`start__year=2019`: the year of a partial date at any precision."""

    lookup_name = "year"
    output_field = models.IntegerField()

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({lhs}, 1, 4) AS integer)", params


class PartialDateYearLookup(models.Lookup):
    """`start__year=2019`, `__year__gte`, `__year__lte`...: a range of the stored text, so an
    index on the column serves it. "2019" ≤ "2019-02-25" < "2020": ISO prefixes sort by time.

    Each subclass names its bounds, (operator, years added to the given year), and the plain
    comparison of years used when the year is not a value (an expression).
    """

    bounds = ()
    operator = "="

    def as_sql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            lhs, lhs_params = self.process_lhs(compiler, connection)
            rhs, rhs_params = self.process_rhs(compiler, connection)
            return f"{lhs} {self.operator} {rhs}", [*lhs_params, *rhs_params]
        column, column_params = compiler.compile(self.lhs.lhs)
        year = int(self.rhs)
        sql, params = [], []
        for operator, offset in self.bounds:
            sql.append(f"{column} {operator} %s")
            params += [*column_params, f"{year + offset:04d}"]
        return "(" + " AND ".join(sql) + ")", params


@PartialDateYear.register_lookup
class PartialDateYearExact(PartialDateYearLookup):
    lookup_name = "exact"
    bounds = ((">=", 0), ("<", 1))


@PartialDateYear.register_lookup
class PartialDateYearGte(PartialDateYearLookup):
    lookup_name = "gte"
    operator = ">="
    bounds = ((">=", 0),)


@PartialDateYear.register_lookup
class PartialDateYearGt(PartialDateYearLookup):
    lookup_name = "gt"
    operator = ">"
    bounds = ((">=", 1),)


@PartialDateYear.register_lookup
class PartialDateYearLte(PartialDateYearLookup):
    lookup_name = "lte"
    operator = "<="
    bounds = (("<", 1),)


@PartialDateYear.register_lookup
class PartialDateYearLt(PartialDateYearLookup):
    lookup_name = "lt"
    operator = "<"
    bounds = (("<", 0),)
