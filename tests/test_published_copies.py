"""Bylines and tag links carry copies of their article's status and publication time
(`PublishedCopy`); tag and author pages, feeds and sitemaps read them, so they must follow
every save, publication, unpublication and deletion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleTag, Byline
from tests.factories import ArticleFactory, AuthorFactory, staff_user

pytestmark = pytest.mark.django_db


def copies(article):
    """(status, publish_at) of every byline and tag link of `article`."""
    rows = [
        *Byline.objects.filter(article=article).values_list("status", "publish_at"),
        *ArticleTag.objects.filter(content_object=article).values_list("status", "publish_at"),
    ]
    assert len(rows) == 3, "the article should have one byline and two tags"
    return set(rows)


def story(**state):
    return ArticleFactory(authors=[AuthorFactory()], tag_names=["water", "power"], **state)


def test_new_links_copy_their_article_state():
    article = story()
    assert copies(article) == {("published", article.publish_at)}


def test_draft_links_are_not_published():
    article = story(draft=True)
    assert copies(article) == {("draft", None)}
    assert not ArticleTag.objects.published().exists()


def test_publishing_updates_the_copies():
    article = story(draft=True)
    workflow.apply(article, workflow.PUBLISH, staff_user("Editor"))
    article.save()
    assert copies(article) == {("published", article.publish_at)}
    assert Byline.objects.published().count() == 1


def test_scheduling_copies_the_future_time():
    article = story(draft=True)
    when = timezone.now() + timedelta(days=2)
    workflow.apply(article, workflow.SCHEDULE, staff_user("Editor"), publish_at=when)
    article.save()
    assert copies(article) == {("published", when)}
    assert not ArticleTag.objects.published().exists()
    assert ArticleTag.objects.scheduled().count() == 2


def test_unpublishing_updates_the_copies():
    article = story()
    workflow.apply(article, workflow.UNPUBLISH, staff_user("Editor"))
    article.save()
    assert {status for status, _ in copies(article)} == {"draft"}
    assert not Byline.objects.published().exists()


def test_moving_the_publication_time_moves_the_copies():
    article = story()
    article.publish_at = timezone.now() - timedelta(days=30)
    article.save()
    assert copies(article) == {("published", article.publish_at)}


def test_tag_added_after_publication_is_published():
    article = story()
    article.tags.add("floods")
    link = ArticleTag.objects.get(content_object=article, tag__name="floods")
    assert (link.status, link.publish_at) == ("published", article.publish_at)


def test_deleting_the_article_deletes_its_copies():
    article = story()
    article.delete()
    assert not Byline.objects.exists()
    assert not ArticleTag.objects.exists()


def test_unpublished_story_leaves_its_tag_and_author_pages(client):
    author = AuthorFactory()
    article = ArticleFactory(authors=[author], tag_names=["water"], headline="Dam breaks")
    ArticleFactory(authors=[author], tag_names=["water"], headline="Rain returns")
    article.status = Article.Status.DRAFT
    article.save()
    for path in ("/tags/water/", author.get_absolute_url(), "/tags/water/feed/"):
        content = client.get(path).content.decode()
        assert "Rain returns" in content and "Dam breaks" not in content, path


def test_sitemap_lastmod_of_a_tag_follows_its_newest_story(
    client, django_capture_on_commit_callbacks
):
    older = ArticleFactory(tag_names=["water"], publish_at=timezone.now() - timedelta(days=3))
    newer = ArticleFactory(tag_names=["water"], publish_at=timezone.now() - timedelta(days=1))
    assert newer.publish_at.date().isoformat() in client.get("/sitemap-tags.xml").content.decode()
    # The delete purges the cached sitemap when its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        newer.delete()
    body = client.get("/sitemap-tags.xml").content.decode()
    assert older.publish_at.date().isoformat() in body
