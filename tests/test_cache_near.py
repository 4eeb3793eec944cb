"""Each process's copies of recent pages, in front of Redis, follow purges made anywhere."""

import os
import time

import pytest

from newsroom.caching.store import page_store
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)"),
]


@pytest.fixture(autouse=True)
def pages_only(settings):
    """The process's copies here are of pages only, not of the navigation and footer."""
    settings.FRAGMENT_CACHE_SECONDS = 0


def near_copy_of(client, url):
    """Serve `url` until this process answers it from its own copy; that copy's store."""
    store = page_store()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        client.get(url)
        if client.get(url)["X-Page-Cache"] == "hit" and store.near.entries:
            return store
        time.sleep(0.05)
    pytest.fail("the page never reached this process's copies")


def test_a_purge_published_by_another_server_evicts_this_processs_copy(client):
    ArticleFactory(headline="Bridge reopens")
    store = near_copy_of(client, "/")
    # Another app server purges: it deletes from Redis and publishes the keys.
    other = store.client
    other.delete(store.name("page", next(iter(store.near.entries))))
    other.publish(store.channel, "home")
    deadline = time.monotonic() + 2
    while store.near.entries and time.monotonic() < deadline:
        time.sleep(0.01)
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_an_unrelated_purge_keeps_this_processs_copy(client):
    ArticleFactory(headline="Bridge reopens")
    store = near_copy_of(client, "/")
    store.client.publish(store.channel, "article-999999")
    time.sleep(0.2)
    assert store.near.entries
    assert client.get("/")["X-Page-Cache"] == "hit"
