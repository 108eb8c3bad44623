"""IATI 2.03 activity XML: the registry's donor projects and initiatives as IATI activities.

The registry is a secondary reporter (reporting-org/@secondary-reporter): it retells what
published sources say of activities other organisations run. An activity is a published donor
project or initiative that has what the IATI schema cannot do without (`is_activity`): a
status a source gives, an organisation in one of IATI's four roles, and a date. The rest are
counted in a comment at the top of the file and left out: a status, a role or a day is never
made up to fill a required element. Everything is read as the public reads it
(initiatives/visibility.py), whoever asks: an IATI file is a publication.

Where the registry's facts are coarser than IATI's fields, the file says so instead of being
more precise than its sources (README, "IATI activity XML"):
- a date known to the month or the year stands as its first day (a start) or its last day (an
  end), with a narrative in each language saying what is known;
- with no start date recorded, the earliest dated report of the activity under way bounds its
  actual start, and its narrative says that is all that is known;
- the registry has no IATI organisation identifiers: identifiers are prefixed with
  settings.IATI_REPORTING_ORG_REF only once it is set, and a comment says when it is not.

Activities are written one at a time, read from the database a chunk at a time with what they
show prefetched, so memory stays flat however large the registry is.
"""

import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from initiatives import prefetches
from initiatives.exports import CHUNK
from initiatives.models import (
    DonorProject,
    Indicator,
    Initiative,
    Organization,
    Territory,
)
from initiatives.models.base import LANGUAGE_CODES
from initiatives.models.choices import (
    IATI_ACTIVITY_STATUS_CODES,
    IATI_ORGANISATION_ROLE_CODES,
    ActivityStatus,
)
from initiatives.partial_dates import PartialDate, PartialDateField
from initiatives.visibility import PUBLIC, public_condition

VERSION = "2.03"
# The whole-registry file among the download snapshots (initiatives/snapshots.py).
SNAPSHOT = "iati/activities.xml"
CONTENT_TYPE = "application/xml; charset=utf-8"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The registry's own dates of each kind of activity, with their IATI ActivityDateType. A donor
# project has one start and one end, as its sources announce its term: a plan (1, 3), since
# whether it kept to it is not recorded.
DATES = {
    DonorProject: (("start", "1"), ("end", "3")),
    Initiative: (
        ("planned_start", "1"),
        ("actual_start", "2"),
        ("planned_end", "3"),
        ("actual_end", "4"),
    ),
}
START_TYPES = {"1", "2"}
ACTUAL_START = "2"
# Statuses that say an activity had started by the report's date.
STARTED = (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION, ActivityStatus.CLOSED)

# IATI OrganisationType for the kinds of organisation that have one; a donor, an NGO (national
# or international?), an association or the media could be several, so they have no type.
ORGANISATION_TYPES = {
    Organization.Kind.STATE_BODY: "10",  # Government
    Organization.Kind.LSG_BODY: "11",  # Local Government
    Organization.Kind.STATE_ENTERPRISE: "15",  # Other Public Sector
    Organization.Kind.INTERNATIONAL: "40",  # Multilateral
    Organization.Kind.ACADEMY: "80",  # Academic, Training and Research
}
# IATI DocumentCategory of every link: each is the registry's web page about the activity, a
# source that states its facts or a document linked to it. The registry does not record a
# document's part in an activity (its objectives? a review?), so no other A-code is claimed.
WEB_PAGE = "A12"
RESULT_OTHER = "9"  # ResultType: the registry does not class indicators as outputs or outcomes
MEASURE_UNIT = "1"  # IndicatorMeasure: every indicator counts something in its unit
CHILD, PARENT, THIRD_PARTY = "2", "1", "5"  # RelatedActivityType, as seen from this activity

