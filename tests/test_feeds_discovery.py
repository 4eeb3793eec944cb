"""Pages announce their feeds with <link rel="alternate"> so browsers and readers find them."""

import lxml.html
import pytest

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def feed_links(client, url):
    response = client.get(url)
    assert response.status_code == 200
    head = lxml.html.fromstring(response.content).head
    return {link.get("type"): link.get("href") for link in head.findall("link[@rel='alternate']")}


def test_home_page_links_rss_atom_and_json_feeds(client):
    assert feed_links(client, "/") == {
        "application/rss+xml": "/feed/",
        "application/atom+xml": "/feed/atom/",
        "application/feed+json": "/feed.json",
    }


def test_article_page_links_the_site_feeds(client):
    article = ArticleFactory()
    assert feed_links(client, article.get_absolute_url()) == {
        "application/rss+xml": "/feed/",
        "application/atom+xml": "/feed/atom/",
        "application/feed+json": "/feed.json",
    }


def test_section_page_links_its_own_feeds_first(client):
    SectionFactory(name="Sport", slug="sport")
    response = client.get("/sections/sport/")
    links = lxml.html.fromstring(response.content).head.findall("link[@rel='alternate']")
    assert [link.get("href") for link in links] == [
        "/sections/sport/feed/",
        "/sections/sport/feed/atom/",
        "/feed/",
        "/feed/atom/",
        "/feed.json",
    ]
    assert links[0].get("title") == "Sport (RSS)"


def test_author_page_links_their_feeds(client):
    AuthorFactory(name="Ana", slug="ana")
    response = client.get("/authors/ana/")
    links = lxml.html.fromstring(response.content).head.findall("link[@rel='alternate']")
    assert [link.get("href") for link in links][:2] == [
        "/authors/ana/feed/",
        "/authors/ana/feed/atom/",
    ]


def test_every_advertised_feed_answers(client):
    ArticleFactory(authors=[AuthorFactory(name="Ana", slug="ana")])
    for page in ("/", "/sections/news/", "/authors/ana/"):
        for href in feed_links(client, page).values():
            assert client.get(href).status_code == 200


def test_tag_page_links_its_own_feeds_and_the_json_feed(client):
    ArticleFactory(tag_names=["budget"])
    response = client.get("/tags/budget/")
    links = lxml.html.fromstring(response.content).head.findall("link[@rel='alternate']")
    assert [link.get("href") for link in links] == [
        "/tags/budget/feed/",
        "/tags/budget/feed/atom/",
        "/feed/",
        "/feed/atom/",
        "/feed.json",
    ]
