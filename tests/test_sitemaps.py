"""What /sitemap.xml, /news-sitemap.xml and /robots.txt tell crawlers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://news.example"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def sitemap(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return etree.fromstring(response.content)


def locations(tree):
    return {loc.text: loc for loc in tree.iterfind("s:url/s:loc", NS)}


def test_sitemap_lists_articles_sections_tags_and_authors_with_lastmod(client):
    author = AuthorFactory(name="Ana Pérez")
    article = ArticleFactory(authors=[author], tag_names=["Water"])
    tree = sitemap(client, "/sitemap.xml")
    urls = locations(tree)
    for path in (
        article.get_absolute_url(),
        "/sections/news/",
        "/tags/water/",
        "/authors/ana-perez/",
    ):
        assert SITE_URL + path in urls
    assert len(tree.findall("s:url/s:lastmod", NS)) == len(urls)


def test_sitemap_leaves_out_sections_with_nothing_published(client):
    SectionFactory(name="Empty", slug="empty")
    ArticleFactory(section=SectionFactory(name="Drafts", slug="drafts"), draft=True)
    urls = locations(sitemap(client, "/sitemap.xml"))
    assert SITE_URL + "/sections/empty/" not in urls
    assert SITE_URL + "/sections/drafts/" not in urls


def test_section_lastmod_ignores_scheduled_articles(client):
    published = timezone.now() - timedelta(days=3)
    ArticleFactory(publish_at=published)
    ArticleFactory(scheduled=True)
    tree = sitemap(client, "/sitemap.xml")
    (lastmod,) = tree.xpath(
        f"//s:url[s:loc='{SITE_URL}/sections/news/']/s:lastmod/text()", namespaces=NS
    )
    assert lastmod == timezone.localtime(published).strftime("%Y-%m-%d")


def test_news_sitemap_lists_the_last_two_days_in_google_news_format(client):
    fresh = ArticleFactory(headline="Fresh & new", publish_at=timezone.now() - timedelta(hours=3))
    ArticleFactory(headline="Old news", publish_at=timezone.now() - timedelta(days=3))
    tree = sitemap(client, "/news-sitemap.xml")
    (url,) = tree.findall("s:url", NS)
    assert url.findtext("s:loc", namespaces=NS) == SITE_URL + fresh.get_absolute_url()
    assert url.findtext("news:news/news:title", namespaces=NS) == "Fresh & new"
    assert url.findtext("news:news/news:publication/news:name", namespaces=NS) == "The Newsroom"
    assert url.findtext("news:news/news:publication/news:language", namespaces=NS) == "en"
    published = url.findtext("news:news/news:publication_date", namespaces=NS)
    assert published == timezone.localtime(fresh.publish_at).isoformat()


def test_news_sitemap_holds_at_most_a_thousand_articles(client, monkeypatch):
    monkeypatch.setattr("articles.sitemaps.NEWS_LIMIT", 2)
    for _ in range(3):
        ArticleFactory()
    assert len(sitemap(client, "/news-sitemap.xml").findall("s:url", NS)) == 2


def test_robots_txt_names_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {SITE_URL}/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
