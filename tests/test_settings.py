"""Settings come from the environment; production refuses to start without a secret key."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run(args, **env):
    """Run a Python command in the project with SECRET_KEY and DEBUG only as given."""
    # The browser tests' async guard must not leak into a deployment check.
    dropped = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
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


PRODUCTION = {
    "SECRET_KEY": "k3v-" + "x8Qm2Lz9Rw4Tn7Yp1Hs6Jd5Fg0Bc3Va" * 2,
    "DEBUG": "false",
    "ALLOWED_HOSTS": "registry.example.org",
    # Nothing here reads the registry: no database file, no cached answers.
    "DATABASE_URL": "sqlite:///:memory:",
    "REGISTRY_CACHE": "false",
}


def test_the_production_configuration_passes_the_deployment_check():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_redirects_to_https_and_sends_the_security_headers():
    script = (
        "from django.test import Client;"
        "plain = Client().get('/ru/', HTTP_HOST='registry.example.org');"
        "print(plain.status_code, plain['Location']);"
        "health = Client().get('/health/', HTTP_HOST='registry.example.org');"
        "print(health.status_code);"
        "secure = Client().get('/robots.txt', HTTP_HOST='registry.example.org', secure=True);"
        "print(secure['Strict-Transport-Security']);"
        "print(secure['Content-Security-Policy']);"
        "print(secure['Permissions-Policy'])"
    )
    result = run(["manage.py", "shell", "-v", "0", "-c", script], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    redirect, health, hsts, csp, permissions = result.stdout.strip().splitlines()
    assert redirect == "301 https://registry.example.org/ru/"
    assert health in ("200", "503")  # answered over plain HTTP, not redirected
    assert hsts.startswith("max-age=31536000")
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "camera=()" in permissions


def test_gunicorn_conf_takes_the_address_and_workers_from_the_environment():
    result = run(
        ["-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config"],
        **PRODUCTION,
        BIND="127.0.0.1:8123",
        WEB_CONCURRENCY="3",
    )
    assert result.returncode == 0, result.stderr
    config = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert config["wsgi_app"] == "registry.wsgi"
    assert config["bind"] == "['127.0.0.1:8123']"
    assert config["workers"] == "3"
    assert config["accesslog"] == "-" and config["errorlog"] == "-"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_refuses_without_a_secret_key_before_doing_anything():
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        ["make", "serve"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "make serve: SECRET_KEY is not set" in result.stderr
    assert "migrate" not in result.stdout


def test_postgresql_compiles_no_query(db):
    """JIT compiling cost a page over every initiative half its time at scale 1: it is off."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
