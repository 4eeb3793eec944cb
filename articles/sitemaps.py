"""Sitemaps: everything public with its last change, plus a Google News sitemap.

`/sitemap.xml` is an index of one sitemap per kind (`/sitemap-articles.xml` …), each split into
pages of `limit` URLs (`?p=2`), since crawlers accept at most 50,000 URLs in one file. Every item
comes from `Article.objects.published()` (rule 1); URLs are absolute from SITE_URL, not from the
request's host, so they are right behind any proxy.

Every figure costs the same whatever the size of the archive: article pages are primary-key
ranges (`KeyRangePaginator`), and the `lastmod` of a section, tag or author is its newest
published story, one seek in an index of its stories (bylines and tag links carry copies of
their article's published state, see `articles.models.PublishedCopy`).
"""

import math
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import OuterRef, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.models import Tag

from authors.models import Author
from newsroom.caching import add_keys, keys, page_number
from newsroom.xmlsafe import xml_safe

from .models import Article, ArticleTag, Byline, Section

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class SiteUrlSitemap(Sitemap):
    """Builds locations on SITE_URL's scheme and host."""

    def get_urls(self, page=1, site=None, protocol=None):
        base = urlsplit(settings.SITE_URL)
        site = SimpleNamespace(domain=base.netloc + base.path.rstrip("/"))
        urls = super().get_urls(page=page, site=site, protocol=base.scheme)
        for url in urls:
            url["location"] = xml_safe(url["location"])
        return urls

    def lastmod(self, item):
        return item.lastmod


class KeyRangePaginator:
    """Pages of `limit` primary keys, counted from the lowest: page N holds the items with a key
    in [lowest + (N-1)·limit, lowest + N·limit).

    Reading a page is one range of the primary key, not an OFFSET past every earlier row, and
    the number of pages is two seeks at the ends of the key (of every row, published or not:
    the published rule would make SQLite walk its index instead). A page holds at most `limit`
    URLs, fewer where drafts or deleted stories leave gaps (the last one may hold none, which
    crawlers accept), and a story stays on its page as the archive grows.
    """

    def __init__(self, items, limit):
        self.items, self.limit = items, limit

    @cached_property
    def key_range(self):
        # Two queries: SQLite reads one end of an index for MIN or MAX alone, but scans the
        # whole index for both at once.
        return self.lowest, self.primary_keys.order_by("-pk").first() or 0

    @cached_property
    def lowest(self):
        return self.primary_keys.order_by("pk").first() or 0

    @property
    def primary_keys(self):
        return self.items.model.objects.values_list("pk", flat=True)

    @cached_property
    def num_pages(self):
        lowest, highest = self.key_range
        return max(1, math.ceil((highest - lowest + 1) / self.limit)) if highest else 1

    def page_of(self, key):
        """The number of the page holding the item with primary key `key`."""
        return (key - self.lowest) // self.limit + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        first = self.key_range[0] + (number - 1) * self.limit
        rows = self.items.filter(pk__gte=first, pk__lt=first + self.limit).order_by("pk")
        return SimpleNamespace(number=number, object_list=rows)


def newest_published(links, **scope):
    """The publication time of the newest published story among `links` in `scope`."""
    newest = links.published().filter(**scope).order_by("-publish_at")
    return Subquery(newest.values("publish_at")[:1])


class ArticleSitemap(SiteUrlSitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "publish_at", "created_at", "updated_at")

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)

    def lastmod(self, article):
        return max(article.updated_at, article.publish_at)


class SectionSitemap(SiteUrlSitemap):
    def items(self):
        return (
            Section.objects.annotate(
                lastmod=newest_published(Article.objects, section=OuterRef("pk"))
            )
            .filter(lastmod__isnull=False)
            .order_by("position", "name")
        )


class TagSitemap(SiteUrlSitemap):
    def items(self):
        return (
            Tag.objects.annotate(lastmod=newest_published(ArticleTag.objects, tag=OuterRef("pk")))
            .filter(lastmod__isnull=False)
            .order_by("name")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(SiteUrlSitemap):
    def items(self):
        return (
            Author.objects.filter(is_active=True)
            .annotate(lastmod=newest_published(Byline.objects, author=OuterRef("pk")))
            .filter(lastmod__isnull=False)
            .order_by("name")
        )


class NewsSitemap(SiteUrlSitemap):
    """Google News: articles published in the last two days, at most 1,000, newest first."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(publish_at__gte=since)
            .only("headline", "slug", "publish_at", "created_at", "updated_at")
            .order_by("-publish_at", "-pk")[:NEWS_LIMIT]
        )

    def lastmod(self, article):
        return max(article.updated_at, article.publish_at)


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


def sitemap_section(request, section):
    """One sitemap's page (Django's view); an article page is keyed by its number, so that a
    live edit purges only the page listing its story (its `lastmod`)."""
    if section == "articles":
        add_keys(request, keys.sitemap_page(page_number(request.GET.get("p", "1")) or "1"))
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)


def article_page(article_id):
    """The number of the /sitemap-articles.xml page listing the story (one index seek)."""
    return ArticleSitemap().paginator.page_of(article_id)


def sitemap_index(request):
    """The index of every sitemap page, located on SITE_URL: one count query per sitemap."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        location = settings.SITE_URL + reverse("articles:sitemap_section", args=[section])
        pages = sitemap_class().paginator.num_pages
        entries.append(SitemapIndexItem(location, None))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", None) for page in range(2, pages + 1)
        )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
