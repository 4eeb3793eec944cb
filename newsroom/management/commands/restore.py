"""`manage.py restore ARCHIVE`: rebuild an empty install from a `backup` archive."""

import time

from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, restore
from newsroom.dbdump import DumpError


class Command(BaseCommand):
    help = (
        "Verify a backup archive against its manifest, then restore its database and media. "
        "Refuses a database that holds content or accounts, or a media storage holding files, "
        "unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a file written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database's content and overwrite media files of the same name",
        )

    def handle(self, *args, archive, force, **options):
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        try:
            manifest = restore(archive, force=force, log=self._log)
        except (BackupError, DumpError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (made {manifest['created_at']}) in "
                f"{time.monotonic() - started:.1f} s."
            )
        )

    def _log(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)
