"""The registry's version, and the database table of the shared cache (registry/settings.py)."""

import django.utils.timezone
from django.core.management import call_command
from django.db import migrations, models

import initiatives.models.registry_version


def first_version(apps, schema_editor):
    apps.get_model("initiatives", "RegistryVersion").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)


def cache_table(apps, schema_editor):
    # Creates the table of a DatabaseCache and does nothing for Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_search_trigram")]

    operations = [
        migrations.CreateModel(
            name="RegistryVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(default=initiatives.models.registry_version.first_number, verbose_name="version")),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="changed")),
            ],
            options={"verbose_name": "registry version", "verbose_name_plural": "registry versions"},
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
        migrations.RunPython(cache_table, migrations.RunPython.noop),
    ]
