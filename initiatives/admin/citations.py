"""The citation tables on their own: which facts a source backs, found by quote or record.

Staff add citations in the inline of the record they support; these lists are for looking
across records, e.g. everything taken from one article.
"""

from django.contrib import admin

from initiatives.admin.base import CitationAdmin
from initiatives.models import (
    DocumentCitation,
    DonorProjectCitation,
    EventCitation,
    EventSeriesCitation,
    IndicatorCitation,
    InitiativeCitation,
    OrganizationCitation,
    PersonCitation,
    TerritoryCitation,
    TopicCitation,
)

admin.site.register(
    [
        DocumentCitation,
        DonorProjectCitation,
        EventCitation,
        EventSeriesCitation,
        IndicatorCitation,
        InitiativeCitation,
        OrganizationCitation,
        PersonCitation,
        TerritoryCitation,
        TopicCitation,
    ],
    CitationAdmin,
)
