"""Status flow, scheduling, copy-desk gating and slug changes through the admin."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import workflow
from articles.models import Article, SlugRedirect
from tests.admin_forms import article_post_data, change_url
from tests.factories import ArticleFactory, PhotoFactory, staff_user

pytestmark = pytest.mark.django_db


def clean_draft(**kwargs):
    """A draft the copy desk has nothing to say about."""
    return ArticleFactory(draft=True, tag_names=["budget"], cover_photo=PhotoFactory(), **kwargs)


def test_draft_goes_to_review_then_published(client, editor):
    article = clean_draft()
    client.post(change_url(article), article_post_data(article, action="submit"))
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    client.post(change_url(article), article_post_data(article, action="publish"))
    article.refresh_from_db()
    assert article.is_published


def test_saving_keeps_an_article_in_review(client, editor):
    article = clean_draft(in_review=True)
    client.post(change_url(article), article_post_data(article, action="save", dek="New dek"))
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert article.dek == "New dek"


def test_scheduling_with_a_future_time_is_listed_as_scheduled(client, editor):
    article = clean_draft(headline="Budget vote tomorrow")
    later = timezone.now() + timedelta(days=1)
    client.post(change_url(article), article_post_data(article, "schedule", publish_at=later))
    article.refresh_from_db()
    assert article.is_scheduled
    listing = client.get("/admin/articles/article/").content.decode()
    assert "Scheduled" in listing


def test_scheduled_article_is_not_public_until_its_time(client, editor):
    article = clean_draft(headline="Budget vote tomorrow")
    later = timezone.now() + timedelta(days=1)
    client.post(change_url(article), article_post_data(article, "schedule", publish_at=later))
    assert "Budget vote tomorrow" not in client.get("/").content.decode()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    # The cached home page would expire at the scheduled time (test_page_cache.py); moving the
    # time with update() instead of waiting leaves it in place, so drop it.
    cache.clear()
    assert "Budget vote tomorrow" in client.get("/").content.decode()


def test_scheduling_without_a_future_time_is_refused(client, editor):
    article = clean_draft()
    earlier = timezone.now() - timedelta(days=1)
    response = client.post(
        change_url(article), article_post_data(article, "schedule", publish_at=earlier)
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "set a publication time in the future" in response.content.decode()


def test_unpublish_returns_the_article_to_draft(client, editor):
    article = ArticleFactory(tag_names=["budget"])
    client.post(change_url(article), article_post_data(article, action="unpublish"))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_publish_now_on_a_scheduled_article_publishes_immediately():
    editor = staff_user("Editor")
    article = ArticleFactory(scheduled=True)
    workflow.apply(article, workflow.PUBLISH, editor)
    assert article.publish_at <= timezone.now()


def test_republishing_keeps_the_original_publication_time():
    editor = staff_user("Editor")
    first = timezone.now() - timedelta(days=3)
    article = ArticleFactory(publish_at=first, first_published_at=first)
    workflow.apply(article, workflow.UNPUBLISH, editor)
    workflow.apply(article, workflow.PUBLISH, editor)
    assert article.publish_at == first
    assert article.first_published_at == first


def test_publishing_with_copy_desk_warnings_is_refused(client, editor):
    article = ArticleFactory(draft=True, dek="", tag_names=["budget"])
    response = client.post(change_url(article), article_post_data(article, action="publish"))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    page = response.content.decode()
    assert "There is no dek" in page
    assert "Publish anyway" in page


def test_publish_anyway_publishes_despite_warnings(client, editor):
    article = ArticleFactory(draft=True, dek="", tag_names=["budget"])
    data = article_post_data(article, action="publish", publish_anyway="on")
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.is_published


def test_copy_desk_warnings_are_shown_after_saving_a_draft(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"])
    data = article_post_data(article, body="<p>The the council met. TK</p>")
    response = client.post(change_url(article), data, follow=True)
    page = response.content.decode()
    assert "Copy desk: The word &quot;The&quot; is doubled" in page
    assert "TK" in page


def test_changing_a_live_article_slug_keeps_the_old_url_redirecting(client, editor):
    article = ArticleFactory(slug="old-slug", tag_names=["budget"])
    old_url = article.get_absolute_url()
    client.post(change_url(article), article_post_data(article, slug="new-slug"))
    article.refresh_from_db()
    assert SlugRedirect.objects.get(old_slug="old-slug").article == article
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_changing_a_draft_slug_records_no_redirect(client, editor):
    article = clean_draft(slug="draft-slug")
    client.post(change_url(article), article_post_data(article, slug="better-slug"))
    assert not SlugRedirect.objects.exists()


def test_tag_suggestions_list_existing_tags_by_prefix(client, editor):
    ArticleFactory(tag_names=["Budget", "Buses", "Courts"])
    response = client.get("/admin/articles/article/tag-suggestions/", {"q": "bu"})
    assert response.json() == {"results": ["Budget", "Buses"]}


def test_tag_suggestions_need_a_staff_login(client):
    response = client.get("/admin/articles/article/tag-suggestions/", {"q": "bu"})
    assert response.status_code == 302


def test_editor_changes_the_publication_time_of_a_live_article(client, editor):
    article = ArticleFactory(tag_names=["budget"])
    earlier = (timezone.now() - timedelta(days=2)).replace(microsecond=0)
    client.post(change_url(article), article_post_data(article, publish_at=earlier))
    article.refresh_from_db()
    assert article.publish_at == earlier


def test_clearing_the_time_of_a_live_article_is_a_form_error(client, editor):
    article = ArticleFactory(tag_names=["budget"])
    data = article_post_data(article, publish_at_0="", publish_at_1="")
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    assert response.status_code == 200
    assert "A published article needs a publication time." in response.content.decode()
    assert article.is_published


def test_refused_publish_leaves_the_form_showing_the_old_status(client, editor):
    ArticleFactory(slug="taken")
    article = clean_draft()
    response = client.post(change_url(article), article_post_data(article, "publish", slug="taken"))
    page = response.content.decode()
    assert "Article with this Slug already exists." in page
    assert "Publish now" in page
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_cancelled_schedule_does_not_count_as_first_publication():
    editor = staff_user("Editor")
    article = ArticleFactory(draft=True)
    workflow.apply(
        article, workflow.SCHEDULE, editor, publish_at=timezone.now() + timedelta(days=2)
    )
    workflow.apply(article, workflow.UNPUBLISH, editor)
    workflow.apply(article, workflow.PUBLISH, editor)
    assert article.first_published_at <= timezone.now()


def test_tag_suggestions_match_inside_names_with_prefix_matches_first(client, editor):
    ArticleFactory(tag_names=["City council", "Courts", "Budget"])
    response = client.get("/admin/articles/article/tag-suggestions/", {"q": "cou"})
    assert response.json() == {"results": ["Courts", "City council"]}
