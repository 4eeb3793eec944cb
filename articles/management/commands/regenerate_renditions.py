"""Rebuild the renditions of cover photos and author photos, e.g. after the sizes change."""

from django.core.management.base import BaseCommand

from articles.images import process_photo
from articles.models import Photo
from authors.images import process_author_photo
from authors.models import Author


class Command(BaseCommand):
    help = (
        "Rebuild renditions of every cover photo and author photo (after the sizes change), or "
        "with --missing only of those saved without them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only photos that have no renditions yet."
        )

    def handle(self, *args, missing=False, **options):
        photos = Photo.objects.order_by("pk")
        authors = Author.objects.exclude(photo="").order_by("pk")
        if missing:
            photos = photos.filter(renditions={})
            authors = authors.filter(photo_renditions={})
        done = failed = 0
        for label, items, process in (
            ("photo", photos, process_photo),
            ("author photo", authors, process_author_photo),
        ):
            for item in items.iterator():
                try:
                    process(item)
                except OSError as error:  # a missing or unreadable stored file
                    failed += 1
                    self.stderr.write(f"{label} {item.pk} ({item}): {error}")
                else:
                    done += 1
        self.stdout.write(f"Regenerated renditions for {done} photo(s); {failed} failed.")
