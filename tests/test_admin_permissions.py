"""The role matrix: what reporters and editors may do to articles in the admin."""

import pytest

from articles.models import Article, Byline
from tests.admin_forms import article_post_data, change_url
from tests.factories import ArticleFactory, PhotoFactory, staff_user

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
LIST_URL = "/admin/articles/article/"


def own_draft(reporter, **kwargs):
    return ArticleFactory(draft=True, authors=[reporter.author], tag_names=["budget"], **kwargs)


def test_migration_creates_reporter_and_editor_groups():
    from django.contrib.auth.models import Group

    editor_perms = set(
        Group.objects.get(name="Editor").permissions.values_list("codename", flat=True)
    )
    reporter_perms = set(
        Group.objects.get(name="Reporter").permissions.values_list("codename", flat=True)
    )
    assert "publish_article" in editor_perms
    assert "publish_article" not in reporter_perms
    assert {"add_article", "change_article"} <= reporter_perms


def test_reporter_creates_a_draft_with_their_own_byline(client, reporter):
    response = client.post(ADD_URL, article_post_data(action="save"))
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.status == Article.Status.DRAFT
    assert [b.author for b in article.bylines.all()] == [reporter.author]


def test_reporter_submits_their_draft_for_review(client, reporter):
    article = own_draft(reporter)
    client.post(change_url(article), article_post_data(article, action="submit"))
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_reporter_sees_only_draft_and_review_buttons(client, reporter):
    page = client.get(change_url(own_draft(reporter))).content.decode()
    assert "Save draft" in page
    assert "Submit for review" in page
    assert "Publish now" not in page
    assert 'value="schedule"' not in page


def test_editor_sees_publish_and_schedule_buttons(client, editor):
    page = client.get(change_url(ArticleFactory(draft=True))).content.decode()
    for label in ["Save draft", "Submit for review", "Publish now", "Schedule"]:
        assert label in page


@pytest.mark.parametrize("action", ["publish", "schedule"])
def test_reporter_cannot_publish_or_schedule_their_draft(client, reporter, action):
    article = own_draft(reporter)
    response = client.post(change_url(article), article_post_data(article, action=action))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.publish_at is None
    assert f"Only editors can {action} articles" in response.content.decode()


def test_reporter_cannot_publish_a_new_article(client, reporter):
    response = client.post(ADD_URL, article_post_data(action="publish"))
    assert not Article.objects.exists()
    assert "Only editors can publish articles" in response.content.decode()


@pytest.mark.parametrize(
    "tampered",
    [
        {"status": "published"},
        {"publish_at_0": "2026-01-01", "publish_at_1": "10:00:00"},
    ],
)
def test_reporter_post_setting_status_or_time_is_refused(client, reporter, tampered):
    article = own_draft(reporter)
    data = article_post_data(article, headline="Changed", **tampered)
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    assert "Only editors can set the status or publication time" in response.content.decode()
    assert article.headline != "Changed"
    assert article.status == Article.Status.DRAFT
    assert article.publish_at is None


def test_reporter_cannot_change_a_published_article(client, reporter):
    article = ArticleFactory(authors=[reporter.author], headline="Live story")
    response = client.post(change_url(article), article_post_data(article, headline="Changed"))
    article.refresh_from_db()
    assert response.status_code == 403
    assert article.headline == "Live story"


def test_reporter_sees_a_published_article_read_only(client, reporter):
    article = ArticleFactory(authors=[reporter.author])
    page = client.get(change_url(article)).content.decode()
    assert 'name="headline"' not in page
    assert 'name="_workflow"' not in page


def test_reporter_cannot_edit_an_article_without_their_byline(client, reporter):
    article = ArticleFactory(draft=True, headline="Someone else's draft")
    response = client.post(change_url(article), article_post_data(article, headline="Mine now"))
    article.refresh_from_db()
    # A colleague's draft is not even visible to a reporter: the admin answers "no such article".
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert article.headline == "Someone else's draft"


def test_reporter_cannot_use_bulk_publish(client, reporter):
    article = own_draft(reporter)
    response = client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [article.pk]}, follow=True
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "You are not allowed to do that. Nothing was changed." in response.content.decode()


def test_reporter_cannot_regenerate_photo_renditions(client, reporter):
    photo = PhotoFactory()
    renditions = photo.renditions
    client.post(
        "/admin/articles/photo/",
        {"action": "regenerate_renditions", "_selected_action": [photo.pk]},
    )
    photo.refresh_from_db()
    assert photo.renditions == renditions


def test_reporter_cannot_use_bulk_unpublish(client, reporter):
    article = ArticleFactory(authors=[reporter.author])
    client.post(LIST_URL, {"action": "unpublish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_reporter_cannot_delete_an_article(client, reporter):
    article = own_draft(reporter)
    response = client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_editor_publishes_now_and_is_recorded_as_publisher(client, editor):
    article = ArticleFactory(draft=True, tag_names=["budget"], cover_photo=PhotoFactory())
    client.post(change_url(article), article_post_data(article, action="publish"))
    article.refresh_from_db()
    assert article.is_published
    assert article.published_by == editor
    assert article.first_published_at == article.publish_at


def test_editor_edits_a_published_article(client, editor):
    article = ArticleFactory(tag_names=["budget"], authors=[staff_user("Reporter").author])
    client.post(change_url(article), article_post_data(article, headline="Corrected headline"))
    article.refresh_from_db()
    assert article.headline == "Corrected headline"
    assert article.is_published


def test_editor_bulk_publishes_clean_articles(client, editor):
    articles = [ArticleFactory(draft=True, tag_names=["budget"]) for _ in range(2)]
    client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [a.pk for a in articles]}
    )
    assert Article.objects.published().count() == 2
    assert set(Article.objects.values_list("published_by", flat=True)) == {editor.pk}


def test_bulk_publish_holds_back_articles_with_copy_desk_warnings(client, editor):
    article = ArticleFactory(draft=True, headline="Council meets", dek="", tag_names=["x"])
    response = client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [article.pk]}, follow=True
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "Held back by copy-desk warnings" in response.content.decode()


def test_editor_bulk_unpublishes_back_to_draft(client, editor):
    article = ArticleFactory()
    client.post(LIST_URL, {"action": "unpublish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_adding_a_colleague_keeps_their_own_byline(client, reporter):
    from tests.admin_forms import add_byline
    from tests.factories import AuthorFactory

    colleague = AuthorFactory()
    client.post(ADD_URL, add_byline(article_post_data(), colleague))
    article = Article.objects.get()
    assert set(Byline.objects.filter(article=article).values_list("author", flat=True)) == {
        colleague.pk,
        reporter.author.pk,
    }


def test_reporter_without_a_byline_is_told_they_cannot_edit_further(client):
    client.force_login(staff_user("Reporter", "newbie", with_author=False))
    response = client.post(ADD_URL, article_post_data(), follow=True)
    assert Article.objects.count() == 1
    assert "You hold no byline on this article" in response.content.decode()
