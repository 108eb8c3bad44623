"""How a record's status reads, for staff and the public alike: its latest report's status,
with the date and the source it is taken from, or that no source gives one
(initiatives/models/status.py)."""

from django.template.loader import render_to_string

from initiatives import clock


def render_status(record, beside_label=False):
    """The status line of an initiative, a donor project or an event.

    `beside_label`: the line follows a «Статус» label, so it does not name the status again
    («Статус: не указан в источниках», not «Статус: статус в источниках не указан»).
    """
    report = record.status_report
    return render_to_string(
        "initiatives/includes/status.html",
        {
            "report": report,
            "plan_passed": plan_passed(record, report),
            "beside_label": beside_label,
        },
    )


def plan_passed(record, report):
    """The date a planned event was to take place, when it has passed with no later report:
    "planned for March 2020 — no report that it took place"."""
    start = getattr(record, "start", None)
    if report is None or report.status != "planned" or start is None:
        return None
    return start if start.last_day() < clock.today() else None
