"""Partial dates: a year, a year and month, or a full date, kept at the precision the source gives.

Sources say "в феврале 2019 года" or "до конца текущего года" as often as they give a day.
Storing such a value as a full date would invent a day; storing it as text loses ordering.
A partial date is stored as its ISO 8601 prefix ("2019", "2019-02", "2019-02-25"): fixed-width
digit groups, so plain string order is chronological order and a coarser value sorts before the
finer values inside it. The database checks the format; Python checks the calendar.

Some sources leave a date open: an article dated «Сегодня, 23 ноября» with no year, a meeting
"in about November". Such a date is written in EDTF (ISO 8601-2), the standard notation for
it, and kept as that text (an UncertainDate): uncertain `2019-11-23?`, approximate `2019-11~`,
both `2019-11%`, one of a set `[2019-11-23,2020-11-23]` (elements in ascending order: one way
to write each value) and a bounded interval `2019-10-23/2019-11-23` (the date lies in it).
Only these forms are read, by one strict pattern (PATTERN) rather than the `edtf` package:
that package reads all of levels 0-2 (unspecified digits, seasons, open ends...), which would
all have to be refused again, and one pattern has to serve both the API schema (ECMA-262) and
the server. A set's text starts with "[", which sorts after the digits: the database orders
by the value's earliest reading and finds it by year on both its readings (the Earliest and
Latest transforms below, SQL expressions over the one column; the list indexes are on the
expression). No companion column holds the bounds: nothing to keep in step when a fixture is
loaded raw or a QuerySet updated, and the exports stay one field per date.
"""

import calendar
import datetime
import functools
import itertools
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
DATE_PATTERN = re.compile(
    r"^((?!0000)[0-9]{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?$"
)
_DATE = r"(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
# Every value a date field takes: a date, a qualified date, an interval or a set. The shape
# only; the calendar and the order of a set's elements are Python's (UncertainDate.parse).
PATTERN = re.compile(rf"^(?:{_DATE}[?~%]?|{_DATE}/{_DATE}|\[{_DATE}(?:,{_DATE})+\])$")
# The longest text kept: a set of five days ("[2019-11-23,2020-11-23]" is 23 characters).
MAX_LENGTH = 64
# The digits of a date, in or out of the calendar: which of the two a wrong date gets told.
DIGITS = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
HELP_TEXT = _(
    "YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is. A date the source leaves open, "
    "in EDTF: 2019-11-23? uncertain, 2019-11~ approximate, [2019-11-23,2020-11-23] one of "
    "these, 2019-10-23/2019-11-23 between these."
)


class DateValue:
    """What every date value shares: equal when written alike, ordered by `sort_key()`, so a
    plain and an open date sort together."""

    __slots__ = ()

    def __eq__(self, other):
        if isinstance(other, DateValue):
            return self.isoformat() == other.isoformat()
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, DateValue):
            return self.sort_key() < other.sort_key()
        return NotImplemented

    def __hash__(self):
        return hash(self.isoformat())


@functools.total_ordering
class PartialDate(DateValue):
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

    def __reduce__(self):
        # Pickled (a cache keeps records that hold dates) as the call that makes it: pickle's
        # default would set the slots one by one, which an immutable value refuses.
        return type(self), (self.year, self.month, self.day)

    @classmethod
    def parse(cls, text):
        """Read "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raise ValueError naming the text otherwise."""
        stripped = text.strip() if isinstance(text, str) else ""
        if not DIGITS.fullmatch(stripped):
            raise ValueError(f"{text!r} is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)")
        match = DATE_PATTERN.fullmatch(stripped)
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
        if isinstance(value, UncertainDate):
            return value
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        return parse_date(value)

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

    def sort_key(self):
        """Chronological order of any date value: by its earliest reading, then its text."""
        return (self.isoformat(), "")


def parse_date(text):
    """A PartialDate or, for EDTF text, an UncertainDate; ValueError naming the text else."""
    if isinstance(text, str) and EDTF_MARKS.search(text):
        return UncertainDate.parse(text)
    return PartialDate.parse(text)


# The characters that make a value EDTF rather than a plain partial date.
EDTF_MARKS = re.compile(r"[?~%/\[\],]")


