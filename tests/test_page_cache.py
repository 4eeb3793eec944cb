"""Public responses come from the cache, yet edits and scheduled stories show on time."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.cache import get_max_age

from newsroom.caching import cache_lifetime
from tests.factories import ArticleFactory, CorrectionFactory

pytestmark = pytest.mark.django_db


def test_a_repeated_request_is_served_without_queries(client, django_assert_num_queries):
    article = ArticleFactory(headline="Bridge reopens")
    for path in ("/", article.get_absolute_url(), "/feed/", "/sitemap.xml"):
        first = client.get(path)
        with django_assert_num_queries(0):
            second = client.get(path)
        assert second.content == first.content, path


def test_an_edit_shows_on_the_next_request(client):
    article = ArticleFactory(headline="Bridge reopens")
    client.get(article.get_absolute_url())
    article.headline = "Bridge reopens after two years"
    article.save()
    assert "after two years" in client.get(article.get_absolute_url()).content.decode()


def test_a_new_correction_shows_on_the_next_request(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    CorrectionFactory(article=article, text="The vote was 7-2.")
    assert "The vote was 7-2." in client.get(article.get_absolute_url()).content.decode()


def test_unpublishing_removes_the_story_from_the_cached_home_page(client):
    article = ArticleFactory(headline="Bridge reopens")
    assert "Bridge reopens" in client.get("/").content.decode()
    article.status = article.Status.DRAFT
    article.save()
    assert "Bridge reopens" not in client.get("/").content.decode()


def test_cache_lifetime_ends_at_the_next_scheduled_publication(settings):
    settings.PAGE_CACHE_SECONDS = 300
    ArticleFactory(publish_at=timezone.now() + timedelta(seconds=90))
    assert 0 < cache_lifetime() <= 90


def test_cache_lifetime_is_the_setting_without_scheduled_stories(settings):
    settings.PAGE_CACHE_SECONDS = 300
    ArticleFactory()
    assert cache_lifetime() == 300


def test_a_page_is_not_cached_when_a_story_is_due_now(client):
    due = ArticleFactory(headline="Due now", publish_at=timezone.now() + timedelta(seconds=1))
    client.get("/")
    # The story's time passes without any save: the home page must not have been cached.
    type(due).objects.filter(pk=due.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert "Due now" in client.get("/").content.decode()


def test_a_not_found_answer_is_not_cached(client):
    assert client.get("/sections/later/").status_code == 404
    ArticleFactory(section__name="Later", section__slug="later")
    assert client.get("/sections/later/").status_code == 200


def test_caching_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(queries) > 0


def test_unknown_query_parameters_bypass_the_cache(client):
    ArticleFactory()
    client.get("/?utm_source=newsletter")
    with CaptureQueriesContext(connection) as queries:
        client.get("/?utm_source=newsletter")
    assert len(queries) > 0


def test_a_cached_feed_never_promises_freshness_past_its_cache_entry(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FEEDS_MAX_AGE = 300
    ArticleFactory()
    ArticleFactory(publish_at=timezone.now() + timedelta(seconds=120))
    first = client.get("/feed/")
    time.sleep(2)
    second = client.get("/feed/")
    assert get_max_age(second) <= get_max_age(first) - 1
