"""The open-data ZIP is a Frictionless Data Package: datapackage.json describes every CSV, and
Frictionless 5 (the reference implementation) finds the files valid against it, foreign keys
between files included."""

import csv
import io
import json
import re
import zipfile

import frictionless
import pytest
from django.core.management import call_command
from django.test import override_settings

from initiatives import models, partial_dates
from tests.test_seed_data import load_fixtures

pytestmark = pytest.mark.django_db

SANARIP_CITATION = (
    "sanarip-aimak / president-receives-saliev-2020-02-25 / в восьми айыл окмоту в пилотном "
    "режиме начата реализация проекта «Санарип аймак»"
)
SANARIP_MEASUREMENT = "sanarip-aimak / aiyl-okmotu / 2020-02-25"
# The partial-date pattern of the server and the API schema; Table Schema anchors a pattern.
PARTIAL_DATE = partial_dates.PATTERN.pattern.removeprefix("^").removesuffix("$")


def unpacked(client, folder):
    """The public ZIP download, unpacked into `folder`: its descriptor as a dict."""
    response = client.get("/data/registry.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as bundle:
        bundle.extractall(folder)
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def validated(folder):
    """Frictionless's report on the package: every resource read, checked against its schema
    and, with the other resources loaded, its foreign keys."""
    return frictionless.validate(str(folder / "datapackage.json"))


def errors(report):
    """(file, error, column, note) of each error Frictionless found, file by file."""
    return [
        (task.place, error.type, getattr(error, "field_name", None), error.note)
        for task in report.tasks
        for error in task.errors
    ]


def resource(package, name):
    return next(item for item in package["resources"] if item["name"] == name)


def field(package, resource_name, field_name):
    fields = resource(package, resource_name)["schema"]["fields"]
    return next(item for item in fields if item["name"] == field_name)


def rewrite_cell(path, key, column, value):
    """Change one cell of an extracted CSV, writing it back as the registry writes it."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(row for row in rows if row["natural_key"] == key)
    row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")


def test_the_seed_bundle_is_a_valid_data_package(client, tmp_path):
    load_fixtures()
    package = unpacked(client, tmp_path)
    report = validated(tmp_path)
    assert report.valid, errors(report)
    csv_files = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.glob("csv/*"))
    assert [item["path"] for item in package["resources"]] == [task.place for task in report.tasks]
    assert sorted(task.place for task in report.tasks) == csv_files
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["initiative"] == 13
    # The five articles and the reference standard the territories' codes cite.
    assert rows["source"] == models.Source.objects.count() == 6


def test_a_broken_reference_or_partial_date_is_named(client, tmp_path):
    """Foreign keys are checked, to another file and within one, and so is a partial date:
    the package says what the files must hold, not only how to read them."""
    load_fixtures()
    unpacked(client, tmp_path)
    files = tmp_path / "csv"
    rewrite_cell(files / "initiativecitation.csv", SANARIP_CITATION, "source", "no-such-article")
    rewrite_cell(files / "territory.csv", "bishkek", "parent", "no-such-country")
    rewrite_cell(files / "measurement.csv", SANARIP_MEASUREMENT, "as_of", "2020-13")
    report = validated(tmp_path)
    assert not report.valid
    assert errors(report) == [
        (
            "csv/territory.csv",
            "foreign-key",
            None,
            'for "parent": values "no-such-country" not found in the lookup table "" '
            'as "natural_key"',
        ),
        (
            "csv/measurement.csv",
            "constraint-error",
            "as_of",
            f'constraint "pattern" is "{PARTIAL_DATE}"',
        ),
        (
            "csv/initiativecitation.csv",
            "foreign-key",
            None,
            'for "source": values "no-such-article" not found in the lookup table "source" '
            'as "natural_key"',
        ),
    ]


def test_each_column_is_typed_and_described_in_its_own_language(client, tmp_path):
    load_fixtures()
    package = unpacked(client, tmp_path)
    assert field(package, "initiative", "name_ky")["description"] == (
        "ru: Название (кыргызский).\nky: Аталышы (кыргызча).\nen: Name (Kyrgyz)."
    )
    assert field(package, "event", "description_en")["description"] == (
        "ru: Описание (английский).\nky: Сүрөттөмө (англисче).\nen: Description (English)."
    )
    planned = field(package, "initiative", "planned_start")
    assert (planned["type"], planned["constraints"]) == ("string", {"pattern": PARTIAL_DATE})
    assert planned["description"].splitlines() == [
        "ru: Плановое начало. ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД — с той точностью, с какой дата "
        "указана в источнике. Неточную дату записывают в EDTF: 2019-11-23? — дата не точна, "
        "2019-11~ — приблизительно, [2019-11-23,2020-11-23] — одна из этих дат, "
        "2019-10-23/2019-11-23 — между этими датами.",
        "ky: Пландалган башталышы. ЖЖЖЖ, ЖЖЖЖ-АА же ЖЖЖЖ-АА-КК (жыл, ай, күн) — булакта кандай "
        "тактыкта берилсе, ошондой. Так эмес датаны EDTF менен жазыңыз: 2019-11-23? — дата так "
        "эмес, 2019-11~ — болжол менен, [2019-11-23,2020-11-23] — ушул даталардын бири, "
        "2019-10-23/2019-11-23 — ушул даталардын аралыгында.",
        "en: Planned start. YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is. A date "
        "the source leaves open, in EDTF: 2019-11-23? uncertain, 2019-11~ approximate, "
        "[2019-11-23,2020-11-23] one of these, 2019-10-23/2019-11-23 between these.",
    ]
    assert field(package, "initiativecitation", "source")["description"] == (
        "ru: Источник. Значение natural_key строки из файла csv/source.csv.\n"
        "ky: Булак. csv/source.csv файлындагы саптын natural_key мааниси.\n"
        "en: Source. The natural_key of a row of csv/source.csv."
    )
    assert field(package, "measurement", "value")["type"] == "number"
    assert field(package, "measurement", "confirmed")["type"] == "boolean"
    assert field(package, "event", "edition")["type"] == "integer"
    assert field(package, "event", "edition")["constraints"] == {"minimum": 0}
    assert field(package, "source", "created_at")["type"] == "datetime"
    assert field(package, "event", "topics")["type"] == "string"
    assert field(package, "initiative", "kind")["constraints"]["enum"] == [
        "pilot",
        "programme",
        "platform",
        "practice",
        "policy",
        "reform",
        "other",
    ]


def test_each_file_has_its_key_references_and_dialect(client, tmp_path):
    load_fixtures()
    package = unpacked(client, tmp_path)
    assert {item["schema"]["primaryKey"] for item in package["resources"]} == {"natural_key"}
    assert resource(package, "measurement")["schema"]["foreignKeys"] == [
        {"fields": "indicator", "reference": {"resource": "indicator", "fields": "natural_key"}},
        {"fields": "source", "reference": {"resource": "source", "fields": "natural_key"}},
    ]
    assert resource(package, "territory")["schema"]["foreignKeys"] == [
        {"fields": "parent", "reference": {"resource": "", "fields": "natural_key"}},
    ]
    initiatives = resource(package, "initiative")
    assert (initiatives["encoding"], initiatives["dialect"]) == (
        "utf-8-sig",
        {
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "quoteChar": '"',
            "doubleQuote": True,
            "skipInitialSpace": False,
            "header": True,
            "caseSensitiveHeader": True,
        },
    )
    content = (tmp_path / "csv" / "initiative.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbfnatural_key,slug,")
    assert content.split(b"\r\n")[0].decode("utf-8-sig").split(",") == [
        item["name"] for item in initiatives["schema"]["fields"]
    ]


@override_settings(SITE_URL="https://lsg.example.kg")
def test_the_package_names_its_licence_and_sources(client, tmp_path):
    load_fixtures()
    package = unpacked(client, tmp_path)
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    assert "https://creativecommons.org/licenses/by/4.0/" in (tmp_path / "LICENSE.txt").read_text()
    assert package["sources"] == [
        {"title": "LSG reform registry", "path": "https://lsg.example.kg/"},
        {"title": "The published articles each fact is quoted from", "path": "csv/source.csv"},
    ]
    assert package["description"].splitlines()[1] == (
        "ky: Кыргызстандагы жергиликтүү өз алдынча башкаруу реформасы: демилгелер, иш-чаралар, "
        "уюмдар, донордук долбоорлор жана документтер — ар бир факт жарыяланган булагы менен."
    )


def test_the_readme_points_to_the_package_in_one_language(client, tmp_path):
    load_fixtures()
    unpacked(client, tmp_path)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "- `datapackage.json`: a Frictionless Data Package (v1) describing every CSV" in readme
    assert "| name_ky | Name (Kyrgyz). |" in readme
    assert "| source | Source. The natural_key of a row of csv/source.csv. |" in readme
    assert not re.search("[А-Яа-яЁёӨөҮүҢң]", readme)  # English only: the package has the rest


def test_a_generated_registry_is_a_valid_data_package(client, tmp_path):
    call_command("generate_registry", "--scale", "0.01", verbosity=0)
    unpacked(client, tmp_path)
    report = validated(tmp_path)
    assert report.valid, errors(report)[:10]
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["measurement"] == models.Measurement.objects.count() > 0
