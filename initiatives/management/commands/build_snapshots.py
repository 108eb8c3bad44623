"""Build the download files of the registry's current version ahead of the first reader.

manage.py build_snapshots            # what the public downloads: ZIP, fixture, every CSV
manage.py build_snapshots --staff    # the staff's files, drafts included

Run it after an import or a batch of edits; a download otherwise builds its file on first
request (initiatives/snapshots.py).
"""

from django.core.management.base import BaseCommand

from initiatives.snapshots import build_all
from initiatives.visibility import PUBLIC, STAFF


class Command(BaseCommand):
    help = "Build the download snapshots of the registry's current version."

    def add_arguments(self, parser):
        parser.add_argument("--staff", action="store_true", help="The staff's files too.")

    def handle(self, *args, **options):
        readers = [PUBLIC, STAFF] if options["staff"] else [PUBLIC]
        for reader in readers:
            names = build_all(reader)
            if options["verbosity"] >= 1:
                self.stderr.write(
                    self.style.SUCCESS(f"{reader.name}: {len(names)} files of this version.")
                )
