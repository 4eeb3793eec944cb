"""Cache addresses hold only what each view reads, so made-up URLs cannot push pages out."""

import pytest
from django.core.cache import cache

from newsroom.caching.store import page_store
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_fragments(settings):
    """Count whole responses only: the navigation and footer fragments are a fixed few."""
    settings.FRAGMENT_CACHE_SECONDS = 0


def outcome(client, url):
    response = client.get(url)
    return response.status_code, response.get("X-Page-Cache")


def stored_pages():
    """How many responses the cache holds (Redis or local memory)."""
    store = page_store()
    if hasattr(store, "client"):
        return len(store.client.keys("*:page:*"))
    return sum(1 for key in cache._cache if ":page:" in key)


@pytest.fixture
def story():
    return ArticleFactory(headline="Bridge reopens", tag_names=["Roads"])


@pytest.mark.parametrize(
    "template",
    ["/?q=flood{n}", "/?utm_source=flood{n}", "{article}?p={n}", "/feed/?q={n}", "/?page=1&x={n}"],
)
def test_parameters_a_view_does_not_read_are_never_stored(client, story, template):
    client.get("/")
    before = stored_pages()
    for n in range(20):
        url = template.format(n=n, article=story.get_absolute_url())
        assert outcome(client, url) == (200, None), url
    assert stored_pages() == before


def test_page_numbers_with_leading_zeros_share_page_ones_copy(client, story):
    client.get("/")
    for url in ("/?page=1", "/?page=01", "/?page=0001"):
        assert outcome(client, url) == (200, "hit"), url


@pytest.mark.parametrize("page", ["0", "-1", "2", "999999999", "abc", "1.0"])
def test_a_page_that_does_not_exist_is_a_404_and_never_stored(client, story, page):
    before = stored_pages()
    assert client.get(f"/?page={page}").status_code == 404
    assert stored_pages() == before


def test_a_repeated_parameter_is_not_stored(client, story):
    before = stored_pages()
    assert outcome(client, "/?page=1&page=1") == (200, None)
    assert stored_pages() == before


def test_a_search_is_stored_under_its_normalised_query(client, story):
    client.get("/search/?q=bridge+reopens")
    assert outcome(client, "/search/?q=++bridge%20%20reopens+") == (200, "hit")


def test_a_search_with_no_results_is_not_stored(client, story):
    before = stored_pages()
    for n in range(10):
        assert outcome(client, f"/search/?q=nothing{n}") == (200, None)
    assert stored_pages() == before


def test_only_search_reads_q(client, story):
    assert outcome(client, "/sections/news/?q=bridge") == (200, None)


def test_a_flood_of_made_up_urls_leaves_the_hot_pages_cached(client, story):
    hot = ["/", "/sections/news/", story.get_absolute_url(), "/feed/"]
    for url in hot:
        client.get(url)
    # More addresses than the local-memory cache holds (300).
    for n in range(200):
        client.get(f"/?q=flood{n}")
        client.get(f"/?page=0{n + 2}")
        client.get(f"{story.get_absolute_url()}?p={n}")
        client.get(f"/feed/?q={n}")
        client.get(f"/search/?q=flood{n}")
    assert [outcome(client, url) for url in hot] == [(200, "hit")] * len(hot)
