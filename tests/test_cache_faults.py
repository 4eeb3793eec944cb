"""The cache is an accelerator: with Redis down or frozen, readers and editors carry on."""

import socket
import time

import pytest
from django.core.cache import cache

from articles.models import Article
from newsroom.settings import cache_settings
from tests.admin_forms import article_post_data, change_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings, closed_port):
    """REDIS_URL pointing at a port nothing listens on."""
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{closed_port}/0")


@pytest.fixture
def redis_frozen(settings):
    """REDIS_URL pointing at a server that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)  # the kernel completes connections nobody ever reads
        settings.CACHES = cache_settings(f"redis://127.0.0.1:{sock.getsockname()[1]}/0")
        yield


@pytest.fixture
def story():
    return ArticleFactory(headline="Bridge reopens")


def timed_get(client, url):
    start = time.perf_counter()
    response = client.get(url)
    return response, time.perf_counter() - start


@pytest.mark.parametrize("url", ["/", "/feed/", "/sitemap.xml", "/sections/news/"])
def test_pages_are_rendered_uncached_while_redis_is_down(client, story, redis_down, url):
    response, seconds = timed_get(client, url)
    assert response.status_code == 200
    assert seconds < 1


def test_an_article_is_served_while_redis_is_down(client, story, redis_down):
    assert "Bridge reopens" in client.get(story.get_absolute_url()).content.decode()


def test_a_frozen_redis_costs_one_short_timeout_then_nothing(client, story, redis_frozen):
    first, first_seconds = timed_get(client, "/")
    assert first.status_code == 200
    assert first_seconds < 1.5
    for _ in range(5):
        response, seconds = timed_get(client, story.get_absolute_url())
        assert response.status_code == 200
        assert seconds < 0.5


def test_the_cache_reports_itself_unhealthy_after_a_failure(client, story, redis_down):
    client.get("/")
    assert cache.is_healthy is False


def test_an_edit_saves_and_purges_the_front_ends_while_redis_is_down(
    client, editor, story, redis_down, frontend_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(story), article_post_data(story, headline="Bridge shut"))
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).headline == "Bridge shut"
    assert frontend_cache.purges
    assert "Bridge shut" in client.get(story.get_absolute_url()).content.decode()


def test_an_unpublish_saves_while_redis_is_frozen(
    client, editor, story, redis_frozen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(story), article_post_data(story, action="unpublish"))
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT
    assert client.get(story.get_absolute_url()).status_code == 404
