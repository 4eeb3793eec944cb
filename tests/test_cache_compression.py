"""Pages and feeds go out gzip-compressed to readers that accept it, from a compressed copy."""

import gzip

import pytest
from django.core.cache import cache

from newsroom.caching import address, page_number
from newsroom.caching.store import page_store
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def story():
    return ArticleFactory(headline="Bridge reopens")


@pytest.mark.parametrize("url", ["/", "/feed/", "/sitemap.xml"])
@pytest.mark.parametrize("attempt", ["miss", "hit"])
def test_a_reader_accepting_gzip_gets_the_same_page_compressed(client, story, url, attempt):
    plain = client.get(url).content
    if attempt == "miss":
        cache.clear()
    response = client.get(url, headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain
    assert int(response["Content-Length"]) == len(response.content) < len(plain)


def test_a_reader_not_accepting_gzip_gets_plain_text_from_the_cache(client, story):
    client.get("/", headers=GZIP)
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert not response.has_header("Content-Encoding")
    assert b"Bridge reopens" in response.content


def test_compressed_pages_vary_on_accept_encoding(client, story):
    assert "Accept-Encoding" in client.get("/", headers=GZIP)["Vary"]
    assert "Accept-Encoding" in client.get("/")["Vary"]


def test_the_stored_copy_is_compressed(client, story, rf):
    page = client.get("/").content
    stored, *_ = page_store().lookup(address(rf.get("/"), {"page": page_number}))
    assert len(stored) < len(page) / 2


def test_a_compressed_feed_has_a_weak_etag_that_still_answers_304(client, story):
    client.get("/feed/")
    etag = client.get("/feed/", headers=GZIP)["ETag"]
    assert etag.startswith('W/"')
    response = client.get("/feed/", headers={**GZIP, "if-none-match": etag})
    assert response.status_code == 304


def test_a_page_keeps_the_etag_of_its_first_rendering_and_answers_304_from_the_cache(client, story):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    hit = client.get("/", headers={"if-none-match": first["ETag"]})
    assert hit.status_code == 304
    assert hit["ETag"] == first["ETag"]


def test_an_uncached_page_is_compressed_too(client, story, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get("/", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert b"Bridge reopens" in gzip.decompress(response.content)
