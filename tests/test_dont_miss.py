"""The "Don't Miss" box: editor's picks first, then the stories sharing the most tags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.related import dont_miss
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def hours_ago(n):
    return timezone.now() - timedelta(hours=n)


def test_editors_picks_come_first_in_their_order():
    second, first = ArticleFactory(), ArticleFactory()
    article = ArticleFactory(related_articles=[first, second], tag_names=["water"])
    ArticleFactory(tag_names=["water"])
    assert dont_miss(article)[:2] == [first, second]


def test_box_is_filled_with_stories_sharing_the_most_tags():
    article = ArticleFactory(tag_names=["water", "petare", "power"])
    one = ArticleFactory(tag_names=["water"], publish_at=hours_ago(1))
    three = ArticleFactory(tag_names=["water", "petare", "power"], publish_at=hours_ago(5))
    two = ArticleFactory(tag_names=["water", "power"], publish_at=hours_ago(3))
    ArticleFactory(tag_names=["sports"])
    assert dont_miss(article) == [three, two, one]


def test_box_holds_four_and_never_repeats_a_pick():
    pick = ArticleFactory(tag_names=["water"])
    article = ArticleFactory(related_articles=[pick], tag_names=["water"])
    for n in range(5):
        ArticleFactory(tag_names=["water"], publish_at=hours_ago(n))
    stories = dont_miss(article)
    assert len(stories) == 4
    assert stories[0] == pick and pick not in stories[1:]
    assert article not in stories


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_unpublished_stories_are_neither_picks_nor_fill(state):
    hidden = ArticleFactory(tag_names=["water"], **{state: True})
    article = ArticleFactory(related_articles=[hidden], tag_names=["water"])
    assert dont_miss(article) == []


def test_article_page_shows_the_box(client):
    pick = ArticleFactory(headline="Read this next")
    article = ArticleFactory(related_articles=[pick])
    html = client.get(article.get_absolute_url()).content.decode()
    box = html[html.index('class="dont-miss"') :]
    assert "Don't Miss" in box and "Read this next" in box
