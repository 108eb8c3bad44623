"""The two staff groups: Editors change registry records, Viewers only look.

Groups are created by a data migration and kept in step after every `migrate`, so a model
added later is covered without anyone editing group permissions by hand. Permissions that
staff added to a group in the admin are left alone.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

EDITORS = "Editors"
VIEWERS = "Viewers"
APP_LABEL = "initiatives"


# Written by the app itself, never by staff: the registry's version.
APP_WRITTEN = {"registryversion"}


def registry_model_names(apps):
    """Model names of the registry's records; history tables are written by the app, not staff."""
    return [
        model._meta.model_name
        for model in apps.get_app_config(APP_LABEL).get_models()
        if not model._meta.object_name.startswith("Historical")
        and model._meta.model_name not in APP_WRITTEN
    ]


def sync_staff_groups(apps, using=DEFAULT_DB_ALIAS):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=APP_LABEL,
        content_type__model__in=registry_model_names(apps),
    )
    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    viewers, _ = Group.objects.using(using).get_or_create(name=VIEWERS)
    editors.permissions.add(*permissions)
    viewers.permissions.add(*permissions.filter(codename__startswith="view_"))


def sync_staff_groups_after_migrate(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    # `migrate` passes the migrated state's `apps`; `flush` sends the signal without it.
    sync_staff_groups(apps, using)