@functools.total_ordering
class UncertainDate(DateValue):
    """A date the source leaves open, in EDTF: what it may be, and how to say so.

    `kind` is one of UNCERTAIN ("2019-11-23?"), APPROXIMATE ("2019-11~"), BOTH ("2019-11%"),
    ONE_OF ("[2019-11-23,2020-11-23]") or BETWEEN ("2019-10-23/2019-11-23"); `dates` are its
    partial dates (one for a qualified date, the elements of a set, the ends of an interval).
    It answers what a PartialDate answers (first and last possible day, display, ISO text) so
    every door that shows or compares a date takes either.
    """

    __slots__ = ("dates", "kind")

    UNCERTAIN, APPROXIMATE, BOTH, ONE_OF, BETWEEN = "?", "~", "%", "one_of", "between"
    QUALIFIERS = (UNCERTAIN, APPROXIMATE, BOTH)
    # Not a PartialDate precision: code asking "is the day known?" is told no.
    precision = "open"

    def __init__(self, kind, dates):
        dates = tuple(dates)
        if kind in self.QUALIFIERS and len(dates) != 1:
            raise ValueError("A qualified date is one date.")
        if kind == self.ONE_OF and len(dates) < 2:
            raise ValueError("A set has at least two dates.")
        if kind == self.BETWEEN and len(dates) != 2:
            raise ValueError("An interval has two ends.")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "dates", dates)

    def __setattr__(self, name, value):
        raise AttributeError("UncertainDate is immutable")

    def __reduce__(self):
        return type(self), (self.kind, self.dates)  # as PartialDate.__reduce__

    @classmethod
    def parse(cls, text):
        """Read one of the EDTF forms above; raise ValueError saying what is wrong otherwise."""
        stripped = text.strip() if isinstance(text, str) else ""
        if len(stripped) > MAX_LENGTH or not PATTERN.fullmatch(stripped):
            raise ValueError(
                f"{text!r} is not a date: YYYY, YYYY-MM or YYYY-MM-DD, or in EDTF "
                "2019-11-23?, 2019-11~, 2019-11%, [2019-11-23,2020-11-23] or "
                "2019-10-23/2019-11-23"
            )
        if stripped.startswith("["):
            kind, parts = cls.ONE_OF, stripped[1:-1].split(",")
        elif "/" in stripped:
            kind, parts = cls.BETWEEN, stripped.split("/")
        else:
            kind, parts = stripped[-1], [stripped[:-1]]
        dates = [PartialDate.parse(part) for part in parts]
        if kind == cls.ONE_OF and any(
            a.sort_key() >= b.sort_key() for a, b in itertools.pairwise(dates)
        ):
            raise ValueError(f"{text!r}: write the dates of a set once each, earliest first")
        if kind == cls.BETWEEN and dates[0].last_day() >= dates[1].first_day():
            raise ValueError(f"{text!r}: an interval's start must come before its end")
        return cls(kind, dates)

    def isoformat(self):
        """The EDTF text, as stored and as the API and exports carry it."""
        texts = [date.isoformat() for date in self.dates]
        if self.kind == self.ONE_OF:
            return "[" + ",".join(texts) + "]"
        if self.kind == self.BETWEEN:
            return "/".join(texts)
        return texts[0] + self.kind

    @property
    def earliest(self):
        return self.dates[0]

    @property
    def latest(self):
        return self.dates[-1]

    def first_day(self):
        """The earliest day it may be."""
        return self.earliest.first_day()

    def last_day(self):
        """The latest day it may be."""
        return self.latest.last_day()

    def display(self):
        """«23 ноября 2019 или 2020 г.», «около ноября 2019 г.» (localized.format_open_date)."""
        return localized.format_open_date(self)

    def display_governed(self):
        """After «с» or «до»: the genitive, as PartialDate.display_governed."""
        return localized.format_open_date(self, governed=True)

    def sort_key(self):
        return (self.earliest.isoformat(), self.isoformat())

    def __str__(self):
        return self.isoformat()

    def __repr__(self):
        return f"UncertainDate({self.isoformat()!r})"


def _sqlite_format_check(column):
    # SQLite has no regular expressions of its own; GLOB is built in, so the check also holds
    # for writers other than Django. A plain date is checked exactly; an EDTF value by its
    # shape (digits and its marks, a set in brackets), its grammar by Python.
    year = "[0-9][0-9][0-9][0-9]"
    months = ["0[1-9]", "1[0-2]"]
    days = ["0[1-9]", "[12][0-9]", "3[01]"]
    patterns = [year]
    patterns += [f"{year}-{m}" for m in months]
    patterns += [f"{year}-{m}-{d}" for m in months for d in days]
    patterns += [f"{year}*[?~%]", f"{year}*/{year}*", f"[[]{year}*,{year}*]"]
    exact = " OR ".join(f"\"{column}\" GLOB '{p}'" for p in patterns)
    return f"(({exact}) AND NOT \"{column}\" GLOB '*[^-0-9?~%/,[]]*')"


class PartialDateFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", HELP_TEXT)
        kwargs.pop("max_length", None)  # length is checked by parsing, not on the parsed value
        super().__init__(**kwargs)
        # The letters of the placeholder are the reader's words for year, month and day.
        self.widget.attrs.update({"maxlength": str(MAX_LENGTH), "placeholder": _("YYYY-MM-DD")})

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate | UncertainDate) else value

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
    """A PartialDate or UncertainDate column: ISO or EDTF text in the database."""

    description = _("Partial date (year, month or day)")

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = MAX_LENGTH
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(*args, **kwargs)

    def get_internal_type(self):
        return "CharField"

    def db_check(self, connection):
        column = self.db_type_parameters(connection)["column"]
        if connection.vendor == "sqlite":
            return _sqlite_format_check(column)
        if connection.vendor == "postgresql":
            # PATTERN without its look-ahead for year 0000 (Python refuses that year).
            pattern = PATTERN.pattern.replace("(?!0000)", "")
            return f"\"{column}\" ~ '{pattern}'"
        return None

    def from_db_value(self, value, expression, connection):
        return PartialDate.from_value(value) if value else None

    def to_python(self, value):
        try:
            return PartialDate.from_value(value)
        except ValueError as error:
            # The text may hold a "%": passed as a parameter, never formatted as a template.
            raise ValidationError(
                "%(error)s", code="invalid_partial_date", params={"error": str(error)}
            ) from None

    def get_prep_value(self, value):
        if isinstance(value, PartialDate | UncertainDate | datetime.date):
            return PartialDate.from_value(value).isoformat()
        # Text passes through unparsed: lookups such as `start__startswith="2019"` use prefixes.
        return value or None

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else None

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})


def _sql_functions(connection):
    """(position of a text in a column, the last n characters): each database's spelling."""
    if connection.vendor == "postgresql":
        return (lambda column, text: f"STRPOS({column}, '{text}')"), (
            lambda text, count: f"RIGHT({text}, {count})"
        )
    return (lambda column, text: f"INSTR({column}, '{text}')"), (
        lambda text, count: f"SUBSTR({text}, -{count})"
    )


def _earliest(column, connection):
    """SQL for the earliest reading of a stored value as a partial date's text, which sorts and
    compares by time: a set's first element, a qualified date without its mark ("2019-11~" is
    "2019-11", coarse before fine as in Python), an interval's start."""
    position, _right = _sql_functions(connection)
    return (
        f"(CASE WHEN SUBSTR({column}, 1, 1) = '['"
        f" THEN SUBSTR({column}, 2, {position(column, ',')} - 2)"
        f" WHEN SUBSTR({column}, LENGTH({column}), 1) IN ('?', '~', '%%')"
        f" THEN SUBSTR({column}, 1, LENGTH({column}) - 1)"
        f" WHEN {position(column, '/')} > 0 THEN SUBSTR({column}, 1, {position(column, '/')} - 1)"
        f" ELSE {column} END)"
    )


def _latest(column, connection):
    """SQL for the latest reading: a set's last element (read from the end: an element is 4, 7
    or 10 characters), a qualified date without its mark, an interval's end."""
    position, right = _sql_functions(connection)
    tail = f"SUBSTR({column}, 1, LENGTH({column}) - 1)"  # a set without its "]"
    last_element = (
        f"CASE WHEN SUBSTR({right(tail, 3)}, 1, 1) <> '-' THEN {right(tail, 4)}"
        f" WHEN SUBSTR({right(tail, 6)}, 1, 1) = '-' THEN {right(tail, 10)}"
        f" ELSE {right(tail, 7)} END"
    )
    return (
        f"(CASE WHEN SUBSTR({column}, 1, 1) = '[' THEN {last_element}"
        f" WHEN SUBSTR({column}, LENGTH({column}), 1) IN ('?', '~', '%%') THEN {tail}"
        f" WHEN {position(column, '/')} > 0 THEN SUBSTR({column}, {position(column, '/')} + 1)"
        f" ELSE {column} END)"
    )


