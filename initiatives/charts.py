"""An indicator's measurements over time against its target, drawn on the server as inline SVG.

The chart needs no JavaScript and no external file: colours are SVG presentation attributes
(overridable through the `chart-*` classes), and a `viewBox` lets it scale to the width there
is. Text in a viewBox scales with the drawing, so one drawing cannot have readable labels both
on a phone and on a wide screen: each chart is drawn twice, in a wide layout and in a narrow
one (a phone's), and the stylesheet shows the one that fits (site.css), each with labels of at
least 12 px where it is shown. It is an image with a title and a description in words,
followed by a table of every measurement, so the figures are readable without seeing it.

A single value with nothing to set it against (no target, no dated baseline) is not drawn: a
lone dot in an empty box says less than the figure with its date, which is shown instead.

Placement in time: a partial date is drawn at the middle of its span ("2020-02" at 15 February,
"2020" at 2 July), the least wrong single point for a value known only to the month or year.
The labels and the table always show the date as precisely as it is known, never the point.

The value axis starts at zero: values cannot be negative, and a bar or line that starts
elsewhere makes 8 of 484 look like more than it is.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from initiatives.localized import format_number


@dataclass(frozen=True)
class Layout:
    """A drawing's own coordinate system, which the browser scales to the width available."""

    name: str
    width: int
    height: int
    left: int  # the plot area inside the axes: left, right, top, bottom
    right: int
    top: int
    bottom: int
    inset: int  # keeps the first and last points off the axes
    label_gap: int  # closer date labels than this would overprint each other
    font_size: int

    @property
    def date_rows(self):
        """The two rows of date labels under the time axis."""
        return (
            self.bottom + round(self.font_size * 1.5),
            self.bottom + round(self.font_size * 2.8),
        )


# Wide: shown from 48rem (the figure is then 640 px wide or more, labels 12 px or more).
WIDE = Layout("wide", 640, 300, 56, 616, 32, 252, 16, 160, 12)
# Narrow: a phone's. At 390 px the figure is about 338 px wide: 13 units are 13.7 px.
NARROW = Layout("narrow", 320, 236, 48, 312, 28, 184, 12, 140, 13)
LAYOUTS = (WIDE, NARROW)

WIDTH, HEIGHT = WIDE.width, WIDE.height
LEFT, RIGHT, TOP, BOTTOM = WIDE.left, WIDE.right, WIDE.top, WIDE.bottom
INSET, LABEL_GAP = WIDE.inset, WIDE.label_gap


@dataclass(frozen=True)
class Scale:
    """A linear map from a data interval to a drawing interval.

    A degenerate data interval (one date, or every value zero) maps to the middle of the
    drawing interval, so a lone point sits in the middle rather than on an axis.
    """

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value):
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (float(value) - self.low) / (self.high - self.low) * (
            self.end - self.start
        )


def date_position(partial_date):
    """Days since 1 January of year 1 at the middle of the date's span: a day is its own middle."""
    return (partial_date.first_day().toordinal() + partial_date.last_day().toordinal()) / 2


def time_scale(dates, layout=WIDE):
    """Time runs left to right from the earliest to the latest of the dates given."""
    positions = [date_position(date) for date in dates]
    return Scale(
        min(positions), max(positions), layout.left + layout.inset, layout.right - layout.inset
    )


def value_scale(values, layout=WIDE):
    """Values run bottom to top from zero to the largest value given (target included)."""
    top = max([0.0, *(float(value) for value in values)])
    return Scale(0.0, top, layout.bottom, layout.top)


def anchor_for(x, layout=WIDE):
    """Anchor a text at x so that it stays inside the drawing."""
    if x > layout.right - layout.label_gap / 2:
        return "end"
    if x < layout.left + layout.label_gap / 2:
        return "start"
    return "middle"


def coordinate(number):
    """SVG coordinates are written with a dot whatever the language: never localize them."""
    return f"{number:.1f}"


@dataclass(frozen=True)
class Mark:
    """A point, line end or label of the drawing, coordinates already written out."""

    x: str = ""
    y: str = ""
    text: str = ""
    anchor: str = "middle"
    kind: str = ""  # the CSS class of a label