# Narratives in ru, ky and en, in the file whatever language the request is in.
FIRST_OF_MONTH = gettext_noop("Only the month is known (%(date)s): its first day is given.")
FIRST_OF_YEAR = gettext_noop("Only the year is known (%(date)s): its first day is given.")
LAST_OF_MONTH = gettext_noop("Only the month is known (%(date)s): its last day is given.")
LAST_OF_YEAR = gettext_noop("Only the year is known (%(date)s): its last day is given.")
STARTED_ON = gettext_noop(
    "The start date is not known. A source reports the activity under way on %(date)s: it "
    "started that day or earlier."
)
STARTED_BY = gettext_noop(
    "The start date is not known. A source reports the activity under way as of %(date)s: it "
    "started no later than %(day)s."
)
NO_DESCRIPTION = gettext_noop("The registry has no description of this activity.")
UNIT = gettext_noop("Unit: %(unit)s")
REPORTING_ORG_NAME = gettext_noop("LSG reform registry")

# Characters XML 1.0 cannot hold: dropped from text typed in the admin, not written.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def is_activity(model):
    """Q: a published donor project or initiative that IATI can take as an activity. It needs
    a status (a public report), an organisation in an IATI role and a date: one of its own,
    or a dated report of it under way, which bounds its start."""
    reports = model._meta.get_field("status_reports").related_model
    roles = model._meta.get_field("participations").related_model
    reported = PUBLIC.visible(reports).filter(**{reports.owner_field: OuterRef("pk")})
    in_iati_role = PUBLIC.visible(roles).filter(
        **{roles.owner_field: OuterRef("pk")}, role__in=list(IATI_ORGANISATION_ROLE_CODES)
    )
    dated = Q()
    for name, _type in DATES[model]:
        dated |= Q(**{f"{name}__isnull": False})
    return (
        public_condition(model)
        & Exists(reported)
        & Exists(in_iati_role)
        & (dated | Exists(started(reported)))
    )


def is_activity_flag(model):
    """`is_activity` as a value to annotate a record with: in the page's own query."""
    return ExpressionWrapper(is_activity(model), output_field=BooleanField())


def started(reports):
    return reports.filter(status__in=STARTED).exclude(as_of=None)


def activity_rows(model):
    """`model`'s activities with everything the file shows of them, in slug order."""
    reports = model._meta.get_field("status_reports").related_model
    reported = PUBLIC.visible(reports).filter(**{reports.owner_field: OuterRef("pk")})
    first_under_way = started(reported).order_by("as_of").values("as_of")[:1]
    queryset = (
        model.objects.visible_to(PUBLIC)
        .filter(is_activity(model))
        .with_status(PUBLIC)
        .annotate(started_by=Subquery(first_under_way, output_field=PartialDateField()))
        .prefetch_related(
            prefetches.related(
                PUBLIC, model, "participations", "organization", "source", order=("pk",)
            ),
            prefetches.related(PUBLIC, model, "citations", "source", order=("pk",)),
            Prefetch(
                "status_reports",
                queryset=PUBLIC.visible(reports).select_related("source"),
                to_attr="all_reports",
            ),
        )
        .order_by("slug")
    )
    if model is DonorProject:
        return queryset.prefetch_related(
            Prefetch("initiatives", activities_of(Initiative), to_attr="related_activities")
        )
    indicators = (
        PUBLIC.visible(Indicator)
        .order_by("slug")
        .prefetch_related(
            prefetches.related(PUBLIC, Indicator, "citations", "source", order=("pk",)),
            prefetches.related(PUBLIC, Indicator, "measurements", "source", order=("as_of",)),
        )
    )
    parent = activities_of(Initiative).filter(pk=OuterRef("parent"))
    return queryset.annotate(parent_activity=Subquery(parent.values("slug")[:1])).prefetch_related(
        Prefetch("donor_projects", activities_of(DonorProject), to_attr="related_activities"),
        Prefetch("children", activities_of(Initiative), to_attr="child_activities"),
        Prefetch("indicators", indicators),
        prefetches.related(PUBLIC, Initiative, "documents", order=("slug",)),
        prefetches.related(PUBLIC, Initiative, "territories", order=("slug",)),
    )


def activities_of(model):
    """The activities of `model`, as another activity links them."""
    return model.objects.filter(is_activity(model)).order_by("slug")


def every_activity():
    """Every activity, donor projects first, a chunk at a time."""
    for model in DATES:
        yield from activity_rows(model).iterator(chunk_size=CHUNK)


