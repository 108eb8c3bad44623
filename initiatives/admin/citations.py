"""The citation tables on their own: which facts a source backs, found by quote or record.

Staff add citations in the inline of the record they support; these lists are for looking
across records, e.g. everything taken from one article.
"""

from django.apps import apps
from django.contrib import admin

from initiatives.admin.base import CitationAdmin
from initiatives.models.sources import Citation

# Every concrete citation table, so one added with a new kind of record is listed too.
admin.site.register(
    [
        model
        for model in apps.get_app_config("initiatives").get_models()
        if issubclass(model, Citation)
    ],
    CitationAdmin,
)
