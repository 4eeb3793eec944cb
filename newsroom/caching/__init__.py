"""Whole-response caching for the public site: pages, feeds and sitemaps.

Rules that keep cached responses truthful and the cache hard to flood:
- **Keys.** A view names what its response shows (`add_keys`, names in `keys.py`); the response is
  stored under those keys and sent with them (`xkey`, `Surrogate-Key`) so Varnish and CDNs can purge
  it too. A change purges only the keys of the output it alters (`purge`, called from
  `articles/signals.py`); a response whose view named no keys goes with any public change.
- **Lifetime from the moment of reading.** The deadline (PAGE_CACHE_SECONDS, cut by the next
  scheduled publication site-wide, DESIGN.md rule 2) is fixed *before* the view reads the database,
  so a page rendered just before a story's time never outlives it. `Cache-Control` counts down to
  the same deadline: `s-maxage` for shared caches, `max-age` at most that for readers.
- **Only what the view reads.** The address is the path plus the query parameters the view reads,
  normalised (`?page=01` is page 1); a request with any other parameter is served uncached.
- **Compressed.** The stored copy is gzip; readers that accept gzip get it as stored.
- **An accelerator.** With Redis down or frozen, pages are rendered uncached (see `backends.py`).
"""

import gzip
import hashlib
import math
import pickle
import re
import time
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_max_age, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.safestring import mark_safe

from . import frontends, keys
from .keys import ALL, ANY_CHANGE
from .store import page_store

__all__ = [
    "add_keys",
    "cache_public_response",
    "cached_fragment",
    "is_storing",
    "keys",
    "page_number",
    "purge",
]

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Bumped when the stored format changes, so old entries are read as misses.
FORMAT = 3
# A page number as links write it: 1 to 999999, leading zeros forgiven.
PAGE_NUMBER = re.compile(r"0*([1-9][0-9]{0,5})")
# Headers of the view's response kept with the stored copy.
STORED_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Content-Language", "Link")


def page_number(value):
    """A page number's canonical form ("" for page 1, the default), or None when malformed."""
    match = PAGE_NUMBER.fullmatch(value)
    if match is None:
        return None
    return "" if match[1] == "1" else match[1]


def add_keys(request, *names):
    """Tag the response to `request` with cache keys (no-op when it is not being cached)."""
    if is_storing(request):
        request._cache_keys.update(names)


def is_storing(request):
    """Whether the response to `request` may be stored (worth working out its keys)."""
    return getattr(request, "_cache_keys", None) is not None


def do_not_store(request):
    """Serve this response but keep no copy (e.g. a search with no results: anyone can make
    endless such addresses, and each would push a page readers want out of the cache)."""
    request._cache_keys = None


def purge(names, hard=False):
    """Purge the responses tagged with any of `names` here and in every front-end cache.

    `hard` also removes them from the front-ends' grace (for content that must not be served
    again, such as an unpublished story); soft purges leave a copy to serve while app servers are
    down. Failures are logged, never raised: a save must not fail because a cache is unwell.
    """
    names = set(names)
    if not names:
        return
    page_store().purge(names)
    frontends.purge(names, hard=hard)


def address(request, parameters):
    """The normalised address of `request`, or None when it carries parameters its view does
    not read or values that are not canonical."""
    query = []
    for name in sorted(request.GET):
        normalise = parameters.get(name)
        values = request.GET.getlist(name)
        if normalise is None or len(values) != 1:
            return None
        value = normalise(values[0])
        if value is None:
            return None
        if value:
            query.append((name, value))
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    text = repr((request.path, query, language))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def deadline(read_at, until_next_publication, seconds=None):
    """When a response read from the database at `read_at` must stop being served (at most
    `seconds`, PAGE_CACHE_SECONDS unless given), and whether that is a scheduled publication
    (to the second: never announced as later than it is)."""
    longest = read_at + (settings.PAGE_CACHE_SECONDS if seconds is None else seconds)
    if not until_next_publication:
        return longest, False
    # The project package is imported by `articles`; importing it at call time avoids the cycle.
    from articles.models import Article

    next_at = Article.objects.next_publication_at()
    if next_at is None or next_at.timestamp() >= longest:
        return longest, False
    return next_at.timestamp(), True


def seconds_left(expires_at, exact):
    left = expires_at - time.time()
    return max(0, math.floor(left) if exact else round(left))


