"""The footer on every page, and the bylines at the top of a story and on an author's page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from authors.images import process_author_photo
from tests.factories import ArticleFactory, AuthorFactory, PageFactory, SectionFactory, image_file

pytestmark = pytest.mark.django_db


def footer(client, path="/"):
    html = client.get(path).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_footer_links_pages_feeds_archives_sections_and_corrections(client):
    PageFactory(title="About us", slug="about", is_in_footer=True)
    PageFactory(title="Hidden page", slug="hidden")
    SectionFactory(name="Culture", slug="culture")
    ArticleFactory(publish_at=datetime(2025, 5, 1, 12, tzinfo=ZoneInfo("America/New_York")))
    html = footer(client)
    for link in [
        'href="/pages/about/">About us</a>',
        'href="/sections/culture/">Culture</a>',
        'href="/feed/"',
        'href="/feed/atom/"',
        'href="/feed.json"',
        'href="/2025/">Archives</a>',
        'href="/corrections/">Corrections</a>',
    ]:
        assert link in html, link
    assert "Hidden page" not in html


def test_footer_is_on_every_kind_of_page(client):
    article = ArticleFactory()
    PageFactory(slug="about")
    for path in ["/", article.get_absolute_url(), "/pages/about/", "/search/?q=x", "/nope/"]:
        assert 'href="/corrections/"' in footer(client, path), path


def test_footer_without_stories_has_no_archive_link(client):
    assert "Archives" not in footer(client)


def with_photo(author):
    author.photo = image_file("face.jpg", size=(400, 400))
    author.save()
    process_author_photo(author)
    return author


def test_story_top_byline_shows_the_author_photo(client):
    author = with_photo(AuthorFactory(name="Ana López"))
    article = ArticleFactory(authors=[author])
    html = client.get(article.get_absolute_url()).content.decode()
    header = html[
        html.index('<header class="story__header">') : html.index(
            "</header>", html.index("story__header")
        )
    ]
    assert 'class="byline-photos"' in header
    assert author.photo_square["url"] in header


def test_author_page_does_not_link_the_author_to_their_own_page(client):
    author = AuthorFactory(name="Ana López", slug="ana")
    other = AuthorFactory(name="Luis Pérez", slug="luis")
    ArticleFactory(authors=[author, other])
    html = client.get("/authors/ana/").content.decode()
    assert 'href="/authors/ana/"' not in html
    assert 'href="/authors/luis/">Luis Pérez</a>' in html


def test_pages_declare_light_and_dark_colour_schemes(client):
    assert '<meta name="color-scheme" content="light dark">' in client.get("/").content.decode()
