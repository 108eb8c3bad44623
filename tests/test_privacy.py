"""Personal contact details reach staff only: no public door serves them.

The values checked are read from the private fixture itself, so the check is about the real
telephone numbers and address the registry holds, not about values a test made up. The same
walk over every door (pages in each language and the JSON-LD in them, feed, sitemap, API,
downloads, command-line export) is shown to find a value planted in public text, so it cannot
pass by looking nowhere.
"""

import contextlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from initiatives import iati, models
from initiatives.exports import registry_models
from initiatives.models.base import Published
from initiatives.visibility import PUBLIC
from tests.test_seed_data import load_fixtures

PRIVATE_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "20-private-contacts.json"
LANGUAGES = ("ru", "ky", "en")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LINKED_DATA = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def private_values():
    """Each contact value, and each part of it a reader could recognise on its own:
    "0555 / 0500 313-385" is two numbers, and either one printed alone is a leak."""
    records = json.loads(PRIVATE_FIXTURE.read_text(encoding="utf-8"))
    values = set()
    for record in records:
        value = record["fields"]["value"]
        values.add(value)
        values.update(part.strip() for part in value.split("/") if len(part.strip()) >= 7)
    return values


def leaks(bodies):
    """{door: [private values it serves]} for every door that serves one."""
    values = private_values()
    found = {}
    for door, text in bodies:
        hits = sorted(value for value in values if value.lower() in text.lower())
        if hits:
            found[door] = hits
    return found


def fetch(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def page_addresses():
    addresses = []
    for language in LANGUAGES:
        addresses += [f"/{language}/", f"/{language}/feed.atom"]
        for model in registry_models():
            if not issubclass(model, Published) or not hasattr(model, "get_absolute_url"):
                continue
            records = list(model.objects.visible_to(PUBLIC))
            # Event series have no list page of their own: they are listed on others.
            with translation.override(language), contextlib.suppress(NoReverseMatch):
                addresses.append(reverse(f"initiatives:{model._meta.model_name}-list"))
            addresses += [
                record.get_absolute_url().replace("/ru/", f"/{language}/", 1) for record in records
            ]
    return sorted(set(addresses))


def sitemap_bodies(client):
    index = fetch(client, "/sitemap.xml")
    yield "/sitemap.xml", index.decode()
    for loc in ET.fromstring(index).iter(f"{SITEMAP}loc"):
        address = loc.text.removeprefix("http://testserver")
        yield address, fetch(client, address).decode()


def api_bodies(client):
    root = json.loads(fetch(client, "/api/v1/"))
    for address in root.values():
        address = address.removeprefix("http://testserver")
        page = json.loads(fetch(client, f"{address}?page_size=200"))
        yield address, json.dumps(page, ensure_ascii=False)
        for row in page["results"]:
            detail = row.get("api_url", "").removeprefix("http://testserver")
            if detail:
                yield detail, fetch(client, detail).decode()
    yield "/api/v1/export/", fetch(client, "/api/v1/export/").decode()


def download_bodies(client):
    yield "/data/registry.json", fetch(client, "/data/registry.json").decode()
    bundle = zipfile.ZipFile(io.BytesIO(fetch(client, "/data/registry.zip")))
    for name in bundle.namelist():
        yield f"/data/registry.zip:{name}", bundle.read(name).decode("utf-8-sig")
    for model in registry_models():
        name = model._meta.model_name
        if name == "contactdetail":
            continue
        yield f"/data/csv/{name}.csv", fetch(client, f"/data/csv/{name}.csv").decode("utf-8-sig")
        if issubclass(model, Published):
            for slug in model.objects.visible_to(PUBLIC).values_list("slug", flat=True):
                address = f"/data/{name}/{slug}.json"
                yield address, fetch(client, address).decode()
    yield "/data/iati/activities.xml", fetch(client, "/data/iati/activities.xml").decode()
    for project in iati.every_activity():
        address = f"/data/iati/{project._meta.model_name}/{project.slug}.xml"
        yield address, fetch(client, address).decode()


def command_bodies(tmp_path):
    out = io.StringIO()
    call_command("export_registry", stdout=out)
    yield "export_registry", out.getvalue()
    path = tmp_path / "bundle.zip"
    call_command("export_registry", "--format", "zip", "--output", str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as bundle:
        for name in bundle.namelist():
            yield f"export_registry --format zip:{name}", bundle.read(name).decode("utf-8-sig")


def linked_data(html):
    """A page's JSON-LD, decoded: its texts as a reader's program reads them, whatever the
    page escaped inside <script>."""
    return json.dumps([json.loads(text) for text in LINKED_DATA.findall(html)], ensure_ascii=False)


def every_public_door(client, tmp_path):
    for address in page_addresses():
        html = fetch(client, address).decode()
        yield address, html
        yield f"{address} JSON-LD", linked_data(html)
    yield from sitemap_bodies(client)
    yield from api_bodies(client)
    yield from download_bodies(client)
    yield from command_bodies(tmp_path)


@pytest.fixture
def seeded(db):
    load_fixtures()


def test_the_private_fixture_holds_the_values_checked(seeded):
    stored = set(models.ContactDetail.objects.values_list("value", flat=True))
    assert stored and stored <= private_values()


def test_no_public_door_serves_a_private_contact(seeded, client, tmp_path):
    assert leaks(every_public_door(client, tmp_path)) == {}


def test_the_walk_finds_a_contact_planted_in_public_text(seeded, client, tmp_path):
    value = next(iter(models.ContactDetail.objects.values_list("value", flat=True)))
    person = models.Person.objects.visible_to(PUBLIC).filter(~Q(contacts=None)).first()
    person.description_ru = f"Телефон: {value}"
    person.save()
    found = leaks(every_public_door(client, tmp_path))
    doors = set(found)
    assert person.get_absolute_url() in doors
    assert f"{person.get_absolute_url()} JSON-LD" in doors
    assert f"/api/v1/people/{person.slug}/" in doors
    assert "/data/registry.json" in doors and "/data/csv/person.csv" in doors
    assert "/data/registry.zip:csv/person.csv" in doors
    assert "export_registry" in doors
    assert all(value in hits for hits in found.values())
