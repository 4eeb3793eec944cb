"""Whole-response caching for the public site: pages, feeds and sitemaps.

Two rules keep cached responses truthful:
- every key carries a *content version*, replaced whenever editorial content changes (the signal
  receivers in `articles/signals.py`), so an edit or a publication shows on the next request;
- every entry expires no later than the next scheduled publication (DESIGN.md, rule 2), so a
  story scheduled for 9:00 appears at 9:00 with no cron and no purge.
"""

import hashlib
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_max_age, patch_cache_control

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

    return Article.objects.seconds_until_next_publication(settings.PAGE_CACHE_SECONDS)


# The query parameters public views read; a request with any other is not served from the cache,
# so made-up parameters cannot fill the cache with copies of a page.
CACHEABLE_PARAMETERS = {"page", "q", "p", "sort"}


def cache_key(request):
    """The key for `request`, or None when its query string holds parameters no view reads."""
    if not set(request.GET) <= CACHEABLE_PARAMETERS:
        return None
    query = sorted((name, request.GET[name]) for name in request.GET)
    address = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    return f"public-pages:{content_version()}:{address}"


def cache_public_response(view):
    """Serve successful GET/HEAD responses of `view` from the cache (see module docstring)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        key = None
        if request.method in ("GET", "HEAD") and settings.PAGE_CACHE_SECONDS:
            key = cache_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        cached = cache.get(key)
        if cached is not None:
            expires_at, response = cached
            return shorten_max_age(response, expires_at - time.time())
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response

        def store(rendered):
            lifetime = cache_lifetime()
            if lifetime > 0:
                cache.set(key, (time.time() + lifetime, rendered), lifetime)

        if hasattr(response, "render") and not response.is_rendered:
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return cached_view


def shorten_max_age(response, remaining):
    """Cut a cached response's max-age to the time its cache entry has left, so that readers
    and CDNs downstream do not keep it past the next scheduled publication either."""
    max_age, remaining = get_max_age(response), max(0, math.ceil(remaining))
    if max_age is not None and max_age > remaining:
        patch_cache_control(response, max_age=remaining)
    return response
