"""sitemap.xml: every page the public may see, in each interface language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from initiatives import models
from initiatives.visibility import PUBLIC

PUBLIC_MODELS = [
    models.Initiative,
    models.Organization,
    models.Event,
    models.EventSeries,
    models.DonorProject,
    models.Person,
    models.Document,
    models.Territory,
    models.Topic,
    models.Source,
]


class RecordSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.visible_to(PUBLIC).order_by("slug")

    def lastmod(self, record):
        return record.updated_at


class PageSitemap(Sitemap):
    """The home page and the lists."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["initiatives:home"] + [
            f"initiatives:{model._meta.model_name}-list"
            for model in PUBLIC_MODELS
            if model is not models.EventSeries
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap(),
    **{model._meta.model_name: RecordSitemap(model) for model in PUBLIC_MODELS},
}
