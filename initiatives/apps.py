from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("LSG reform registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from initiatives import caching, history, public_status, search
        from initiatives.staff_groups import sync_staff_groups_after_migrate

        post_migrate.connect(sync_staff_groups_after_migrate, sender=self)
        history.connect()
        search.connect()
        caching.connect()
        public_status.connect()
