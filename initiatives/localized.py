"""Dates, numbers and times as each language writes them, from CLDR (through Babel).

Django's own formats say "Июнь 2020 г." and, in Kyrgyz, "25 Февраль 2020 ж." (a capitalised
month in running text), print a decimal at its stored precision ("484.0000") and give Kyrgyz a
decimal point where Kyrgyz writes a comma. CLDR has all three languages right, so every door
that shows such a value to a reader (pages, admin, feed, chart, status and progress lines,
validation messages) formats it here, in the active language.

Machine-readable values never pass here: ISO dates and numbers in the API's
JSON, exports and form inputs keep their plain form.
"""

import functools
from decimal import Decimal

from babel import Locale, dates, numbers
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _


@functools.cache
def _locale(language):
    return Locale.parse(translation.to_locale(language))


def current_locale():
    """The Babel locale of the active language (the default language outside a request)."""
    return _locale(translation.get_language() or settings.LANGUAGE_CODE)


def format_number(value):
    """A measured figure as the language writes it: 484.0000 → "484", 7.50 → "7,5" (ru) or
    "7.5" (en), 12345.5 → "12 345,5" with a no-break space (ru). The stored precision (four
    decimal places) is not the measured one, so trailing zeros go; no digit is rounded away."""
    if value is None:
        return ""
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return numbers.format_decimal(
        value.normalize(), locale=current_locale(), decimal_quantization=False
    )


def format_percent(value):
    """A percent given as a number of hundredths: 2 → "2 %" (ru, no-break space) or "2%"."""
    if value is None:
        return ""
    return numbers.format_percent(
        Decimal(value) / 100, locale=current_locale(), decimal_quantization=False
    )


def format_partial_date(partial_date, governed=False):
    """A date no more precise than it is known, in the nominative a label or a date after
    "на" needs: "25 февраля 2020 г.", "июнь 2020 г.", "2020" (ru); "2020-ж., 25-февраль",
    "2020-ж., июнь" (ky); "February 25, 2020", "June 2020" (en).

    `governed` is for a preposition that governs the genitive («с», «до»): the month-year then
    takes the month's format form instead of its stand-alone one, in Russian the genitive
    («с июня 2020 г.»); English and Kyrgyz write the two alike.
    """
    locale = current_locale()
    day = partial_date.first_day()
    if partial_date.precision == partial_date.DAY:
        return dates.format_date(day, "long", locale=locale)
    if partial_date.precision == partial_date.MONTH:
        pattern = locale.datetime_skeletons["yMMMM"].pattern
        if governed:
            pattern = pattern.replace("LLLL", "MMMM")
        return dates.format_date(day, pattern, locale=locale)
    return dates.format_skeleton("y", day, locale=locale)


def format_open_date(open_date, governed=False):
    """A date the source leaves open (partial_dates.UncertainDate), saying how it is open:
    "23 ноября 2019 или 2020 г." (one of a set differing in the year only: the years joined
    in the date's own pattern), "около ноября 2019 г.", "23 ноября 2019 г. (дата не точна)",
    "не ранее 23 октября 2019 г. и не позднее 23 ноября 2019 г." (ru).

    Russian «около», «не ранее», «не позднее» govern the genitive, as «с» and «до» do, so the
    dates after them are formatted governed; the others keep the caller's `governed`.
    """
    kind = open_date.kind
    if kind == open_date.ONE_OF:
        return _one_of(open_date.dates, governed)
    if kind == open_date.BETWEEN:
        start, end = (format_partial_date(date, governed=True) for date in open_date.dates)
        return _("between %(start)s and %(end)s") % {"start": start, "end": end}
    [date] = open_date.dates
    if kind == open_date.APPROXIMATE:
        return _("about %(date)s") % {"date": format_partial_date(date, governed=True)}
    if kind == open_date.BOTH:
        text = _("about %(date)s") % {"date": format_partial_date(date, governed=True)}
        return _("%(date)s (uncertain)") % {"date": text}
    return _("%(date)s (uncertain)") % {"date": format_partial_date(date, governed)}


# A year no source gives, and a leap year (29 February has it): stands for the year while a
# set's dates are written alike.
_YEAR_MARK = 8888


def _one_of(dates, governed):
    """The dates of a set joined by "or"; when they differ only in the year, the years alone
    within one date: «23 ноября 2019 или 2020 г.», "November 23, 2019 or 2020"."""
    texts = [format_partial_date(date, governed) for date in dates]
    same_but_year = len({date.isoformat()[4:] for date in dates}) == 1
    if same_but_year:
        first = dates[0]
        template = format_partial_date(type(first)(_YEAR_MARK, first.month, first.day), governed)
        if template.count(str(_YEAR_MARK)) == 1:
            years = join_or([str(date.year) for date in dates])
            return template.replace(str(_YEAR_MARK), years)
    return join_or(texts)


def join_or(items):
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def format_datetime(value):
    """A moment of record time (created, changed, deleted) in the registry's time zone:
    "25 февр. 2020 г., 19:05:00" (ru), "Feb 25, 2020, 7:05:00 PM" (en)."""
    if value is None:
        return ""
    return dates.format_datetime(
        value, "medium", tzinfo=timezone.get_current_timezone(), locale=current_locale()
    )
