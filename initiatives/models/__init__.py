"""The registry's domain model, one module per group of entities."""

from initiatives.models.documents import Document, DocumentCitation
from initiatives.models.events import (
    Event,
    EventCitation,
    EventCount,
    EventParticipation,
    EventPerson,
    EventSeries,
    EventSeriesCitation,
)
from initiatives.models.initiatives import (
    Indicator,
    IndicatorCitation,
    Initiative,
    InitiativeCitation,
    InitiativeParticipation,
    Measurement,
)
from initiatives.models.organizations import (
    Organization,
    OrganizationCitation,
    OrganizationName,
    OrganizationSuccession,
)
from initiatives.models.people import ContactDetail, Person, PersonCitation, Position
from initiatives.models.places import Territory, TerritoryCitation, Topic, TopicCitation
from initiatives.models.projects import (
    DonorProject,
    DonorProjectCitation,
    DonorProjectParticipation,
)
from initiatives.models.registry_version import RegistryVersion
from initiatives.models.remarks import CommitmentReport, Statement
from initiatives.models.sources import Source
from initiatives.models.status import (
    DonorProjectPublicStatus,
    DonorProjectStatusReport,
    EventPublicStatus,
    EventStatusReport,
    InitiativePublicStatus,
    InitiativeStatusReport,
)

# isort: off
# Imported last, so registered after every other model: the exports' order of models (and so
# the seed fixture) is the registration order sorted by dependencies, and a model registered
# among the others would reorder the ones it does not depend on.
from initiatives.models.coverage import TerritoryMembership
# isort: on

__all__ = [
    "CommitmentReport",
    "ContactDetail",
    "Document",
    "DocumentCitation",
    "DonorProject",
    "DonorProjectCitation",
    "DonorProjectParticipation",
    "DonorProjectPublicStatus",
    "DonorProjectStatusReport",
    "Event",
    "EventCitation",
    "EventCount",
    "EventParticipation",
    "EventPerson",
    "EventPublicStatus",
    "EventSeries",
    "EventSeriesCitation",
    "EventStatusReport",
    "Indicator",
    "IndicatorCitation",
    "Initiative",
    "InitiativeCitation",
    "InitiativeParticipation",
    "InitiativePublicStatus",
    "InitiativeStatusReport",
    "Measurement",
    "Organization",
    "OrganizationCitation",
    "OrganizationName",
    "OrganizationSuccession",
    "Person",
    "PersonCitation",
    "Position",
    "RegistryVersion",
    "Source",
    "Statement",
    "Territory",
    "TerritoryCitation",
    "TerritoryMembership",
    "Topic",
    "TopicCitation",
]
