from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles import search


class Command(BaseCommand):
    help = "Index every article for search again (after bulk imports that sent no signals)."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(self.style.SUCCESS(_("Indexed %(count)d articles.") % {"count": count}))
