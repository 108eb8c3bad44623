"""What a record's page tells search engines about the record, as schema.org JSON-LD.

One builder per kind of record, each reading only what the page's read model already holds
(`for_page()`: its optional references joined, its relations prefetched, the first SHOWN rows of
each, all as the page's reader may see them, initiatives/visibility.py), so the JSON-LD costs no
query of its own, is as long as the page at most, and names nothing the page does not show.
Personal contact details are never read here: they are staff-only, and no page holds them.

Texts are the page's: each in the page's language, falling back as the page's `text` tag does.
A record's `url` is its page's canonical address; its `@id` is the same `tag:` URI the Atom feed
gives it (initiatives/feeds.py), the same in every language and on every host, so the three
language versions of a page describe one thing. Dates are partial ISO 8601 ("2020", "2020-02",
"2020-02-25"), as schema.org's Date allows: no more precise than the source.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from initiatives import models
from initiatives.feeds import tag
from initiatives.models.choices import EventRole, OrganisationRole
from initiatives.models.status import EventStatus
from initiatives.partial_dates import PartialDate

SCHEMA = "https://schema.org"

# The schema.org type that says what the registry's kind says; other kinds are plain
# Organizations (a donor or an international body may be a government's agency or not).
ORGANIZATION_TYPES = {
    models.Organization.Kind.STATE_BODY: "GovernmentOrganization",
    models.Organization.Kind.LSG_BODY: "GovernmentOrganization",
    models.Organization.Kind.NGO: "NGO",
    models.Organization.Kind.ACADEMY: "ResearchOrganization",
    models.Organization.Kind.MEDIA: "NewsMediaOrganization",
}

# schema.org's EventStatusType has no "held": EventScheduled is "taking place or has taken place
# on the startDate as scheduled".
EVENT_STATUSES = {
    EventStatus.PLANNED: "https://schema.org/EventScheduled",
    EventStatus.HELD: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}

# Characters that could end the <script> element or open markup inside it, written as JSON
# escapes: the same JSON, and no `</script>` or `<!--` can appear in the element's text.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data):
    """`data` as a `<script type="application/ld+json">` element, safe whatever its texts hold
    (Django's json_script escapes the same way, but writes type="application/json")."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def record_id(record):
    """The record's stable identifier: the Atom feed's id for it."""
    return tag(f"{record._meta.model_name}/{record.slug}")


def partial(date):
    """A partial date as ISO 8601 at its own precision, or None. A date the source leaves open
    ("23 November 2019 or 2020", EDTF) has no schema.org form: it is left out, not narrowed."""
    return date.isoformat() if isinstance(date, PartialDate) else None


def compact(data):
    """Without the properties the registry does not know: no empty strings or lists."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


class Builder:
    """The JSON-LD of records on pages answered to one request (for absolute addresses)."""

    def __init__(self, request):
        self.request = request

    def url(self, record):
        return self.request.build_absolute_uri(record.get_absolute_url())

    def reference(self, record, schema_type):
        """A related record, named and linked, with its own @id."""
        return compact(
            {
                "@type": schema_type,
                "@id": record_id(record),
                "name": str(record.name),
                "url": self.url(record),
            }
        )

    def organization(self, organization):
        return self.reference(organization, organization_type(organization))

    def described(self, record, schema_type, canonical):
        """What every record says of itself: the page's subject, in the page's language."""
        return {
            "@context": SCHEMA,
            "@type": schema_type,
            "@id": record_id(record),
            "name": str(record.name),
            "description": str(record.description),
            "url": canonical,
            "mainEntityOfPage": {
                "@type": "WebPage",
                "@id": canonical,
                "inLanguage": get_language(),
            },
        }

    def for_organization(self, organization, canonical):
        data = self.described(organization, organization_type(organization), canonical)
        data["alternateName"] = str(organization.acronym)
        data["sameAs"] = organization.website
        if organization.country:
            data["address"] = {
                "@type": "PostalAddress",
                "addressCountry": organization.country.code,
            }
        if organization.parent:
            data["parentOrganization"] = self.organization(organization.parent)
        data["subOrganization"] = [
            self.organization(child) for child in organization.children_shown
        ]
        return data

    def for_event(self, event, canonical):
        data = self.described(event, "Event", canonical)
        data["startDate"] = partial(event.start)
        data["endDate"] = partial(event.end)
        report = event.status_report
        if report is not None:
            data["eventStatus"] = EVENT_STATUSES[report.status]
        data["eventAttendanceMode"] = attendance_mode(event)
        data["location"] = self.locations(event)
        # The events this one is part of: its series, and the event it was held within.
        supers = [
            self.reference(record, kind)
            for record, kind in ((event.series, "EventSeries"), (event.parent, "Event"))
            if record
        ]
        if supers:
            data["superEvent"] = supers[0] if len(supers) == 1 else supers
        data["subEvent"] = [self.reference(child, "Event") for child in event.children_shown]
        data["organizer"] = [
            self.organization(participation.organization)
            for participation in event.participations_shown
            if participation.role == EventRole.ORGANIZER
        ] + [
            self.reference(attendance.person, "Person")
            for attendance in event.attendances_shown
            if attendance.role == EventRole.ORGANIZER
        ]
        return data

    def locations(self, event):
        """Where the event was: online, at its venue, in its territory, as the page says."""
        places = []
        if event.is_online:
            places.append({"@type": "VirtualLocation"})
        territory = self.reference(event.territory, "Place") if event.territory else None
        if event.venue:
            places.append(
                compact({"@type": "Place", "name": str(event.venue), "containedInPlace": territory})
            )
        elif territory:
            places.append(territory)
        return places

    def for_initiative(self, initiative, canonical):
        data = self.described(initiative, "Project", canonical)
        # A Project is an Organization to schema.org: it was founded and dissolved. The planned
        # dates have no property; the page shows them.
        data["foundingDate"] = partial(initiative.actual_start)
        data["dissolutionDate"] = partial(initiative.actual_end)
        data["funder"] = self.funders(initiative)
        if initiative.parent:
            data["parentOrganization"] = self.reference(initiative.parent, "Project")
        data["subOrganization"] = [
            self.reference(child, "Project") for child in initiative.children_shown
        ]
        data["areaServed"] = [
            self.reference(territory, "Place") for territory in initiative.territories_shown
        ]
        return data

    def for_donor_project(self, project, canonical):
        data = self.described(project, "Project", canonical)
        data["foundingDate"] = partial(project.start)
        data["dissolutionDate"] = partial(project.end)
        data["identifier"] = project.iati_identifier
        data["funder"] = self.funders(project)
        return data

    def funders(self, record):
        return [
            self.organization(participation.organization)
            for participation in record.participations_shown
            if participation.role == OrganisationRole.FUNDING
        ]

    def for_person(self, person, canonical):
        """Name, description and posts: nothing else about a person is public."""
        data = self.described(person, "Person", canonical)
        positions = person.positions_shown
        # A post not known to have ended may still be held; one that ended is no job title.
        data["jobTitle"] = [str(position.title) for position in positions if not position.end]
        # schema.org's Role pattern: each post ties its title and dates to its organization.
        data["worksFor"] = [
            compact(
                {
                    "@type": "EmployeeRole",
                    "roleName": str(position.title),
                    "startDate": partial(position.start),
                    "endDate": partial(position.end),
                    "worksFor": self.organization(position.organization),
                }
            )
            for position in positions
        ]
        return data


def organization_type(organization):
    return ORGANIZATION_TYPES.get(organization.kind, "Organization")


def attendance_mode(event):
    if event.is_online and (event.venue or event.territory):
        return "https://schema.org/MixedEventAttendanceMode"
    if event.is_online:
        return "https://schema.org/OnlineEventAttendanceMode"
    if event.venue or event.territory:
        return "https://schema.org/OfflineEventAttendanceMode"
    return None


BUILDERS = {
    models.Organization: Builder.for_organization,
    models.Event: Builder.for_event,
    models.Initiative: Builder.for_initiative,
    models.DonorProject: Builder.for_donor_project,
    models.Person: Builder.for_person,
}


def linked_data(request, record, canonical):
    """The record's JSON-LD as a dict, or None for a kind schema.org has no type for here."""
    build = BUILDERS.get(type(record))
    if build is None:
        return None
    return compact(build(Builder(request), record, canonical))