def one_activity(model_name, slug):
    """The activity at /data/iati/<model_name>/<slug>.xml, or None."""
    models = {model._meta.model_name: model for model in DATES}
    if model_name not in models:
        return None
    return activity_rows(models[model_name]).filter(slug=slug).first()


def left_out():
    """{model: how many published records are not activities}."""
    return {
        model: model.objects.visible_to(PUBLIC).exclude(is_activity(model)).count()
        for model in DATES
    }


def identifier(record):
    """The activity's iati-identifier: the registry's IATI organisation identifier, when it
    has one, and the record's own (e.g. `donorproject-better-local-services`)."""
    return identifier_of(record._meta.model_name, record.slug)


def identifier_of(model_name, slug):
    local = f"{model_name}-{slug}"
    prefix = settings.IATI_REPORTING_ORG_REF
    return f"{prefix}-{local}" if prefix else local


def header_comments(omitted=None):
    """What a reader of the file should know first: what is missing and why."""
    comments = [
        "The LSG reform registry (Kyrgyz Republic) reports as a secondary reporter: each "
        "activity is what published sources say of it, and each source is linked.",
    ]
    if not settings.IATI_REPORTING_ORG_REF:
        comments.append(
            "The registry has no IATI organisation identifier yet: reporting-org/@ref is empty "
            "and iati-identifiers are the registry's own, without the prefix IATI requires "
            "(setting IATI_REPORTING_ORG_REF)."
        )
    if not settings.IATI_REPORTING_ORG_TYPE:
        comments.append(
            "reporting-org/@type is empty: the registry's organisation type is not set "
            "(setting IATI_REPORTING_ORG_TYPE)."
        )
    if not settings.SITE_URL:
        comments.append(
            "document-link addresses are relative to the registry's site (setting SITE_URL)."
        )
    comments.append(
        "No participating organisation has a ref: the registry holds no IATI organisation "
        "identifiers. Organisations in roles IATI has no code for (lead, partner) are not "
        "listed. No activity has a sector, a transaction or a contact."
    )
    if omitted:
        comments.append(
            f"Left out: {omitted[DonorProject]} published donor projects and "
            f"{omitted[Initiative]} published initiatives without what IATI requires of an "
            "activity (a status from a source, an organisation in an IATI role, a date)."
        )
    return comments


def write_activities(stream, activities, comments):
    """An iati-activities document to a text stream, one activity at a time."""
    generated = timezone.now().replace(microsecond=0).isoformat()
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<iati-activities version="{VERSION}" generated-datetime="{generated}">\n')
    for comment in comments:
        stream.write(f"  <!-- {comment} -->\n")
    for record in activities:
        element = activity_element(record)
        ET.indent(element, space="  ", level=1)
        stream.write(f"  {ET.tostring(element, encoding='unicode')}\n")
    stream.write("</iati-activities>\n")


def write_registry(stream):
    """Every activity the public may see: /data/iati/activities.xml."""
    write_activities(stream, every_activity(), header_comments(left_out()))


def write_one(stream, record):
    write_activities(stream, [record], header_comments())


# Elements, in the order of the schema's sequence.


def activity_element(record):
    activity = ET.Element("iati-activity", {XML_LANG: settings.LANGUAGE_CODE})
    ET.SubElement(activity, "iati-identifier").text = identifier(record)
    reporting_org(activity)
    narratives(ET.SubElement(activity, "title"), texts(record, "name"))
    description = ET.SubElement(activity, "description", {"type": "1"})  # General
    narratives(description, texts(record, "description") or in_every_language(NO_DESCRIPTION))
    for participation in sorted(
        (p for p in record.participations.all() if p.role in IATI_ORGANISATION_ROLE_CODES),
        key=lambda p: (IATI_ORGANISATION_ROLE_CODES[p.role], p.organization.slug),
    ):
        participating_org(activity, participation)
    status = record.status_report
    ET.SubElement(activity, "activity-status", {"code": IATI_ACTIVITY_STATUS_CODES[status.status]})
    activity_dates(activity, record)
    ET.SubElement(activity, "recipient-country", {"code": "KG"})
    if isinstance(record, Initiative):
        for territory in record.territories.all():
            if territory.kind != Territory.Kind.COUNTRY:
                location = ET.SubElement(activity, "location", {"ref": territory.slug})
                narratives(ET.SubElement(location, "name"), texts(territory, "name"))
    if isinstance(record, DonorProject):
        budget(activity, record)
    document_links(activity, record)
    related_activities(activity, record)
    if isinstance(record, Initiative):
        for indicator in record.indicators.all():
            result(activity, indicator)
    return activity


