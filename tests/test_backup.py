"""docs/backup.md, followed: each backup restored into an empty database exports the same
registry, byte for byte, as the database it was taken from."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from initiatives.exports import registry_models
from tests.test_exports import SEED, wipe
from tests.test_seed_data import load_fixtures

ROOT = Path(__file__).resolve().parent.parent


def export_to(path, *args):
    call_command("export_registry", "--include-private", "--output", str(path), *args)
    return path.read_bytes()


def test_the_fixture_route_restores_the_seed_registry_into_an_empty_database(db, tmp_path):
    load_fixtures()
    backup = tmp_path / "registry-backup.json"
    before = export_to(backup)

    wipe()  # an empty database, as `migrate` leaves a new one
    assert not any(model.objects.exists() for model in registry_models())
    call_command("import_registry", str(backup), stdout=io.StringIO())

    assert export_to(tmp_path / "again.json") == before
    # Without contact details, what the restored registry exports is the seed file itself.
    out = io.StringIO()
    call_command("export_registry", stdout=out)
    assert out.getvalue() == SEED.read_text(encoding="utf-8")


def postgres_program(name):
    """pg_dump or pg_restore of the server's own major version, if installed."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    own = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    program = str(own) if own.exists() else shutil.which(name)
    assert program, f"{name} is installed with PostgreSQL (scripts/system-packages postgresql)"
    return program


def url_of(database):
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT']}/{database}"
    )


def run(*command, **environment):
    done = subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


# Committed data: pg_dump reads the database through a connection of its own.
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restored_into_an_empty_database_exports_the_same_registry(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore back up PostgreSQL; this run is on SQLite")
    load_fixtures()
    before = export_to(tmp_path / "before.json")
    assert b"sanarip-aimak" in before and b"initiatives.contactdetail" in before

    original = connection.settings_dict["NAME"]
    dump = tmp_path / "registry.dump"
    run(postgres_program("pg_dump"), "-Fc", "-d", url_of(original), "-f", dump)

    restored = f"{original}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f"CREATE DATABASE \"{restored}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        run(
            postgres_program("pg_restore"),
            *("--no-owner", "--exit-on-error", "-d", url_of(restored), dump),
        )
        after = tmp_path / "after.json"
        # No `migrate`: the dump brought the tables and their migration records.
        run(
            sys.executable,
            *("manage.py", "migrate", "--check"),
            DATABASE_URL=url_of(restored),
            DJANGO_SETTINGS_MODULE="registry.settings_testing",
        )
        run(
            sys.executable,
            *("manage.py", "export_registry", "--include-private", "--output", after),
            DATABASE_URL=url_of(restored),
            DJANGO_SETTINGS_MODULE="registry.settings_testing",
        )
        assert after.read_bytes() == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
