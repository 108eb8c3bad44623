"""Django admin for staff: every registry record, its citations, roles and history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.admin import (  # noqa: F401  (modules register their ModelAdmins)
    citations,
    coverage,
    documents,
    events,
    initiatives,
    organizations,
    people,
    places,
    projects,
    remarks,
    sources,
)

admin.site.site_header = _("LSG reform registry")
admin.site.site_title = _("LSG reform registry")