def place_labels(candidates, layout=WIDE):
    """Date labels under the time axis: (x, text, kind) in order of importance.

    A label goes on the first of two rows where it keeps clear of the labels already there;
    one with no room, or repeating a text already shown, is left out.
    """
    rows = {row: [] for row in layout.date_rows}
    placed = []
    for x, text, kind in candidates:
        if any(mark.text == text for mark in placed):
            continue
        for row, xs in rows.items():
            if all(abs(x - other) >= layout.label_gap for other in xs):
                xs.append(x)
                placed.append(
                    Mark(coordinate(x), coordinate(row), text, anchor_for(x, layout), kind)
                )
                break
    return placed


def with_unit(figures, unit):
    return f"{figures} {unit}" if unit else figures


def describe(indicator, measurements):
    """The chart in one sentence: the latest figures, the first, the baseline and the target."""
    target, unit = indicator.target_value, indicator.unit
    clauses = []
    if measurements:
        latest = measurements[-1]
        figures = format_number(latest.value)
        if target is not None and indicator.ascending:
            figures = _("%(value)s of %(target)s") % {
                "value": figures,
                "target": format_number(target),
            }
        clauses.append(
            _("%(figures)s as of %(date)s")
            % {"figures": with_unit(figures, unit), "date": latest.as_of.display()}
        )
        if len(measurements) > 1:
            first = measurements[0]
            clauses.append(
                _("first measured %(value)s as of %(date)s")
                % {"value": format_number(first.value), "date": first.as_of.display()}
            )
    else:
        clauses.append(_("no measurements yet"))
    if indicator.baseline_value is not None:
        value = format_number(indicator.baseline_value)
        if indicator.baseline_date:
            clauses.append(
                _("baseline %(value)s as of %(date)s")
                % {"value": value, "date": indicator.baseline_date.display()}
            )
        else:
            clauses.append(_("baseline %(value)s") % {"value": value})
    if target is not None and indicator.target_date:
        clauses.append(
            _("target %(value)s by %(date)s")
            % {"value": format_number(target), "date": indicator.target_date.display()}
        )
    elif target is not None:
        clauses.append(_("target %(value)s, no date set") % {"value": format_number(target)})
    elif indicator.target_date:
        clauses.append(
            _("no target value, target date %(date)s") % {"date": indicator.target_date.display()}
        )
    else:
        clauses.append(_("no target set"))
    if not indicator.ascending:
        clauses.append(_("lower is better"))
    sentence = capfirst("; ".join(clauses))
    # Russian dates end with "г.": no second full stop after one.
    return sentence if sentence.endswith(".") else sentence + "."


def chart_context(indicator, measurements, layout=WIDE):
    """Everything the template draws in one layout, computed here so the template only
    places it."""
    unit = indicator.unit
    baseline = indicator.baseline_value
    has_baseline_point = baseline is not None and indicator.baseline_date is not None
    dates = [measurement.as_of for measurement in measurements]
    if has_baseline_point:
        dates.append(indicator.baseline_date)
    if indicator.target_date:
        dates.append(indicator.target_date)
    x = time_scale(dates, layout)
    values = [measurement.value for measurement in measurements]
    values += [v for v in (baseline, indicator.target_value) if v is not None]
    top = max(values)
    y = value_scale(values, layout)

    points = [
        Mark(
            coordinate(x(date_position(measurement.as_of))),
            coordinate(y(measurement.value)),
            _("%(figures)s as of %(date)s")
            % {
                "figures": with_unit(format_number(measurement.value), unit),
                "date": measurement.as_of.display(),
            },
        )
        for measurement in measurements
    ]
    latest = points[-1]
    latest_figures = format_number(measurements[-1].value)
    if len(measurements) == 1:
        # A lone point is the chart's whole message: it says what it counts.
        latest_figures = with_unit(latest_figures, unit)
    latest_label = Mark(
        latest.x,
        coordinate(float(latest.y) - 10),
        latest_figures,
        anchor_for(float(latest.x), layout),
    )

    target_line = target_marker = baseline_point = None
    if indicator.target_value is not None:
        target_line = Mark(
            coordinate(layout.left + 4),
            coordinate(y(indicator.target_value)),
            _("target %(value)s") % {"value": format_number(indicator.target_value)},
            "start",
        )
    # The time axis names the target date, the latest date and the earliest, as space allows.
    named = []
    if indicator.target_date:
        target_marker = Mark(coordinate(x(date_position(indicator.target_date))))
        named.append((indicator.target_date, "chart-target-date"))
    named += [(max(dates), "chart-date"), (min(dates), "chart-date")]
    date_labels = place_labels(
        [(x(date_position(date)), date.display(), kind) for date, kind in named], layout
    )
    if has_baseline_point:
        baseline_point = Mark(
            coordinate(x(date_position(indicator.baseline_date))),
            coordinate(y(baseline)),
            _("baseline %(value)s as of %(date)s")
            % {
                "value": with_unit(format_number(baseline), unit),
                "date": indicator.baseline_date.display(),
            },
        )

    # The value axis names zero and its top, unless the target line sits at the top.
    value_x = coordinate(layout.left - 6)
    value_labels = [Mark(value_x, coordinate(layout.bottom), "0", "end")]
    if top > 0 and indicator.target_value != top:
        value_labels.append(Mark(value_x, coordinate(layout.top), format_number(top), "end"))

    # The line starts from the baseline when it comes before the first measurement.
    joined = points
    if baseline_point and indicator.baseline_date <= measurements[0].as_of:
        joined = [baseline_point, *points]
    return {
        "layout": layout,
        "points": points,
        "line": " ".join(f"{point.x},{point.y}" for point in joined) if len(joined) > 1 else "",
        "latest_label": latest_label,
        "target_line": target_line,
        "target_marker": target_marker,
        "baseline_point": baseline_point,
        "date_labels": date_labels,
        "value_labels": value_labels,
    }


