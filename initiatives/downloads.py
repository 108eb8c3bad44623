"""Downloads for data re-users, made by exports.py and export_files.py like every export.

Each holds what the request's reader may see (initiatives/visibility.py): published records
for the public, drafts too for signed-in staff, personal contact details for no one. The
whole-registry files are snapshots, built once per registry version (initiatives/snapshots.py)
and streamed from storage. A download the server builds counts against one limit
(initiatives/throttling.py): a record's file each time, a snapshot when it is built.
"""

import io

from django.apps import apps
from django.http import FileResponse, Http404, HttpResponse

from initiatives import iati
from initiatives.export_files import csv_name, fixture_text
from initiatives.exports import export_records, registry_models
from initiatives.models import Statement
from initiatives.models.base import Published
from initiatives.snapshots import snapshot
from initiatives.throttling import count_download, counted_download, limited_download
from initiatives.visibility import PUBLIC, reader_for

JSON = "application/json; charset=utf-8"


def attachment(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def snapshot_download(request, name, content_type, filename=None, reader=None):
    """A snapshot file of the registry as the request's reader (or `reader`) sees it, streamed;
    counted against the download limit if it has to be built (TooManyDownloads past it)."""
    return FileResponse(
        snapshot(
            name,
            reader or reader_for(request),
            before_build=lambda: count_download(request),
            # The version the answer cache read for this request, if it did: one query less.
            version=getattr(request, "registry_version", None),
        ),
        as_attachment=True,
        filename=filename or name,
        content_type=content_type,
    )


@limited_download
def registry_fixture(request):
    return snapshot_download(request, "registry.json", JSON)


@limited_download
def registry_bundle(request):
    return snapshot_download(request, "registry.zip", "application/zip")


@limited_download
def model_csv(request, model_name):
    models = {model._meta.model_name: model for model in registry_models()}
    if model_name not in models:
        raise Http404
    name = csv_name(models[model_name])
    return snapshot_download(request, f"csv/{name}", "text/csv; charset=utf-8", name)


@counted_download
def record_fixture(request, model_name, slug):
    """One record with everything it references, loadable on its own."""
    try:
        model = apps.get_model("initiatives", model_name)
    except LookupError:
        raise Http404 from None
    # A record addressed by its slug alone: a published record, or a statement.
    if not (issubclass(model, Published) or model is Statement):
        raise Http404
    reader = reader_for(request)
    record = reader.visible(model).filter(slug=slug).first()
    if record is None:
        raise Http404
    text = fixture_text(export_records([record], reader=reader))
    return attachment(text, JSON, f"{model_name}-{slug}.json")


@limited_download
def iati_activities(request):
    """Every activity in IATI 2.03 XML: a publication, the public's for every reader."""
    return snapshot_download(
        request, iati.SNAPSHOT, iati.CONTENT_TYPE, "iati-activities.xml", reader=PUBLIC
    )


@counted_download
def iati_activity(request, model_name, slug):
    """One donor project or initiative as an IATI activity."""
    record = iati.one_activity(model_name, slug)
    if record is None:
        raise Http404
    stream = io.StringIO()
    iati.write_one(stream, record)
    return attachment(stream.getvalue(), iati.CONTENT_TYPE, f"iati-{model_name}-{slug}.xml")
