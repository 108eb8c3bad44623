"""Download files built once per registry version and streamed from storage."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from initiatives.models import RegistryVersion
from initiatives.snapshots import build
from initiatives.visibility import PUBLIC
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_download_is_built_once_per_version_and_the_old_one_removed(
    django_assert_max_num_queries,
):
    f.InitiativeFactory(slug="pilot")
    client = Client()
    first = client.get("/data/registry.json")
    assert first.streaming and b'"slug": "pilot"' in first.getvalue()
    version = str(RegistryVersion.current()[0])
    assert default_storage.exists(f"snapshots/public/{version}/registry.json")
    # The same version again: read from storage, no export (a savepoint pair, the version).
    with django_assert_max_num_queries(3):
        assert b'"slug": "pilot"' in client.get("/data/registry.json").getvalue()

    f.InitiativeFactory(slug="second")
    assert b'"slug": "second"' in client.get("/data/registry.json").getvalue()
    assert not default_storage.exists(f"snapshots/public/{version}/registry.json")


def test_a_slow_build_of_an_older_version_leaves_the_newer_one_in_place():
    """Two workers: one builds version N while a write makes N+1 and the other builds that;
    the first one finishing later must not remove the newer files a reader is about to get."""
    f.InitiativeFactory(slug="pilot")
    older = RegistryVersion.current()[0]
    f.InitiativeFactory(slug="second")
    client = Client()
    assert b'"slug": "second"' in client.get("/data/registry.json").getvalue()
    newer = RegistryVersion.current()[0]

    build("registry.json", PUBLIC, older)

    assert default_storage.exists(f"snapshots/public/{newer}/registry.json")
    assert b'"slug": "second"' in client.get("/data/registry.json").getvalue()


def test_build_snapshots_builds_every_file_ahead_of_the_first_reader():
    f.InitiativeFactory(slug="pilot")
    call_command("build_snapshots", verbosity=0)
    version = RegistryVersion.current()[0]
    folders, files = default_storage.listdir(f"snapshots/public/{version}")
    assert {"registry.zip", "registry.json"} <= set(files)
    assert sorted(folders) == ["csv", "iati"]
    _none, csv_files = default_storage.listdir(f"snapshots/public/{version}/csv")
    assert "initiative.csv" in csv_files and "contactdetail.csv" not in csv_files


def test_a_sitemap_file_is_kept_in_storage_once_per_version_and_host(
    django_assert_max_num_queries,
):
    f.TopicFactory(slug="budget")
    client = Client()
    first = client.get("/sitemap-topic.xml")
    assert first.streaming and b"http://testserver/ru/topics/budget/" in first.getvalue()
    assert first["Content-Type"] == "application/xml"
    version = RegistryVersion.current()[0]
    stored = f"snapshots/public/{version}/sitemaps/http-testserver/topic-1.xml"
    assert default_storage.exists(stored)
    # The same version again: streamed from storage (a savepoint pair, the version).
    with django_assert_max_num_queries(3):
        assert b"/ru/topics/budget/" in client.get("/sitemap-topic.xml").getvalue()
    # Another host the registry answers to has addresses of its own.
    other = client.get("/sitemap-topic.xml", headers={"host": "localhost"}).getvalue()
    assert b"http://localhost/ru/topics/budget/" in other

    f.TopicFactory(slug="water")
    assert b"/ru/topics/water/" in client.get("/sitemap-topic.xml").getvalue()
    assert not default_storage.exists(stored)


def test_a_sitemap_page_past_the_last_is_404_and_leaves_nothing_in_storage():
    f.TopicFactory(slug="budget")
    client = Client()
    assert client.get("/sitemap-topic.xml?p=2").status_code == 404
    assert client.get("/sitemap-topic.xml?p=two").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
    version = RegistryVersion.current()[0]
    folder = f"snapshots/public/{version}/sitemaps/http-testserver"
    # No file written (the tests' in-memory storage may keep the folder it looked in).
    assert not default_storage.exists(folder) or default_storage.listdir(folder) == ([], [])
