"""Absolute URLs on SITE_URL, for feeds, sitemaps, structured data and preview links."""

from django.conf import settings


def absolute_url(url):
    """`url` (a path such as "/media/x.jpg") made absolute on SITE_URL; "" and URLs that are
    already absolute (a storage on another host) pass through."""
    url = str(url)
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url
