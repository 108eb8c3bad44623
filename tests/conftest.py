import shutil
import socket
import subprocess
import time

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.utils import translation

from initiatives.snapshots import ROOT as SNAPSHOTS
from initiatives.snapshots import remove_tree
from initiatives.staff_groups import EDITORS, VIEWERS


def pytest_report_header(config):
    """Say which database this run uses: `make test` runs the suite on SQLite and PostgreSQL."""
    database = settings.DATABASES["default"]
    vendor = database["ENGINE"].rsplit(".", 1)[-1]
    if database.get("HOST"):
        return f"database: {vendor} on {database['HOST']}:{database['PORT']}"
    return f"database: {vendor}"


def registry_models():
    """Every model of the registry app, without the history tables simple-history adds and
    the registry's version, which are not registry data."""
    return [
        model
        for model in apps.get_app_config("initiatives").get_models()
        if not model._meta.object_name.startswith("Historical")
        and getattr(model, "registry_data", True)
    ]


def _staff_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _staff_user(django_user_model, "editor", EDITORS)


@pytest.fixture
def viewer(db, django_user_model):
    return _staff_user(django_user_model, "viewer", VIEWERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. A request in another (LocaleMiddleware) leaves
    that language active in the thread, and the next test's `reverse()` would build its
    addresses in it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_snapshot_from_another_test():
    """Each test's database starts from the same registry version (its writes are rolled
    back), so a download snapshot another test built would pass for this test's."""
    yield
    if default_storage.exists(SNAPSHOTS):
        remove_tree(SNAPSHOTS)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    """A real redis-server on a free local port, for this module's tests."""
    executable = shutil.which("redis-server")
    assert executable, "redis-server is installed by `scripts/system-packages redis`"
    port = free_port()
    server = subprocess.Popen(
        [
            *(executable, "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)