def cached_fragment(name, keys, render):
    """The HTML `render()` makes for a piece many pages share (the site's navigation and footer),
    kept in the page store like a page: tagged with `keys` and purged with them, for
    FRAGMENT_CACHE_SECONDS at most (0: not kept). A fragment must not show stories, which a
    scheduled publication changes without a purge. `name` tells pieces apart; the language is
    part of the address."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds:
        return render()
    text = repr(("fragment", name, translation.get_language()))
    where = hashlib.sha256(text.encode()).hexdigest()[:40]
    store = page_store()
    payload, seen, ticket = store.lookup(where)
    if payload is not None:
        html, expires_at = pickle.loads(payload)
        if expires_at > time.time():
            store.keep(where, payload, keys, expires_at, ticket)
            return mark_safe(html)  # noqa: S308 -- rendered by a template, as stored
    expires_at, exact = deadline(time.time(), False, seconds)
    html = render()
    lifetime = seconds_left(expires_at, exact)
    if lifetime > 0 and seen is not None:
        entry = pickle.dumps((str(html), expires_at), protocol=5)
        store.store(where, entry, lifetime, {*keys, ALL}, seen, ticket)
    return html


def cache_public_response(view, *, parameters=None, keys=(), until_next_publication=True):
    """Serve successful GET/HEAD responses of `view` from the cache (see module docstring).

    `parameters` maps each query parameter the view reads to its normaliser (default: `page`);
    `keys` are cache keys every response of the view carries, besides those it adds itself;
    `until_next_publication=False` for a page that cannot show a newly published story (an
    article page), which then keeps its copy past scheduled publications.
    """
    parameters = {"page": page_number} if parameters is None else parameters
    static_keys = frozenset(keys)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        where = None
        if request.method in ("GET", "HEAD") and settings.PAGE_CACHE_SECONDS:
            where = address(request, parameters)
        if where is None:
            return view(request, *args, **kwargs)
        store = page_store()
        payload, seen, ticket = store.lookup(where)
        if payload is not None:
            hit = from_payload(payload, request)
            if hit is not None:
                response, expires_at = hit
                store.keep(where, payload, response["xkey"].split(), expires_at, ticket)
                return response
        read_at = time.time()
        expires_at, exact = deadline(read_at, until_next_publication)
        request._cache_keys = set(static_keys)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        names, request._cache_keys = request._cache_keys, None
        if response.status_code != 200 or response.streaming or names is None:
            return response
        names = (names or {ANY_CHANGE}) | {ALL}
        body = gzip.compress(response.content, compresslevel=6, mtime=0)
        stored = stored_headers(response, names)
        lifetime = seconds_left(expires_at, exact)
        client_max_age = get_max_age(response)
        freshness = (client_max_age, expires_at, exact)
        if lifetime > 0 and seen is not None:
            entry = pickle.dumps((FORMAT, stored, freshness, body), protocol=5)
            store.store(where, entry, lifetime, names, seen, ticket)
        return build(stored, freshness, body, request, response.content, "miss")

    return cached_view


def from_payload(payload, request):
    """(response, deadline) for a stored entry; None when it is from another format or has
    expired."""
    try:
        version, stored, freshness, body = pickle.loads(payload)
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError):
        return None
    if version != FORMAT or freshness[1] <= time.time():
        return None
    # A copy kept in this process keeps its page decompressed once, for readers without gzip.
    plain = getattr(payload, "plain", None)
    response = build(stored, freshness, body, request, plain, "hit")
    if plain is None and hasattr(payload, "plain") and "Content-Encoding" not in response:
        payload.plain = response.content
    return response, freshness[1]


def build(stored, freshness, compressed, request, plain, outcome):
    """A response with the stored headers, compressed when the reader accepts gzip, whose
    freshness counts down to the stored deadline. Kept lean: it is all a cache hit costs."""
    if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(compressed, headers=stored["compressed"])
        response.headers["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(compressed) if plain is None else plain
        response = HttpResponse(body, headers=stored["plain"])
    response.headers["Content-Length"] = str(len(response.content))
    response.headers["X-Page-Cache"] = outcome
    client_max_age, expires_at, exact = freshness
    remaining = seconds_left(expires_at, exact)
    # Readers' browsers cannot be purged: pages are checked again each time (the shared caches
    # answer), feeds keep the max-age their view chose, never past the deadline.
    max_age = 0 if client_max_age is None else min(client_max_age, remaining)
    response.headers["Cache-Control"] = f"public, max-age={max_age}, s-maxage={remaining}"
    return response


def stored_headers(response, names):
    """The headers kept with a stored copy, as sent plain and gzip-compressed."""
    headers = {header: response[header] for header in STORED_HEADERS if header in response}
    if "ETag" not in headers:
        # ConditionalGetMiddleware's own tag, made once here rather than on every hit.
        headers["ETag"] = quote_etag(
            hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        )
    headers["xkey"] = headers["Surrogate-Key"] = " ".join(sorted(names))
    patch_vary_headers(response, ("Accept-Encoding",))
    headers["Vary"] = response["Vary"]
    compressed = dict(headers)
    etag = headers.get("ETag")
    if etag and etag.startswith('"'):
        # As GZipMiddleware does: the compressed bytes are another representation.
        compressed["ETag"] = "W/" + etag
    return {"plain": headers, "compressed": compressed}
