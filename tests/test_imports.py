"""Importing: every bad input is named (file, record, field), and the database is unchanged."""

import copy
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import registry_models
from tests.test_exports import SEED
from tests.test_seed_data import dump, load_fixtures


def seed_records():
    return json.loads(SEED.read_text(encoding="utf-8"))


def find(records, model, slug):
    return next(
        number
        for number, record in enumerate(records)
        if record["model"] == f"initiatives.{model}" and record["fields"].get("slug") == slug
    )


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registry", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def counts():
    return {model: model._default_manager.count() for model in registry_models()}


def write(tmp_path, records, name="bad.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def failing_import(path):
    """Run the import that must fail: its messages, and proof that nothing was written."""
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_registry", str(path), stdout=io.StringIO(), stderr=err)
    assert counts() == before
    return err.getvalue()


def corrupted(change):
    """The seed file with one change applied in the middle of it."""
    records = seed_records()
    change(records)
    return records


def test_malformed_json(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"model": "initiatives.topic", "fields": {}', encoding="utf-8")
    message = failing_import(path)
    assert re.search(r"broken\.json: not valid JSON: .* at line 1, column \d+", message)


def test_unknown_model(db, tmp_path):
    records = seed_records()
    records.insert(3, {"model": "initiatives.widget", "fields": {"slug": "w"}})
    message = failing_import(write(tmp_path, records))
    assert "bad.json: record 4 (initiatives.widget): unknown model 'initiatives.widget'" in message


def test_unknown_field(db, tmp_path):
    def add_colour(records):
        records[find(records, "initiative", "sanarip-aimak")]["fields"]["colour"] = "green"

    message = failing_import(write(tmp_path, corrupted(add_colour)))
    assert (
        "(initiatives.initiative «sanarip-aimak»), field 'colour': "
        "initiatives.initiative has no field 'colour'"
    ) in message


def test_missing_referenced_record(db, tmp_path):
    def drop_organization(records):
        del records[find(records, "organization", "gamsumo")]

    message = failing_import(write(tmp_path, corrupted(drop_organization)))
    assert re.search(
        r"record \d+ \(initiatives\.\w+ [^)]*\), field '\w+': no initiatives\.organization "
        r'with the key \["gamsumo"\] in the database or earlier in this file',
        message,
    )


def test_invalid_partial_date(db, tmp_path):
    def bad_date(records):
        records[find(records, "event", "national-dialogue-forum-2020")]["fields"]["start"] = (
            "2020-13"
        )

    message = failing_import(write(tmp_path, corrupted(bad_date)))
    assert (
        "(initiatives.event «national-dialogue-forum-2020»), field 'start': "
        "'2020-13' is not a date in the calendar"
    ) in message


def test_duplicate_slug(db, tmp_path):
    def duplicate(records):
        twin = copy.deepcopy(records[find(records, "topic", "anti-corruption")])
        twin["fields"]["name_en"] = "A second anti-corruption topic"
        records.append(twin)

    records = corrupted(duplicate)
    message = failing_import(write(tmp_path, records))
    first = find(records, "topic", "anti-corruption") + 1
    assert re.search(
        rf"record {len(records)} \(initiatives.topic «anti-corruption»\): "
        rf"the same record as record {first}",
        message,
    )


def test_oversize_text(db, tmp_path):
    def long_name(records):
        records[find(records, "initiative", "sanarip-aimak")]["fields"]["name_en"] = "x" * 301

    message = failing_import(write(tmp_path, corrupted(long_name)))
    assert re.search(r"«sanarip-aimak»\), field 'name_en': .*300", message)


def test_wrong_type(db, tmp_path):
    def text_for_a_number(records):
        records[find(records, "event", "national-dialogue-forum-2020")]["fields"]["edition"] = (
            "second"
        )

    message = failing_import(write(tmp_path, corrupted(text_for_a_number)))
    assert "(initiatives.event «national-dialogue-forum-2020»), field 'edition': " in message


def test_constraint_violation_in_the_middle_leaves_nothing_written(db, tmp_path):
    def end_before_start(records):
        fields = records[find(records, "initiative", "year-of-regions-2020")]["fields"]
        fields["planned_start"], fields["planned_end"] = "2021", "2020"

    records = corrupted(end_before_start)
    middle = find(records, "initiative", "year-of-regions-2020")
    assert 100 < middle < len(records) - 100  # records before it would have been written
    message = failing_import(write(tmp_path, records))
    assert f"record {middle + 1} (initiatives.initiative «year-of-regions-2020»)" in message
    assert "planned_end" in message


def test_every_row_the_database_refuses_is_listed(db, tmp_path):
    """Rows are written without a savepoint each; a refusal starts again row by row."""

    def two_refusals(records):
        for slug in ("year-of-regions-2020", "sanarip-aimak"):
            fields = records[find(records, "initiative", slug)]["fields"]
            fields["planned_start"], fields["planned_end"] = "2021", "2020"

    message = failing_import(write(tmp_path, corrupted(two_refusals)))
    assert "«year-of-regions-2020»), field 'planned_end'" in message
    assert "«sanarip-aimak»), field 'planned_end'" in message


def test_an_import_reads_each_table_once(db, django_assert_num_queries):
    """References and stored values are looked up in memory: no query per record.

    The first import is one INSERT per record (369), the parents that come later in the file
    set afterwards (10 UPDATEs), the many-to-many rows in batches, and each model's keys read
    once; then the history: a batch per model, and the links' snapshots a read and a batch per
    many-to-many field; the values' series are read once for the plausibility checks; the
    public status of the records touched is rebuilt once per kind of record (the reports of the
    sources touched read, the kept rows deleted, computed and inserted: 4 queries each).
    Importing the same file again writes nothing and reads each table once.
    """
    with django_assert_num_queries(491):
        run_import(SEED)
    with django_assert_num_queries(80):
        run_import(SEED)


def test_every_problem_is_listed_not_just_the_first(db, tmp_path):
    def two_problems(records):
        records[find(records, "initiative", "sanarip-aimak")]["fields"]["colour"] = "green"
        records[find(records, "event", "national-dialogue-forum-2020")]["fields"]["start"] = "x"

    message = failing_import(write(tmp_path, corrupted(two_problems)))
    assert "'colour'" in message and "field 'start'" in message


def test_a_bad_file_leaves_an_existing_registry_as_it_was(db, tmp_path):
    load_fixtures()
    before = dump()

    def rename_and_break(records):
        records[find(records, "initiative", "sanarip-aimak")]["fields"]["name_ru"] = "Другое"
        records[find(records, "event", "national-dialogue-forum-2020")]["fields"]["start"] = "x"

    failing_import(write(tmp_path, corrupted(rename_and_break)))
    assert dump() == before


def test_dry_run_reports_and_writes_nothing(db, tmp_path):
    output = run_import(SEED, "--dry-run")
    assert "initiatives.initiative: 13 created, 0 updated, 0 unchanged" in output
    assert "Would import: 369 created, 0 updated, 0 unchanged." in output
    assert sum(counts().values()) == 0


def test_reimporting_changes_nothing_and_an_edit_is_an_update(db, tmp_path):
    run_import(SEED)
    before = dump()
    assert "Imported: 0 created, 0 updated, 369 unchanged." in run_import(SEED)
    assert dump() == before

    def rename(records):
        records[find(records, "initiative", "sanarip-aimak")]["fields"]["name_en"] = "Digital Aimak"

    output = run_import(write(tmp_path, corrupted(rename), "edited.json"), "--dry-run")
    assert "initiatives.initiative: 0 created, 1 updated, 12 unchanged" in output
    assert dump() == before
    run_import(tmp_path / "edited.json")
    assert '"name_en": "Digital Aimak"' in dump()


def test_imports_the_zip_bundle(db, tmp_path):
    load_fixtures()
    bundle = tmp_path / "registry.zip"
    call_command("export_registry", "--format", "zip", "--output", str(bundle), verbosity=0)
    assert "369 unchanged" in run_import(bundle)


def test_an_import_is_kept_in_the_history_with_who_imported_which_file(
    db, tmp_path, editor, editor_client
):
    from django.utils.translation import gettext

    from initiatives.models import Initiative
    from tests.test_history import latest

    run_import(SEED, "--user", editor.get_username())
    initiative = Initiative.objects.get(slug="sanarip-aimak")
    created = latest(initiative.history)
    assert (created.history_type, created.history_user) == ("+", editor)
    assert created.history_change_reason == gettext("Imported from %(file)s") % {"file": SEED.name}
    topics = sorted(topic.slug for topic in initiative.topics.all())
    assert sorted(row.topic.slug for row in created.topics.all()) == topics

    def rename(records):
        records[find(records, "initiative", "sanarip-aimak")]["fields"]["name_en"] = "Digital Aimak"

    run_import(write(tmp_path, corrupted(rename), "edited.json"))
    updated = latest(initiative.history)
    assert updated.history_type == "~" and updated.history_user is None
    assert updated.diff_against(created).changed_fields == ["name_en"]
    # The import is undone like any change: the version before it comes back, links and all.
    url = f"/admin/initiatives/initiative/{initiative.pk}/history/{created.history_id}/"
    editor_client.post(url, {"_restore": "1"})
    initiative.refresh_from_db()
    assert initiative.name_en != "Digital Aimak"
    assert sorted(topic.slug for topic in initiative.topics.all()) == topics


def test_an_import_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run_import(SEED, "--user", "nobody")
