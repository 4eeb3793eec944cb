"""manage.py import_wordpress EXPORT.xml [--uploads DIR] [--authors USERS.json] [--dry-run]"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.wordpress.importer import Importer
from articles.wordpress.wxr import NotWXR

BAR_WIDTH = 30
# Without a terminal, a progress line every this many items.
PLAIN_EVERY = 500


class Command(BaseCommand):
    help = gettext_lazy(
        "Move a WordPress newsroom in from its export file (Tools → Export → All content): "
        "posts, pages, authors, categories, tags, photos and 301 redirects from every old URL. "
        "Running it again updates what it imported before."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help=gettext_lazy("the WXR file WordPress exported"))
        parser.add_argument(
            "--uploads",
            help=gettext_lazy("a local copy of the old site's wp-content/uploads/ folder"),
        )
        parser.add_argument(
            "--authors",
            help=gettext_lazy("the old site's /wp-json/wp/v2/users list, for bios and links"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("do all the work and report it, then roll everything back"),
        )
        parser.add_argument(
            "--report",
            help=gettext_lazy("where to write the report (default: EXPORT.report.txt)"),
        )

    def handle(self, *args, export, uploads, authors, dry_run, report, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": export})
        if uploads and not Path(uploads).is_dir():
            raise CommandError(_("--uploads %(path)s is not a folder") % {"path": uploads})
        self.is_tty = self.stdout.isatty()
        self.last_shown = 0
        started = time.monotonic()
        try:
            importer = Importer(
                path, uploads=uploads, users=authors, dry_run=dry_run, progress=self.progress
            )
            result = importer.run()
        except NotWXR as error:
            raise CommandError(
                _("%(path)s is not a WordPress export: %(reason)s.")
                % {"path": export, "reason": error}
            ) from None
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        if self.is_tty:
            self.stdout.write("")
        elapsed = time.monotonic() - started
        header = (
            _("Dry run: nothing was written. %(elapsed).1f s.")
            if dry_run
            else _("Imported in %(elapsed).1f s.")
        ) % {"elapsed": elapsed}
        text = result.render(header=header)
        report_path = Path(report) if report else path.with_suffix(".report.txt")
        report_path.write_text(text, encoding="utf-8")
        self.stdout.write(text)
        self.stdout.write(_("Report written to %(path)s") % {"path": report_path})

    def progress(self, done, total):
        if self.is_tty:
            filled = BAR_WIDTH * done // max(total, 1)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
            self.stdout.flush()
        elif done - self.last_shown >= PLAIN_EVERY or done == total:
            self.last_shown = done
            self.stdout.write(_("%(done)d of %(total)d items") % {"done": done, "total": total})
