"""Public responses come from the cache, yet edits and scheduled stories show on time."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.cache import get_max_age

from articles.views import HomeView
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


def shared_max_age(response):
    return int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])


def test_a_listing_is_kept_until_the_next_scheduled_publication(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    ArticleFactory(publish_at=timezone.now() + timedelta(seconds=90))
    client.get("/")
    assert 0 < shared_max_age(client.get("/")) <= 90


def test_a_listing_is_kept_for_the_setting_without_scheduled_stories(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    ArticleFactory()
    assert shared_max_age(client.get("/")) == 300


def test_an_article_page_is_kept_past_a_scheduled_publication(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = ArticleFactory()
    ArticleFactory(publish_at=timezone.now() + timedelta(seconds=90))
    assert shared_max_age(client.get(article.get_absolute_url())) == 300


def test_readers_browsers_check_pages_again_each_time(client):
    ArticleFactory()
    assert get_max_age(client.get("/")) == 0


def test_a_page_read_before_a_story_is_due_is_not_kept_after_it(client, monkeypatch):
    """The lifetime is counted from when the content was read, not from when it was stored."""
    due_at = timezone.now() + timedelta(seconds=1)
    ArticleFactory(headline="Due soon", publish_at=due_at)
    render = HomeView.render_to_response

    def slow_render(view, context, **kwargs):
        # The database was read before the story was due; the page is stored after.
        time.sleep(max(0, (due_at - timezone.now()).total_seconds()) + 0.2)
        return render(view, context, **kwargs)

    monkeypatch.setattr(HomeView, "render_to_response", slow_render)
    assert "Due soon" not in client.get("/").content.decode()
    monkeypatch.setattr(HomeView, "render_to_response", render)
    assert "Due soon" in client.get("/").content.decode()


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
