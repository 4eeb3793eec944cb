"""Every old WordPress address answers 301 to its new home after an import."""

import pytest

from articles.models import Article, Photo
from tests.wordpress import edited_export, run_import

pytestmark = pytest.mark.django_db

COUNCIL_LINK = "<link>https://oldnews.example/2024/03/04/council-approves-the-water-plan/</link>"


@pytest.fixture
def imported(tmp_path):
    # The council story had a different permalink structure on the old site.
    export = edited_export(
        tmp_path,
        (COUNCIL_LINK, "<link>https://oldnews.example/archives/council-approves.html</link>"),
    )
    run_import(tmp_path, export)


def url_of(headline):
    return Article.objects.get(headline=headline).get_absolute_url()


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new


@pytest.mark.parametrize(
    "old",
    ["/archives/council-approves.html", "/archives/council-approves.html/"],
)
def test_post_permalink_of_any_structure_redirects(imported, client, old):
    assert_moved(client, old, url_of("Council approves the water plan"))


def test_post_permalink_of_the_same_shape_serves_the_article(imported, client):
    assert client.get("/2024/03/05/thousands-march-for-water/").status_code == 200


def test_question_mark_p_redirects_to_the_post(imported, client):
    assert_moved(client, "/?p=5", url_of("Prices rise again in Caracas"))


def test_question_mark_p_of_an_unpublished_post_is_404(imported, client):
    assert client.get("/?p=18").status_code == 404  # a draft
    assert client.get("/?p=14").status_code == 404  # scheduled


@pytest.mark.parametrize("query", ["?p=99999", "?p=abc", "?p=", "?page_id=5"])
def test_question_mark_p_that_names_nothing_is_404(imported, client, query):
    assert client.get(f"/{query}").status_code == 404


def test_home_page_without_p_still_works(imported, client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Thousands march for water" in response.content


def test_attachment_page_redirects_to_the_post_it_belongs_to(imported, client):
    march = url_of("Thousands march for water")
    assert_moved(client, "/2024/03/05/thousands-march-for-water/protest/", march)


def test_attachment_page_without_a_post_redirects_to_the_photo(imported, client):
    market = Photo.objects.get(alt_text="Vendors at the market")
    assert_moved(client, "/market/", market.image.url)
    assert_moved(client, "/?attachment_id=7", market.image.url)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/category/economy/", "/sections/economy/"),
        ("/category/economy/feed/", "/sections/economy/feed/"),
        ("/category/politics/water/", "/sections/water/"),
        ("/category/politics/water/feed/", "/sections/water/feed/"),
        ("/tag/caracas/", "/tags/caracas/"),
        ("/tag/caracas/feed/", "/tags/caracas/feed/"),
        ("/author/maria/", "/authors/maria/"),
        ("/author/maria/feed/", "/authors/maria/feed/"),
        ("/feed/rss2/", "/feed/"),
        ("/comments/feed/", "/feed/"),
    ],
)
def test_archive_and_feed_addresses_redirect(imported, client, old, new):
    assert_moved(client, old, new)
    assert client.get(new).status_code == 200


def test_site_feed_keeps_its_address(imported, client):
    assert client.get("/feed/").status_code == 200


@pytest.mark.parametrize(
    ("old", "new"),
    [("/about-us/", "/pages/about-us/"), ("/about-us/ethics/", "/pages/ethics/")],
)
def test_page_permalinks_redirect_to_static_pages(imported, client, old, new):
    assert_moved(client, old, new)


def test_question_mark_page_id_redirects_to_the_page(imported, client):
    assert_moved(client, "/?page_id=20", "/pages/about-us/")
