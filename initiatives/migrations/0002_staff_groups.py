"""Create the Editors and Viewers staff groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from initiatives.staff_groups import EDITORS, VIEWERS, sync_staff_groups


def create_staff_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so the
    # groups can be given them in this migration.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    sync_staff_groups(apps, using=schema_editor.connection.alias)


def remove_staff_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=[EDITORS, VIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_staff_groups, remove_staff_groups)]
