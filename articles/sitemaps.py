"""Sitemaps: everything public with its last change, plus a Google News sitemap.

`/sitemap.xml` is an index of one sitemap per kind (`/sitemap-articles.xml` …), each split into
pages of `limit` URLs (`?p=2`), since crawlers accept at most 50,000 URLs in one file. Every item
comes from `Article.objects.published()` (rule 1); URLs are absolute from SITE_URL, not from the
request's host, so they are right behind any proxy.
"""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from authors.models import Author
from newsroom.xmlsafe import xml_safe

from .models import Article, Section

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


class ArticleSitemap(SiteUrlSitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "publish_at", "created_at", "updated_at")

    def lastmod(self, article):
        return max(article.updated_at, article.publish_at)


class SectionSitemap(SiteUrlSitemap):
    def items(self):
        return (
            Section.objects.filter(articles__in=Article.objects.published())
            .annotate(lastmod=Max("articles__publish_at"))
            .order_by("position", "name")
        )


class TagSitemap(SiteUrlSitemap):
    def items(self):
        return (
            Tag.objects.filter(article__in=Article.objects.published())
            .annotate(lastmod=Max("article__publish_at"))
            .order_by("name")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(SiteUrlSitemap):
    def items(self):
        return (
            Author.objects.filter(is_active=True, articles__in=Article.objects.published())
            .annotate(lastmod=Max("articles__publish_at"))
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
