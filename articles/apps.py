from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import roles, search, signals

        # The search index first: a write outside a transaction purges the cache at once, from
        # what the index then holds.
        search.connect()
        signals.connect()
        roles.connect()
        # The admin heads taggit's models with its app name, "Taggit"; editors call them tags.
        apps.get_app_config("taggit").verbose_name = _("Tags")
