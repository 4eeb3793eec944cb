from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleTag
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_published_article_in_the_past_is_public():
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=1))
    assert list(Article.objects.published()) == [article]


def test_draft_is_not_public():
    ArticleFactory(draft=True)
    assert not Article.objects.published().exists()


def test_article_in_review_is_not_public():
    ArticleFactory(in_review=True)
    assert not Article.objects.published().exists()


def test_article_scheduled_for_tomorrow_is_not_public():
    ArticleFactory(scheduled=True)
    assert not Article.objects.published().exists()


def test_scheduled_article_becomes_public_once_its_time_passes():
    article = ArticleFactory(publish_at=timezone.now() + timedelta(seconds=1))
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_draft_with_a_past_publish_time_is_not_public():
    ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now() - timedelta(days=1))
    assert not Article.objects.published().exists()


def test_publishing_without_a_time_stamps_now():
    article = ArticleFactory(publish_at=None)
    assert article.publish_at is not None
    assert article.publish_at <= timezone.now()


def test_for_listing_loads_bylines_and_tags_in_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    for n in range(5):
        ArticleFactory(authors=[AuthorFactory(), AuthorFactory()], tag_names=[f"tag{n}", "shared"])
    with django_assert_num_queries(3):
        articles = list(Article.objects.published().for_listing())
        assert all(len(a.byline_authors) == 2 for a in articles)
        assert all([t.name for t in a.tag_list][0] == "shared" for a in articles)


def test_deleting_an_article_removes_its_tag_links():
    article = ArticleFactory(tag_names=["ferries"])
    article.delete()
    assert not ArticleTag.objects.exists()
