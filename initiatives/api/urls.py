"""/api/v1/: one route per public resource, addressed by slug; the schema and its docs page."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from initiatives.api import views

app_name = "api"

router = DefaultRouter()
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("events", views.EventViewSet, basename="event")
router.register("event-series", views.EventSeriesViewSet, basename="eventseries")
router.register("donor-projects", views.DonorProjectViewSet, basename="donorproject")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("territories", views.TerritoryViewSet, basename="territory")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("sources", views.SourceViewSet, basename="source")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("measurements", views.MeasurementViewSet, basename="measurement")
router.register("memberships", views.TerritoryMembershipViewSet, basename="territorymembership")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # SwaggerUI sets style attributes as it draws; its script is a file (the split view).
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("export/", views.RegistryExportView.as_view(), name="export"),
    *router.urls,
]
