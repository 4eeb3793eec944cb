import pytest

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_slug_is_generated_from_the_headline():
    article = ArticleFactory(headline="Mayor’s Budget: 7 Things to Know!")
    assert article.slug == "mayors-budget-7-things-to-know"


def test_colliding_headlines_get_numbered_suffixes():
    first = ArticleFactory(headline="Storm closes schools")
    second = ArticleFactory(headline="Storm closes schools")
    third = ArticleFactory(headline="Storm closes schools")
    assert [first.slug, second.slug, third.slug] == [
        "storm-closes-schools",
        "storm-closes-schools-2",
        "storm-closes-schools-3",
    ]


def test_an_editor_chosen_slug_is_kept():
    article = ArticleFactory(headline="Storm closes schools", slug="storm-schools")
    assert article.slug == "storm-schools"


def test_resaving_keeps_the_slug():
    article = ArticleFactory(headline="Storm closes schools")
    article.headline = "Storm closes every school in the county"
    article.save()
    article.refresh_from_db()
    assert article.slug == "storm-closes-schools"


def test_a_very_long_headline_with_a_collision_fits_the_column():
    headline = "a" * 199
    ArticleFactory(headline=headline)
    second = ArticleFactory(headline=headline)
    max_length = Article._meta.get_field("slug").max_length
    assert len(second.slug) <= max_length
    assert second.slug.endswith("-2")


def test_a_headline_without_letters_still_gets_a_slug():
    article = ArticleFactory(headline="!!!")
    assert article.slug == "article"


def test_author_slug_comes_from_the_name():
    assert AuthorFactory(name="María González").slug == "maria-gonzalez"
