"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run(args, **env):
    """Run a Python command in the project with SECRET_KEY and DEBUG only as given."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="registry.settings")
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def debug_seen_by_manage_py(**env):
    return run(
        [
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        **env,
    )


def test_the_server_refuses_to_start_without_a_secret_key():
    result = run(["-c", "import registry.wsgi"])
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_manage_py_in_a_fresh_checkout_runs_in_development_mode():
    result = debug_seen_by_manage_py()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_manage_py_with_debug_off_and_no_key_is_refused():
    result = run(["manage.py", "check"], DEBUG="false")
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_a_secret_key_from_the_environment_keeps_debug_off():
    result = debug_seen_by_manage_py(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_in_database_url():
    # `make test` runs the suite a second time with DATABASE_URL pointing at PostgreSQL: that
    # run must not quietly fall back to the SQLite default.
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
