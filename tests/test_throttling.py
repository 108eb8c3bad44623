"""The download limit (initiatives/throttling.py): the /data/ files and the API's exports
count together, past the limit the answer is 429 with Retry-After and a message in the
reader's language, and the count is shared by every process that shares the cache."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from rest_framework.throttling import AnonRateThrottle

from initiatives.throttling import DownloadRateThrottle
from tests import factories as f

# Built for each request: each one counts.
RECORD_DOWNLOADS = [
    "/data/initiative/pilot.json",
    "/api/v1/initiatives/pilot/export/",
]
# Snapshots: counted when a registry version of them is built, not when served from storage.
SNAPSHOTS = [
    "/data/registry.zip",
    "/data/csv/initiative.csv",
    "/data/registry.json",
    "/api/v1/export/",  # the same file as /data/registry.json
]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pilot(db):
    return f.InitiativeFactory(slug="pilot")


def limit(monkeypatch, rate):
    monkeypatch.setattr(DownloadRateThrottle, "rate", rate, raising=False)


def test_every_download_the_server_builds_counts_against_one_limit(pilot, monkeypatch):
    limit(monkeypatch, "5/minute")
    client = Client()
    # Three snapshot files built (the API's export is /data/registry.json, already built) and
    # two records' files: five.
    assert [client.get(url).status_code for url in SNAPSHOTS] == [200] * 4
    assert [client.get(url).status_code for url in RECORD_DOWNLOADS] == [200] * 2
    assert [client.get(url).status_code for url in RECORD_DOWNLOADS] == [429] * 2
    # Reading the API is not a download: its own rate, not used up.
    assert client.get("/api/v1/initiatives/").status_code == 200
    # Another address has its own count.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.get("/data/initiative/pilot.json").status_code == 200


def test_a_file_already_built_is_served_without_counting(pilot, monkeypatch):
    limit(monkeypatch, "2/minute")
    client = Client()
    assert client.get("/data/csv/initiative.csv").status_code == 200  # built: counted
    served = [client.get(url).status_code for url in SNAPSHOTS[1:] * 3]
    # registry.json built once (counted), then every file from storage.
    assert served == [200] * 9
    assert client.get("/data/initiative/pilot.json").status_code == 429
    # After an edit, the new version's file is built for the asking: past the limit, 429.
    f.TopicFactory()
    assert client.get("/data/csv/initiative.csv").status_code == 429


def test_a_refused_download_says_when_to_try_again_in_the_readers_language(pilot, monkeypatch):
    limit(monkeypatch, "1/minute")
    client = Client()
    assert client.get("/data/initiative/pilot.json").status_code == 200

    refused = client.get("/data/initiative/pilot.json", headers={"accept-language": "ru"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in refused
    text = refused.content.decode()
    assert text.startswith("Слишком много скачиваний")
    assert refused["Retry-After"] in text

    # A snapshot not built yet would be built: refused too.
    kyrgyz = client.get("/data/csv/initiative.csv", headers={"accept-language": "ky"})
    assert kyrgyz.status_code == 429
    assert kyrgyz.content.decode().startswith("Кыска убакытта өтө көп")

    api = client.get("/api/v1/export/", headers={"accept-language": "en"})
    assert api.status_code == 429
    assert 1 <= int(api["Retry-After"]) <= 60
    detail = api.json()["detail"]
    assert detail.startswith("Too many downloads in a short time. Try again in ")


def test_the_api_reading_rate_does_not_block_its_exports(pilot, monkeypatch):
    """The exports are downloads: their own limit, not the API's reading rate."""
    monkeypatch.setattr(AnonRateThrottle, "rate", "1/minute", raising=False)
    client = Client()
    assert client.get("/api/v1/topics/").status_code == 200
    assert client.get("/api/v1/topics/").status_code == 429
    assert client.get("/api/v1/export/").status_code == 200
    assert client.get("/api/v1/initiatives/pilot/export/").status_code == 200


# Two processes, one count

ANOTHER_SERVER = """
import json, os, sys

from registry import settings_testing

settings_testing.CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
}
import django

django.setup()
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
client = Client()
answers = [client.get(url) for url in sys.argv[1:]]
print(json.dumps([[a.status_code, a.get("Retry-After")] for a in answers]))
"""


def database_for_another_process(tmp_path):
    """A DATABASE_URL another process can open, with this test's tables: the test database
    itself on PostgreSQL; on SQLite, whose test database lives in this process's memory, a
    copy of it in a file."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = tmp_path / "copy.sqlite3"
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )


def test_the_limit_holds_across_processes_sharing_the_cache(
    transactional_db, redis_server, tmp_path
):
    """Two app servers (this one and another OS process) behind one Redis: four downloads a
    minute from one address, whichever server answers them."""
    # Committed, for the other process to read (and SQLite to copy).
    f.InitiativeFactory(slug="pilot")
    rate = "4/minute"
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_server,
            }
        }
    ):
        cache.clear()
        try:
            with pytest.MonkeyPatch.context() as patch:
                limit(patch, rate)
                client = Client()
                here = [client.get(RECORD_DOWNLOADS[0]).status_code for _ in range(2)]

                environment = {
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "registry.settings_testing",
                    "DATABASE_URL": database_for_another_process(tmp_path),
                    "REDIS_URL": redis_server,
                    "DOWNLOADS_RATE": rate,
                }
                done = subprocess.run(
                    [sys.executable, "-c", ANOTHER_SERVER, *RECORD_DOWNLOADS[:1] * 3],
                    cwd=ROOT,
                    env=environment,
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
                assert done.returncode == 0, done.stderr
                there = json.loads(done.stdout.splitlines()[-1])

                back_here = client.get(RECORD_DOWNLOADS[0])
        finally:
            cache.clear()

    assert here == [200, 200]
    assert [status for status, _ in there] == [200, 200, 429]
    assert int(there[2][1]) >= 1
    assert back_here.status_code == 429
