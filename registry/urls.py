from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from initiatives.admin.statements import registry_statements_view
from initiatives.sitemaps import sitemap_file, sitemap_index
from initiatives.urls import data_urlpatterns
from registry import operations

handler400 = operations.bad_request
handler403 = operations.permission_denied
handler404 = operations.page_not_found
handler500 = operations.server_error

urlpatterns = [
    path("health/", operations.health, name="health"),
    # Before the admin's own addresses, which would take it for a model's.
    path(
        "admin/registry-statements/",
        admin.site.admin_view(registry_statements_view),
        name="registry-statements",
    ),
    path("admin/", admin.site.urls),
    path("data/", include((data_urlpatterns, "data"))),
    path("api/v1/", include("initiatives.api.urls")),
    # An index of files of at most 50,000 addresses each (initiatives/sitemaps.py).
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_file,
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

# Public pages at /ru/, /ky/ and /en/: each language has its own address, so a link shared or
# indexed opens in the language it was copied in; / sends a reader to their browser's language.
# Unprefixed addresses (the admin) keep following the browser's or the staff member's choice.
urlpatterns += i18n_patterns(path("", include("initiatives.urls")))