def reporting_org(activity):
    org = ET.SubElement(
        activity,
        "reporting-org",
        {
            "ref": settings.IATI_REPORTING_ORG_REF,
            "type": settings.IATI_REPORTING_ORG_TYPE,
            "secondary-reporter": "1",
        },
    )
    narratives(org, in_every_language(REPORTING_ORG_NAME))


def participating_org(activity, participation):
    organization = participation.organization
    attributes = {"role": IATI_ORGANISATION_ROLE_CODES[participation.role]}
    if organization.kind in ORGANISATION_TYPES:
        attributes["type"] = ORGANISATION_TYPES[organization.kind]
    narratives(
        ET.SubElement(activity, "participating-org", attributes), texts(organization, "name")
    )


def activity_dates(activity, record):
    """The record's own dates at the precision IATI allows, or the bound on its start."""
    dates = [(code, getattr(record, name)) for name, code in DATES[type(record)]]
    dates = [(code, date) for code, date in dates if date is not None]
    if not any(code in START_TYPES for code, _date in dates) and record.started_by is not None:
        day = record.started_by.last_day()
        element = ET.SubElement(
            activity, "activity-date", {"type": ACTUAL_START, "iso-date": day.isoformat()}
        )
        note = STARTED_ON if record.started_by.precision == PartialDate.DAY else STARTED_BY
        bound = {"date": record.started_by.isoformat(), "day": day.isoformat()}
        narratives(element, in_every_language(note, **bound))
    for code, date in sorted(dates):
        end = code not in START_TYPES
        day = date.last_day() if end else date.first_day()
        element = ET.SubElement(
            activity, "activity-date", {"type": code, "iso-date": day.isoformat()}
        )
        note = {
            (PartialDate.MONTH, False): FIRST_OF_MONTH,
            (PartialDate.YEAR, False): FIRST_OF_YEAR,
            (PartialDate.MONTH, True): LAST_OF_MONTH,
            (PartialDate.YEAR, True): LAST_OF_YEAR,
        }.get((date.precision, end))
        if note:
            narratives(element, in_every_language(note, date=date.isoformat()))


def budget(activity, project):
    """The project's budget over its term; IATI needs the period, so without both dates the
    budget is not written (a comment says so)."""
    if project.budget is None:
        return
    if project.start is None or project.end is None:
        activity.append(
            ET.Comment(
                " The registry has this project's budget but not its term, which IATI needs. "
            )
        )
        return
    start = project.start.first_day().isoformat()
    element = ET.SubElement(activity, "budget")
    ET.SubElement(element, "period-start", {"iso-date": start})
    ET.SubElement(element, "period-end", {"iso-date": project.end.last_day().isoformat()})
    value = ET.SubElement(element, "value", {"currency": project.currency, "value-date": start})
    value.text = number(project.budget)


def document_links(activity, record):
    """The activity's page, the pages of the sources of its facts and of its documents."""
    link(activity, page(record), texts(record, "name"), settings.LANGUAGE_CODE)
    for source in sources(record):
        link(
            activity,
            page(source, source.language),
            {source.language: source.title},
            source.language,
            source.published_on,
        )
    if isinstance(record, Initiative):
        for document in record.documents.all():
            link(activity, page(document), texts(document, "name"), None, document.issued_on)


def sources(record):
    """The published sources of the activity's facts, in slug order."""
    facts = [*record.citations.all(), *record.all_reports, *record.participations.all()]
    if isinstance(record, Initiative):
        for indicator in record.indicators.all():
            facts += [*indicator.citations.all(), *indicator.measurements.all()]
    found = {fact.source.pk: fact.source for fact in facts if fact.source_id is not None}
    return sorted(found.values(), key=lambda source: source.slug)


