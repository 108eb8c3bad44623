"""Search by trigram on PostgreSQL: `q` and the record filters look names up with
LOWER(column) LIKE '%…%' (initiatives/search.py), which a GIN trigram index on LOWER(column)
answers without reading the table. SQLite keeps its scan: the embedded default is small.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

LANGUAGES = ("ru", "ky", "en")
RECORDS = (
    "document",
    "donorproject",
    "event",
    "eventseries",
    "initiative",
    "organization",
    "person",
    "territory",
    "topic",
)
# (table, column): every name in every language, organizations' acronyms, sources' titles.
SEARCHED = [
    *((f"initiatives_{model}", f"name_{code}") for model in RECORDS for code in LANGUAGES),
    *(("initiatives_organization", f"acronym_{code}") for code in LANGUAGES),
    ("initiatives_source", "title"),
]


def index_name(table, column):
    return f"{table.removeprefix('initiatives_')}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX "{index_name(table, column)}" ON "{table}" '
            f'USING gin (LOWER("{column}") gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCHED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0004_list_indexes")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
