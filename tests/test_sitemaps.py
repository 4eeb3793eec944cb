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


def every_sitemap(client):
    """The <url> entries of every sitemap the index at /sitemap.xml names, as one tree."""
    merged = etree.Element(etree.QName(NS["s"], "urlset"))
    for location in sitemap(client, "/sitemap.xml").iterfind("s:sitemap/s:loc", NS):
        merged.extend(sitemap(client, location.text.removeprefix(SITE_URL)))
    return merged


def test_sitemap_lists_articles_sections_tags_and_authors_with_lastmod(client):
    author = AuthorFactory(name="Ana Pérez")
    article = ArticleFactory(authors=[author], tag_names=["Water"])
    tree = every_sitemap(client)
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
    urls = locations(every_sitemap(client))
    assert SITE_URL + "/sections/empty/" not in urls
    assert SITE_URL + "/sections/drafts/" not in urls


def test_section_lastmod_ignores_scheduled_articles(client):
    published = timezone.now() - timedelta(days=3)
    ArticleFactory(publish_at=published)
    ArticleFactory(scheduled=True)
    tree = every_sitemap(client)
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


def test_sitemap_index_names_each_sitemap_on_the_site_url(client):
    ArticleFactory(authors=[AuthorFactory()], tag_names=["Water"])
    index = sitemap(client, "/sitemap.xml")
    assert [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)] == [
        f"{SITE_URL}/sitemap-{name}.xml" for name in ("articles", "sections", "tags", "authors")
    ]


def test_large_article_sitemaps_are_split_into_pages(client, monkeypatch):
    monkeypatch.setattr("articles.sitemaps.ArticleSitemap.limit", 2)
    articles = [ArticleFactory() for _ in range(5)]
    index = [loc.text for loc in sitemap(client, "/sitemap.xml").iterfind("s:sitemap/s:loc", NS)]
    assert [url for url in index if "articles" in url] == [
        f"{SITE_URL}/sitemap-articles.xml",
        f"{SITE_URL}/sitemap-articles.xml?p=2",
        f"{SITE_URL}/sitemap-articles.xml?p=3",
    ]
    pages = [locations(sitemap(client, f"/sitemap-articles.xml?p={page}")) for page in (1, 2, 3)]
    assert sum(len(page) for page in pages) == 5
    assert set().union(*pages) == {SITE_URL + article.get_absolute_url() for article in articles}


@pytest.mark.parametrize("page", ["0", "4", "x"])
def test_article_sitemap_page_outside_the_range_is_404(client, monkeypatch, page):
    monkeypatch.setattr("articles.sitemaps.ArticleSitemap.limit", 2)
    for _ in range(5):
        ArticleFactory()
    assert client.get(f"/sitemap-articles.xml?p={page}").status_code == 404


def test_article_sitemap_page_keeps_its_stories_when_older_ones_go(client, monkeypatch):
    monkeypatch.setattr("articles.sitemaps.ArticleSitemap.limit", 2)
    first, *_, last = [ArticleFactory() for _ in range(5)]
    before = locations(sitemap(client, "/sitemap-articles.xml?p=3"))
    first.status = "draft"
    first.save()
    assert locations(sitemap(client, "/sitemap-articles.xml?p=3")).keys() == before.keys()
    assert SITE_URL + last.get_absolute_url() in before
