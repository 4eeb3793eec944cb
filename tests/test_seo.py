"""Metadata for search engines and social cards on article and listing pages."""

import json

import pytest
from django.template.loader import render_to_string
from lxml import html as lxml_html

from articles.views import article_page_context
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://news.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def head_of(client, path):
    return lxml_html.fromstring(client.get(path).content).find("head")


def meta(head, attribute, name):
    return [el.get("content") for el in head.iter("meta") if el.get(attribute) == name]


def json_ld(head):
    (script,) = head.xpath('//script[@type="application/ld+json"]')
    return json.loads(script.text)


@pytest.fixture
def article():
    return ArticleFactory(
        headline="Water returns to Petare",
        dek="After six days without supply.",
        authors=[AuthorFactory(name="Ana Pérez"), AuthorFactory(name="Luis Rojas")],
        tag_names=["Water", "Petare"],
        cover_photo=PhotoFactory(),
    )


def test_article_title_description_and_canonical(client, article):
    head = head_of(client, article.get_absolute_url())
    assert head.findtext("title") == "Water returns to Petare · The Newsroom"
    assert meta(head, "name", "description") == ["After six days without supply."]
    (canonical,) = head.xpath('link[@rel="canonical"]')
    assert canonical.get("href") == SITE_URL + article.get_absolute_url()


def test_article_robots_allow_large_image_previews(client, article):
    head = head_of(client, article.get_absolute_url())
    assert "max-image-preview:large" in meta(head, "name", "robots")[0]


def test_article_opengraph_and_twitter_tags(client, article):
    head = head_of(client, article.get_absolute_url())
    assert meta(head, "property", "og:type") == ["article"]
    assert meta(head, "property", "og:image")[0].startswith(SITE_URL + "/media/")
    assert meta(head, "name", "twitter:card") == ["summary_large_image"]
    assert meta(head, "property", "article:author") == [
        SITE_URL + author.get_absolute_url() for author in article.byline_authors
    ]
    assert sorted(meta(head, "property", "article:tag")) == ["Petare", "Water"]


def test_article_json_ld_is_a_news_article_with_a_person_per_byline(client, article):
    data = json_ld(head_of(client, article.get_absolute_url()))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Water returns to Petare"
    assert data["author"] == [
        {"@type": "Person", "name": a.name, "url": SITE_URL + a.get_absolute_url()}
        for a in article.byline_authors
    ]
    assert data["publisher"]["name"] == "The Newsroom"
    assert data["articleSection"] == "News"
    assert sorted(data["keywords"]) == ["Petare", "Water"]
    assert data["datePublished"] and data["dateModified"]
    assert all(url.startswith(SITE_URL + "/media/") for url in data["image"])


def test_json_ld_cannot_be_closed_by_a_headline(client):
    article = ArticleFactory(headline="</script><script>alert(1)</script>")
    body = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in body
    data = json_ld(lxml_html.fromstring(body).find("head"))
    assert data["headline"] == "</script><script>alert(1)</script>"


def test_listing_pages_have_a_canonical_with_their_page_number(client):
    for _ in range(21):
        ArticleFactory()
    head = head_of(client, "/?page=2")
    (canonical,) = head.xpath('link[@rel="canonical"]')
    assert canonical.get("href") == SITE_URL + "/?page=2"


def test_search_results_are_not_indexed(client):
    head = head_of(client, "/search/?q=water")
    assert meta(head, "name", "robots") == ["noindex, follow"]


def test_preview_flag_shows_banner_and_noindex(rf, article):
    context = {**article_page_context(article), "is_preview": True}
    page = render_to_string("articles/article_detail.html", context, request=rf.get("/preview/x/"))
    assert "Preview — not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_article_without_dek_falls_back_to_site_description(client, settings):
    settings.SITE_DESCRIPTION = "News from the valley."
    article = ArticleFactory(dek="")
    head = head_of(client, article.get_absolute_url())
    description = "News from the valley."
    assert meta(head, "name", "description") == [description]
    assert meta(head, "property", "og:description") == [description]
    assert "description" not in json_ld(head)