@PartialDateField.register_lookup
class Earliest(models.Transform):
    """`Earliest(F("start"))` (or `start__earliest`) in date order: a set sorts by its first
    date, where text order alone would put its "[" after every digit."""

    lookup_name = "earliest"
    output_field = models.CharField()
    bound = staticmethod(_earliest)

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        sql = self.bound(lhs, connection)
        return sql, params * sql.count(lhs)


@PartialDateField.register_lookup
class Latest(Earliest):
    """`end__latest`: the latest reading of a date as partial-date text ("2020-11-23" for
    "[2019-11-23,2020-11-23]"), to compare an open end with a start."""

    lookup_name = "latest"
    bound = staticmethod(_latest)


def chronological(name, **nulls):
    """Order by a date field in time, "-name" newest first: `order_by(chronological("-start"))`.
    A set sorts by its first date, a plain or qualified date and an interval by their text
    (which starts with their earliest date). `nulls_last=True` as for an OrderBy."""
    earliest = Earliest(models.F(name.removeprefix("-")))
    return earliest.desc(**nulls) if name.startswith("-") else earliest.asc(**nulls)


@PartialDateField.register_lookup
class PartialDateYear(models.Transform):
    """`start__year=2019`: the year of a partial date at any precision; of an open date, the
    year of its earliest reading (the earliest year it may be)."""

    lookup_name = "year"
    output_field = models.IntegerField()

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        sql = _earliest(lhs, connection)
        return f"CAST(SUBSTR({sql}, 1, 4) AS integer)", params * sql.count(lhs)


@PartialDateField.register_lookup
class PartialDateLastYear(models.Transform):
    """`end__last_year`: the latest year a date may be in (its own year for a plain date)."""

    lookup_name = "last_year"
    output_field = models.IntegerField()

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        sql = _latest(lhs, connection)
        return f"CAST(SUBSTR({sql}, 1, 4) AS integer)", params * sql.count(lhs)


class PartialDateYearLookup(models.Lookup):
    """`start__year=2019`, `__year__gte`, `__year__lte`...: whether the date MAY fall in (or
    after, before) the year, so "[2019-11-23,2020-11-23]" is found under 2019 and under 2020
    and "2019-12-20/2020-01-10" under both too.

    A plain date is compared as a range of the stored text, so an index on the column serves
    it ("2019" ≤ "2019-02-25" < "2020": ISO prefixes sort by time); a set or an interval by
    its bounds. Each subclass names its bounds, (which reading, operator, years added to the
    given year), and the plain comparison of years used when the year is not a value.
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
        # A set's "[" sorts after every digit: the plain range stops before it.
        plain, open_, params, open_params = [f"{column} < '['"], [], [*column_params], []
        for reading, operator, offset in self.bounds:
            limit = f"{year + offset:04d}"
            plain.append(f"{column} {operator} %s")
            params += [*column_params, limit]
            sql = (_earliest if reading == "earliest" else _latest)(column, connection)
            open_.append(f"{sql} {operator} %s")
            open_params += [*column_params * sql.count(column), limit]
        # Plain dates hold no EDTF mark; the open ones are few and read by their bounds.
        marked = f"({column} >= '[' OR {column} LIKE '%%/%%')"
        sql = f"(({' AND '.join(plain)}) OR ({marked} AND {' AND '.join(open_)}))"
        return sql, [*params, *column_params, *column_params, *open_params]


@PartialDateYear.register_lookup
class PartialDateYearExact(PartialDateYearLookup):
    lookup_name = "exact"
    bounds = (("earliest", "<", 1), ("latest", ">=", 0))


@PartialDateYear.register_lookup
class PartialDateYearGte(PartialDateYearLookup):
    lookup_name = "gte"
    operator = ">="
    bounds = (("latest", ">=", 0),)


@PartialDateYear.register_lookup
class PartialDateYearGt(PartialDateYearLookup):
    lookup_name = "gt"
    operator = ">"
    bounds = (("latest", ">=", 1),)


@PartialDateYear.register_lookup
class PartialDateYearLte(PartialDateYearLookup):
    lookup_name = "lte"
    operator = "<="
    bounds = (("earliest", "<", 1),)


@PartialDateYear.register_lookup
class PartialDateYearLt(PartialDateYearLookup):
    lookup_name = "lt"
    operator = "<"
    bounds = (("earliest", "<", 0),)
