"""Whole-response caching for the public site: pages, feeds and sitemaps.

Two rules keep cached responses truthful:
- every key carries a *content version*, replaced whenever editorial content changes (the signal
  receivers in `articles/signals.py`), so an edit or a publication shows on the next request;
- every entry expires no later than the next scheduled publication (DESIGN.md, rule 2), so a
  story scheduled for 9:00 appears at 9:00 with no cron and no purge.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "public-pages:version"


def content_version():
    """The current content version, created on first use (and after the cache is flushed)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed(**kwargs):
    """Signal receiver: retire every cached public response."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def cache_lifetime():
    """Seconds a response may be kept: PAGE_CACHE_SECONDS, cut short by the next scheduled story."""
    from articles.models import Article

    lifetime = settings.PAGE_CACHE_SECONDS
    next_at = (
        Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True)
    ).first()
    if next_at is not None:
        lifetime = min(lifetime, int((next_at - timezone.now()).total_seconds()))
    return lifetime


def cache_public_response(view):
    """Serve successful GET/HEAD responses of `view` from the cache (see module docstring)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-pages:{content_version()}:{path}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response

        def store(rendered):
            lifetime = cache_lifetime()
            if lifetime > 0:
                cache.set(key, rendered, lifetime)

        if hasattr(response, "render") and not response.is_rendered:
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return cached_view
