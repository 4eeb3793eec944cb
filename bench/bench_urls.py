"""The site's URLs plus the bare views bench/page_cache.py compares cached pages with."""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site


@cache
def page_bytes(suffix=""):
    return Path(os.environ["BENCH_PAGE_FILE"] + suffix).read_bytes()


def bare(request):
    """Fixed bytes: the cached page's own, as Django serves anything through its middleware."""
    return HttpResponse(page_bytes(), content_type="text/html; charset=utf-8")


def bare_gzip(request):
    """The same bytes, compressed as the page cache stores them."""
    response = HttpResponse(page_bytes(".gz"), content_type="text/html; charset=utf-8")
    response["Content-Encoding"] = "gzip"
    return response


# After the site's own patterns, so resolving them costs what resolving a page does.
urlpatterns = [*site, path("bench/bare/", bare), path("bench/bare-gzip/", bare_gzip)]
