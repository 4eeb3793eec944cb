"""System checks for deployment settings that Django's own checks do not cover."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    """With a per-process cache, an edit retires cached pages only in the process that saved it
    (the page store keeps its key index in Redis, or else in each process)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS and not backend.endswith("RedisCache"):
        return [
            Warning(
                "The page cache is on but the cache is local to each server process: other "
                "processes keep serving pages an edit has changed for up to PAGE_CACHE_SECONDS.",
                hint="Set REDIS_URL to share one cache, or PAGE_CACHE_SECONDS=0.",
                id="newsroom.W001",
            )
        ]
    return []
