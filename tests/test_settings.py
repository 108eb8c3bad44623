"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="registry.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_is_refused_with_a_clear_message():
    result = run_check()
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_secret_key_from_the_environment_is_enough():
    result = run_check(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_in_database_url():
    # `make test` runs the suite a second time with DATABASE_URL pointing at PostgreSQL: that
    # run must not quietly fall back to the SQLite default.
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
