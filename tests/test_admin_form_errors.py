"""No 500 from the article form: every button with every invalid field ends in a form error."""

import pytest

from articles.models import Article
from tests.admin_forms import add_byline, article_post_data, change_url
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

BUTTONS = [
    {"_workflow": "save"},
    {"_workflow": "save", "_continue": "1"},
    {"_workflow": "save", "_addanother": "1"},
    {"_workflow": "submit"},
    {"_workflow": "publish", "publish_anyway": "on"},
    {"_workflow": "schedule", "publish_anyway": "on"},
    {"_workflow": "unpublish"},
]


def self_pick(article, data):
    data.update(
        {
            "related_links-TOTAL_FORMS": 1,
            "related_links-0-related": article.pk,
            "related_links-0-position": 0,
        }
    )


def twice_picked(article, data):
    other = ArticleFactory()
    data.update(
        {
            "related_links-TOTAL_FORMS": 2,
            "related_links-0-related": other.pk,
            "related_links-0-position": 0,
            "related_links-1-related": other.pk,
            "related_links-1-position": 1,
        }
    )


def same_byline_twice(article, data):
    author = AuthorFactory()
    add_byline(data, author)
    add_byline(data, author)


def unknown_author(article, data):
    data.update({"bylines-TOTAL_FORMS": 1, "bylines-0-author": 999999, "bylines-0-position": 0})


def empty_correction(article, data):
    data.update({"corrections-TOTAL_FORMS": 1, "corrections-0-text": ""})
    data["corrections-0-corrected_at_0"] = "2026-01-01"
    data["corrections-0-corrected_at_1"] = "10:00"


INVALID = {
    "empty headline": {"headline": ""},
    "long headline": {"headline": "x" * 201},
    "nul in headline": {"headline": "Bad\x00headline"},
    "bad slug": {"slug": "not a slug!"},
    "bad section": {"section": "999999"},
    "bad cover": {"cover_photo": "999999"},
    "bad time": {"publish_at_0": "someday", "publish_at_1": "noon"},
    "long tag": {"tags": "t" * 150},
    "bad loaded version": {"loaded_version": "yesterday"},
    "self as Don't Miss": self_pick,
    "same pick twice": twice_picked,
    "same byline twice": same_byline_twice,
    "unknown author": unknown_author,
    "empty correction": empty_correction,
}


def post_data(article, invalid):
    data = article_post_data(article)
    if callable(invalid):
        invalid(article, data)
    else:
        data.update(invalid)
    return data


@pytest.mark.parametrize("button", BUTTONS, ids=lambda b: "+".join(sorted(b)) + b["_workflow"])
@pytest.mark.parametrize("invalid", INVALID.values(), ids=INVALID.keys())
def test_each_button_with_each_invalid_field_gives_a_form_error(client, editor, button, invalid):
    article = ArticleFactory(in_review=True, headline="Original headline")
    data = {**post_data(article, invalid), **button}
    response = client.post(change_url(article), data)
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    if response.status_code == 200:
        assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()
        assert article.headline == "Original headline"


FIELD_CASES = {name: case for name, case in INVALID.items() if not callable(case)}


@pytest.mark.parametrize("invalid", FIELD_CASES.values(), ids=FIELD_CASES.keys())
def test_adding_with_each_invalid_field_gives_a_form_error(client, reporter, invalid):
    response = client.post("/admin/articles/article/add/", post_data(None, invalid))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not Article.objects.exists()


def test_picking_the_story_itself_for_dont_miss_is_a_form_error(client, editor):
    article = ArticleFactory(draft=True)
    data = post_data(article, self_pick)
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "cannot be its own" in response.content.decode()
    assert not article.related_links.exists()


def test_save_as_new_is_refused(client, editor):
    article = ArticleFactory(draft=True)
    data = {**article_post_data(article), "_saveasnew": "1"}
    response = client.post(change_url(article), data)
    assert response.status_code == 400
    assert Article.objects.count() == 1


def test_save_as_new_with_an_empty_headline_is_refused_not_a_500(client, reporter):
    article = ArticleFactory(draft=True)
    data = {**article_post_data(article), "_saveasnew": "1", "headline": ""}
    response = client.post(change_url(article), data)
    assert response.status_code in (400, 403)
    assert Article.objects.count() == 1
