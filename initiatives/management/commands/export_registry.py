"""Export the registry, or records with everything they reference, as a fixture, CSV or ZIP.

manage.py export_registry                          # whole registry, JSON fixture to stdout
manage.py export_registry --published-only --format zip --output registry.zip
manage.py export_registry --select initiative:sanarip-aimak --output sanarip.json
manage.py export_registry --format csv --output csv/   # one CSV per model in a folder
manage.py export_registry --format iati --output activities.xml   # IATI 2.03, published only
"""

from pathlib import Path

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from initiatives import datapackage, export_files, exports, iati
from initiatives.visibility import PUBLIC, STAFF


def selected_record(text):
    """`initiative:sanarip-aimak` → that record; any model with a slug natural key."""
    model_name, _, slug = text.partition(":")
    try:
        model = apps.get_model("initiatives", model_name)
    except LookupError:
        raise CommandError(f"--select {text}: there is no model '{model_name}'.") from None
    try:
        return model._default_manager.get_by_natural_key(slug)
    except (ObjectDoesNotExist, TypeError):
        raise CommandError(f"--select {text}: no {model_name} with the slug '{slug}'.") from None


class Command(BaseCommand):
    help = (
        "Export the registry (or a selection with what it references) as JSON, CSV or ZIP, "
        "or its published donor projects and initiatives as IATI activities."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--select",
            action="append",
            metavar="MODEL:SLUG",
            help="Export this record and everything it references (repeatable).",
        )
        parser.add_argument("--format", choices=["json", "csv", "zip", "iati"], default="json")
        parser.add_argument(
            "--output",
            type=Path,
            help="File to write (a folder for csv); JSON goes to stdout when omitted.",
        )
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Export what the public sees: no drafts, nothing resting on one.",
        )
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="Also export personal contact details (a staff backup; never publish it).",
        )

    def handle(self, *args, **options):
        if options["format"] in ("csv", "zip") and options["output"] is None:
            raise CommandError(f"--format {options['format']} needs --output.")
        roots = [selected_record(text) for text in options["select"]] if options["select"] else None
        if options["format"] == "iati":
            self.export_iati(roots, options)
            return

        def progress(model, count):
            if options["verbosity"] >= 2 or (options["verbosity"] >= 1 and count >= 1000):
                self.stderr.write(f"{model._meta.label_lower}: {count}")

        export = exports.export_records(
            roots,
            reader=PUBLIC if options["published_only"] else STAFF,
            include_private=options["include_private"],
            progress=progress,
        )
        output = options["output"]
        if options["format"] == "json":
            if output is None:
                self.stdout.ending = ""  # the writer writes in pieces, not lines
                export_files.write_fixture(export, self.stdout)
            else:
                with output.open("w", encoding="utf-8") as stream:
                    export_files.write_fixture(export, stream)
        elif options["format"] == "csv":
            output.mkdir(parents=True, exist_ok=True)
            for model in export.models:
                path = output / export_files.csv_name(model)
                with path.open("w", encoding="utf-8", newline="") as stream:
                    export_files.write_csv(model, export.rows(model), stream)
        else:
            with output.open("wb") as stream:
                datapackage.write_bundle(export, stream)
        if output is not None and options["verbosity"] >= 1:
            self.stderr.write(self.style.SUCCESS(f"Exported {export.count()} records to {output}."))

    def export_iati(self, roots, options):
        """IATI activity XML holds what the public sees, whoever exports it: it is published
        as it is (initiatives/iati.py)."""
        if roots is None:
            write = iati.write_registry
        else:
            activities = []
            for text, record in zip(options["select"], roots, strict=True):
                activity = iati.one_activity(record._meta.model_name, record.slug)
                if activity is None:
                    raise CommandError(
                        f"--select {text}: not an IATI activity. Only a published donor project "
                        "or initiative with a status, an organisation in an IATI role and a date "
                        "is one."
                    )
                activities.append(activity)
            comments = iati.header_comments()

            def write(stream):
                iati.write_activities(stream, activities, comments)

        output = options["output"]
        if output is None:
            self.stdout.ending = ""  # the writer writes in pieces, not lines
            write(self.stdout)
            return
        with output.open("w", encoding="utf-8") as stream:
            write(stream)
        if options["verbosity"] >= 1:
            self.stderr.write(self.style.SUCCESS(f"Exported IATI activities to {output}."))
