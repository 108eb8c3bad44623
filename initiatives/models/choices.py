"""Code lists shared by several models. Values are stable identifiers used in exports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus (codes 1–6), used for initiatives and donor projects."""

    PIPELINE = "pipeline", _("Pipeline / identification")
    IMPLEMENTATION = "implementation", _("Implementation")
    FINALISATION = "finalisation", _("Finalisation")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


IATI_ACTIVITY_STATUS_CODES = {
    ActivityStatus.PIPELINE: "1",
    ActivityStatus.IMPLEMENTATION: "2",
    ActivityStatus.FINALISATION: "3",
    ActivityStatus.CLOSED: "4",
    ActivityStatus.CANCELLED: "5",
    ActivityStatus.SUSPENDED: "6",
}


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole (codes 1–4), plus lead and partner where those read better."""

    FUNDING = "funding", _("Funding")
    ACCOUNTABLE = "accountable", _("Accountable")
    EXTENDING = "extending", _("Extending")
    IMPLEMENTING = "implementing", _("Implementing")
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")


IATI_ORGANISATION_ROLE_CODES = {
    OrganisationRole.FUNDING: "1",
    OrganisationRole.ACCOUNTABLE: "2",
    OrganisationRole.EXTENDING: "3",
    OrganisationRole.IMPLEMENTING: "4",
}


class EventRole(models.TextChoices):
    """How an organization or a person took part in an event."""

    ORGANIZER = "organizer", _("Organizer")
    SUPPORTER = "supporter", _("Supporter")
    HOST = "host", _("Host")
    PRESENTER = "presenter", _("Presenter")
    PARTICIPANT = "participant", _("Participant")
    # Told the press about the event, which a source quotes; that they were there it does not say.
    INFORMANT = "informant", _("Gave an account of the event")