def worth_drawing(indicator, measurements):
    """Two values or more, or one with a target or a dated baseline to set it against."""
    if len(measurements) > 1:
        return True
    dated_baseline = indicator.baseline_value is not None and indicator.baseline_date
    return bool(measurements) and (indicator.target_value is not None or dated_baseline)


def render_indicator_chart(indicator, measurements=None, request=None):
    """The chart of an indicator with its text alternative, as safe HTML.

    Measurements default to `indicator.measurements.all()`, which reads a prefetch when there
    is one; their sources are shown, so prefetch `measurements__source` too (see
    `IndicatorQuerySet.with_measurements()`). They are sorted here, not in the database, so a
    prefetch in any order costs no query. With the `request`, a draft source is marked for staff.
    """
    if measurements is None:
        measurements = indicator.measurements.all()
    measurements = sorted(measurements, key=lambda measurement: measurement.as_of)
    ids = f"indicator-{indicator.pk}-chart"
    unit = indicator.unit
    context = {
        "indicator": indicator,
        "measurements": measurements,
        "rows": [
            (measurement.as_of.display(), format_number(measurement.value), measurement.source)
            for measurement in measurements
        ],
        "description": describe(indicator, measurements),
        "ids": ids,
    }
    if worth_drawing(indicator, measurements):
        context["drawings"] = [
            {**chart_context(indicator, measurements, layout), "ids": f"{ids}-{layout.name}"}
            for layout in LAYOUTS
        ]
    elif measurements:
        (value,) = measurements
        figures = format_html("<strong>{}</strong>", with_unit(format_number(value.value), unit))
        # The sentence is ours (the catalogue); what goes into it is escaped.
        context["figure"] = mark_safe(
            _("%(figures)s as of %(date)s")
            % {"figures": figures, "date": conditional_escape(value.as_of.display())}
        )
    return render_to_string("initiatives/includes/indicator_chart.html", context, request=request)


@dataclass(frozen=True)
class CountSeries:
    """A count over time drawn as an indicator is (no unit, baseline or target): the number of
    member territories of an initiative (initiatives/coverage.py)."""

    name: str
    unit: str = ""
    ascending: bool = True
    baseline_value: object = None
    baseline_date: object = None
    target_value: object = None
    target_date: object = None


def render_count_chart(title, points, ids, request=None):
    """The count's line over time with its text alternative and a table of the points, as
    safe HTML; nothing for fewer than two points (the count is then said in words)."""
    if len(points) < 2:
        return ""
    series = CountSeries(title)
    latest = points[-1]
    description = _("%(figures)s as of %(date)s") % {
        "figures": format_number(latest.value),
        "date": latest.as_of.display(),
    }
    context = {
        "title": title,
        "description": capfirst(description),
        "rows": [(point.as_of.display(), format_number(point.value)) for point in points],
        "drawings": [
            {**chart_context(series, points, layout), "ids": f"{ids}-{layout.name}"}
            for layout in LAYOUTS
        ],
    }
    return render_to_string("initiatives/includes/count_chart.html", context, request=request)
