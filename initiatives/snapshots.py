"""Download files built once per registry version and served from storage.

The ZIP (datapackage.py), the registry fixture and each model's CSV (export_files.py) are
written the first time a version is asked for, into the default storage under
`snapshots/<reader>/<version>/`, and read from there (streamed) by every later request until
the next write gives the registry a new version. Older versions' files are removed when a
newer one is built. `manage.py build_snapshots` builds them ahead of the first reader. The
IATI activities (iati.py) are one more such file, the public's only, and so are the sitemap
files (sitemaps.py), which bring their own writer.
"""

import io
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage

from initiatives import iati
from initiatives.datapackage import write_bundle
from initiatives.export_files import csv_name, write_csv, write_fixture
from initiatives.exports import CHUNK, export_records, model_records, registry_models
from initiatives.models import RegistryVersion

ROOT = "snapshots"


def folder(reader, version):
    return f"{ROOT}/{reader.name}/{version}"


def text_writer(write):
    """A writer of text, as one of bytes: the files are UTF-8."""

    def write_bytes(stream):
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        write(text)
        text.flush()
        text.detach()

    return write_bytes


def builders(reader):
    """{file name: how to write it} for every snapshot file a reader may download."""
    files = {
        "registry.zip": lambda stream: write_bundle(export_records(reader=reader), stream),
        "registry.json": text_writer(
            lambda text: write_fixture(export_records(reader=reader), text)
        ),
    }
    for model in registry_models():
        files[f"csv/{csv_name(model)}"] = text_writer(
            lambda text, m=model: write_csv(m, model_records(m, reader).iterator(CHUNK), text)
        )
    if not reader.sees_drafts:
        # IATI data is a publication: the public's file is everyone's (downloads.py).
        files[iati.SNAPSHOT] = text_writer(iati.write_registry)
    return files


def snapshot(name, reader, write=None, before_build=None, version=None):
    """The file `name` as `reader` may see the registry now, opened for reading; built first
    (by `write(stream)`, or the reader's builder of that name) if this version of it is not
    in storage yet, after calling `before_build()`. `version` is the registry's current
    version if the caller has just read it."""
    for _attempt in range(3):
        if version is None:
            version = RegistryVersion.current()[0]
        path = f"{folder(reader, version)}/{name}"
        if not default_storage.exists(path):
            if before_build is not None:
                before_build()
            build(name, reader, version, write)
        try:
            return default_storage.open(path, "rb")
        except FileNotFoundError:
            # Another worker built a newer version between our check and our open, and
            # removed this one: the registry has moved on, so serve the newer one.
            version = None
            continue
    raise FileNotFoundError(f"snapshot {name}: the registry changes faster than it is built")


def build(name, reader, version, write=None):
    with tempfile.TemporaryFile() as temporary:
        (write or builders(reader)[name])(temporary)
        temporary.seek(0)
        # Two workers may build the same file; the second one's copy is saved under another
        # name and removed with the version.
        default_storage.save(f"{folder(reader, version)}/{name}", File(temporary))
    remove_older(reader, version)


def remove_older(reader, version):
    """Remove the versions before `version`; a newer one another worker has just built (the
    registry changed while this one was built) stays."""
    base = f"{ROOT}/{reader.name}"
    versions, _files = default_storage.listdir(base)
    for older in versions:
        if older.isdigit() and int(older) < version:
            remove_tree(f"{base}/{older}")


def remove_tree(path):
    folders, files = default_storage.listdir(path)
    for name in files:
        default_storage.delete(f"{path}/{name}")
    for name in folders:
        remove_tree(f"{path}/{name}")


def build_all(reader):
    """Build every snapshot file of the current version (manage.py build_snapshots)."""
    version = RegistryVersion.current()[0]
    names = list(builders(reader))
    for name in names:
        if not default_storage.exists(f"{folder(reader, version)}/{name}"):
            build(name, reader, version)
    return names
