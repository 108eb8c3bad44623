"""The citation tables on their own: which facts a source backs, found by quote or record.

Staff add citations in the inline of the record they support; these lists are for looking
across records, e.g. everything taken from one article.
"""

from django.contrib import admin

from initiatives import models
from initiatives.admin.base import CitationAdmin

admin.site.register(
    [
        models.DocumentCitation,
        models.DonorProjectCitation,
        models.EventCitation,
        models.EventSeriesCitation,
        models.IndicatorCitation,
        models.InitiativeCitation,
        models.OrganizationCitation,
        models.PersonCitation,
        models.TerritoryCitation,
        models.TopicCitation,
    ],
    CitationAdmin,
)