def link(activity, url, titles, language, date=None):
    element = ET.SubElement(activity, "document-link", {"url": url, "format": "text/html"})
    narratives(ET.SubElement(element, "title"), titles)
    ET.SubElement(element, "category", {"code": WEB_PAGE})
    if language:
        ET.SubElement(element, "language", {"code": language})
    if date is not None and date.precision == PartialDate.DAY:
        ET.SubElement(element, "document-date", {"iso-date": date.first_day().isoformat()})


def page(record, language=None):
    """The record's public page in `language` (the registry's default one), absolute when
    settings.SITE_URL is set."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return settings.SITE_URL + record.get_absolute_url()


def related_activities(activity, record):
    def related(ref, code):
        ET.SubElement(activity, "related-activity", {"ref": ref, "type": code})

    if isinstance(record, DonorProject):
        # The registry says a project supports an initiative; IATI's nearest word is that
        # the initiative is the project's child.
        for initiative in record.related_activities:
            related(identifier(initiative), CHILD)
        if record.iati_identifier:
            # The same project as its own publisher reports it to IATI.
            related(record.iati_identifier, THIRD_PARTY)
        return
    if record.parent_activity:
        related(identifier_of("initiative", record.parent_activity), PARENT)
    for project in record.related_activities:
        related(identifier(project), PARENT)
    for child in record.child_activities:
        related(identifier(child), CHILD)


def result(activity, indicator):
    """One result per indicator (the registry groups indicators no further): its baseline,
    and a period for each date it has a value or a target for, as long as the date is known:
    a value as of February 2020 is the actual of the period 2020-02-01 to 2020-02-29."""
    element = ET.SubElement(activity, "result", {"type": RESULT_OTHER})
    title = texts(indicator, "name") or {settings.LANGUAGE_CODE: indicator.slug}
    narratives(ET.SubElement(element, "title"), title)
    attributes = {"measure": MEASURE_UNIT, "ascending": "1" if indicator.ascending else "0"}
    measured = ET.SubElement(element, "indicator", attributes)
    narratives(ET.SubElement(measured, "title"), title)
    units = {
        code: with_language(code, UNIT, unit=unit)
        for code, unit in texts(indicator, "unit").items()
    }
    if units:
        narratives(ET.SubElement(measured, "description"), units)
    if indicator.baseline_value is not None and indicator.baseline_date is not None:
        baseline = {"year": str(indicator.baseline_date.year)}
        if indicator.baseline_date.precision == PartialDate.DAY:
            baseline["iso-date"] = indicator.baseline_date.first_day().isoformat()
        baseline["value"] = number(indicator.baseline_value)
        ET.SubElement(measured, "baseline", baseline)
    periods = {}
    for measurement in indicator.measurements.all():
        periods.setdefault(measurement.as_of, {})["actual"] = measurement.value
    if indicator.target_value is not None and indicator.target_date is not None:
        periods.setdefault(indicator.target_date, {})["target"] = indicator.target_value
    for date, values in sorted(periods.items()):
        period = ET.SubElement(measured, "period")
        ET.SubElement(period, "period-start", {"iso-date": date.first_day().isoformat()})
        ET.SubElement(period, "period-end", {"iso-date": date.last_day().isoformat()})
        for kind in ("target", "actual"):
            if kind in values:
                ET.SubElement(period, kind, {"value": number(values[kind])})


# Text.


def texts(record, field):
    """{language: text} of a translated field, the languages that have it only."""
    found = {code: getattr(record, f"{field}_{code}") for code in LANGUAGE_CODES}
    return {code: text for code, text in found.items() if text}


def in_every_language(message, **params):
    return {code: with_language(code, message, **params) for code in LANGUAGE_CODES}


def with_language(code, message, **params):
    with translation.override(code):
        text = gettext(message)
    return text % params if params else text


def narratives(parent, by_language):
    for code, text in by_language.items():
        ET.SubElement(parent, "narrative", {XML_LANG: code}).text = NOT_XML.sub("", text)


def number(value):
    """A decimal as IATI reads it: 484, 8.5, never 484.0000 or 4.84E+2."""
    return f"{value.normalize():f}"
