from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

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
