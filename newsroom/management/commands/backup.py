"""`manage.py backup DEST`: the database and every media file in one verified archive."""

import time

from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, write_backup
from newsroom.dbdump import DumpError


class Command(BaseCommand):
    help = (
        "Write one archive holding the database, every uploaded photo and rendition, and a "
        "manifest of counts and checksums. DEST is a file, or a folder to put a dated file in. "
        "Safe while the site is serving."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", help="archive file, or an existing folder")

    def handle(self, *args, dest, **options):
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        try:
            path, manifest = write_backup(dest, log=self._log)
        except (BackupError, DumpError, OSError) as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path} ({size / 1e6:.1f} MB, "
                f"{len(manifest['members'])} files) in {time.monotonic() - started:.1f} s."
            )
        )

    def _log(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)
