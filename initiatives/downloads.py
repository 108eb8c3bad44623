"""Downloads for data re-users, made by exports.py like every export.

Each holds what the request's reader may see (initiatives/visibility.py): published records
for the public, drafts too for signed-in staff, personal contact details for no one.
"""

import io

from django.apps import apps
from django.http import Http404, HttpResponse

from initiatives.exports import (
    csv_bytes,
    csv_name,
    export_records,
    fixture_text,
    model_records,
    registry_models,
    write_bundle,
)
from initiatives.models.base import Published
from initiatives.visibility import reader_for


def attachment(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def registry_fixture(request):
    text = fixture_text(export_records(reader=reader_for(request)))
    return attachment(text, "application/json; charset=utf-8", "registry.json")


def registry_bundle(request):
    stream = io.BytesIO()
    write_bundle(export_records(reader=reader_for(request)), stream)
    return attachment(stream.getvalue(), "application/zip", "registry.zip")


def model_csv(request, model_name):
    models = {model._meta.model_name: model for model in registry_models()}
    if model_name not in models:
        raise Http404
    model = models[model_name]
    records = model_records(model, reader_for(request))  # this model's rows, no other's
    return attachment(csv_bytes(model, records), "text/csv; charset=utf-8", csv_name(model))


def record_fixture(request, model_name, slug):
    """One record with everything it references, loadable on its own."""
    try:
        model = apps.get_model("initiatives", model_name)
    except LookupError:
        raise Http404 from None
    if not issubclass(model, Published):
        raise Http404
    reader = reader_for(request)
    record = reader.visible(model).filter(slug=slug).first()
    if record is None:
        raise Http404
    text = fixture_text(export_records([record], reader=reader))
    return attachment(text, "application/json; charset=utf-8", f"{model_name}-{slug}.json")
