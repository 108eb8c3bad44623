"""Import a fixture or an export bundle: validated whole, written in one transaction or not at all.

manage.py import_registry registry.json
manage.py import_registry registry.zip --dry-run
manage.py import_registry registry.json --user editor    # the history names who imported
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from initiatives.imports import ImportFailed, import_fixture


class Command(BaseCommand):
    help = (
        "Import a registry fixture or export bundle. Every record is validated first; on any "
        "problem nothing is written and each problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON fixture, or a ZIP bundle from export_registry.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would be created, updated and left unchanged.",
        )
        parser.add_argument(
            "--user",
            help="The staff account the history names for the records written (a username).",
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            users = get_user_model()._default_manager
            try:
                user = users.get_by_natural_key(options["user"])
            except users.model.DoesNotExist:
                raise CommandError(f"No user named '{options['user']}'.") from None
        try:
            report = import_fixture(options["file"], dry_run=options["dry_run"], user=user)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            count = len(failure.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was imported."
            ) from None
        if options["verbosity"] >= 1:
            for label in report.models():
                self.stdout.write(
                    f"{label}: {report.created[label]} created, "
                    f"{report.updated[label]} updated, {report.unchanged[label]} unchanged"
                )
            created, updated, unchanged = (
                counter.total() for counter in (report.created, report.updated, report.unchanged)
            )
            verb = "Would import" if options["dry_run"] else "Imported"
            summary = f"{verb}: {created} created, {updated} updated, {unchanged} unchanged."
            style = self.style.WARNING if options["dry_run"] else self.style.SUCCESS
            self.stdout.write(style(summary))
