"""Public pages. Each record's page is named after its model, as get_absolute_url expects."""

from django.urls import path

from initiatives import downloads, views
from initiatives.feeds import UpdatesFeed

app_name = "initiatives"


def pages(prefix, list_view, detail_view):
    """The list at /<prefix>/ and each record at /<prefix>/<slug>/."""
    model_name = detail_view.model._meta.model_name
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{model_name}-list"),
        path(f"{prefix}/<slug:slug>/", detail_view.as_view(), name=model_name),
    ]


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed.atom", UpdatesFeed(), name="feed"),
    *pages("initiatives", views.InitiativeListView, views.InitiativeView),
    *pages("organizations", views.OrganizationListView, views.OrganizationView),
    *pages("events", views.EventListView, views.EventView),
    path("series/<slug:slug>/", views.EventSeriesView.as_view(), name="eventseries"),
    *pages("projects", views.DonorProjectListView, views.DonorProjectView),
    *pages("people", views.PersonListView, views.PersonView),
    *pages("documents", views.DocumentListView, views.DocumentView),
    *pages("territories", views.TerritoryListView, views.TerritoryView),
    *pages("topics", views.TopicListView, views.TopicView),
    *pages("sources", views.SourceListView, views.SourceView),
    *pages("statements", views.StatementListView, views.StatementView),
    path(
        "sources/<slug:slug>/facts/<slug:kind>/",
        views.SourceFactsView.as_view(),
        name="source-facts",
    ),
    path(
        "initiatives/<slug:slug>/territories/",
        views.MembershipListView.as_view(),
        name="initiative-members",
    ),
    path(
        "initiatives/<slug:slug>/indicators/<slug:indicator>/",
        views.IndicatorView.as_view(),
        name="indicator",
    ),
]

# Data downloads, the same in every language: outside the language prefix (registry/urls.py).
data_urlpatterns = [
    path("registry.json", downloads.registry_fixture, name="registry-fixture"),
    path("registry.zip", downloads.registry_bundle, name="registry-bundle"),
    path("csv/<slug:model_name>.csv", downloads.model_csv, name="model-csv"),
    path("iati/activities.xml", downloads.iati_activities, name="iati-activities"),
    path("iati/<slug:model_name>/<slug:slug>.xml", downloads.iati_activity, name="iati-activity"),
    path("<slug:model_name>/<slug:slug>.json", downloads.record_fixture, name="record-fixture"),
]
