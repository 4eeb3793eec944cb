"""`manage.py purge_page_cache`: retire every cached page, here and in the front-end caches."""

from django.core.management.base import BaseCommand

from newsroom import caching


class Command(BaseCommand):
    help = (
        "Purge every cached page, feed and sitemap from the page cache and every front-end cache "
        "(FRONTEND_CACHES). Run it after each deploy: cached copies live up to "
        "PAGE_CACHE_SECONDS, and new templates or code may change what any page shows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hard",
            action="store_true",
            help="also drop the front-ends' grace copies (served while app servers are down)",
        )

    def handle(self, *args, hard, **options):
        caching.purge({caching.keys.ALL}, hard=hard)
        self.stdout.write(self.style.SUCCESS("Purged every cached page."))
