"""Preview links: random, listed per article, revocable, expiring, dead once published."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.preview import create_link, link_url
from tests.factories import ArticleFactory, staff_user

pytestmark = pytest.mark.django_db


def preview_path(article, user=None):
    return reverse("articles:preview", kwargs={"token": create_link(article, user).token})


def manage_url(article):
    return f"/admin/articles/article/{article.pk}/preview-links/"


def test_preview_renders_the_draft_with_a_banner(client):
    article = ArticleFactory(draft=True, headline="Secret draft headline")
    response = client.get(preview_path(article))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Secret draft headline" in page
    assert "Preview — not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_preview_is_private_and_not_indexed(client):
    response = client.get(preview_path(ArticleFactory(draft=True)))
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_preview_shows_a_scheduled_article(client):
    response = client.get(preview_path(ArticleFactory(scheduled=True, headline="Coming soon")))
    assert "Coming soon" in response.content.decode()


def test_preview_of_a_published_article_redirects_to_its_public_url(client):
    article = ArticleFactory(draft=True)
    path = preview_path(article)
    article.status, article.publish_at = article.Status.PUBLISHED, timezone.now()
    article.save()
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_tokens_are_random_and_not_derived_from_the_article(client):
    article = ArticleFactory(draft=True)
    first, second = create_link(article, None), create_link(article, None)
    assert first.token != second.token
    assert len(first.token) >= 32


@pytest.mark.parametrize("token", ["garbage", "x:y:z", "12", "a" * 500])
def test_unknown_token_is_refused(client, token):
    response = client.get(reverse("articles:preview", kwargs={"token": token}))
    assert response.status_code == 403
    assert "This preview link is not valid" in response.content.decode()


def test_expired_link_is_refused_with_a_clear_page(client):
    link = create_link(ArticleFactory(draft=True), None)
    link.expires_at = timezone.now() - timedelta(seconds=1)
    link.save()
    response = client.get(reverse("articles:preview", kwargs={"token": link.token}))
    assert response.status_code == 404
    assert "This preview link has expired" in response.content.decode()


def test_link_lasts_preview_max_age(settings):
    link = create_link(ArticleFactory(draft=True), None)
    lasts = (link.expires_at - link.created_at).total_seconds()
    assert abs(lasts - settings.PREVIEW_MAX_AGE) < 5


def test_link_for_a_deleted_article_is_refused(client):
    article = ArticleFactory(draft=True)
    path = preview_path(article)
    article.delete()
    assert client.get(path).status_code in (403, 404)


def test_editor_makes_lists_and_revokes_links(client, settings):
    editor = staff_user("Editor")
    client.force_login(editor)
    article = ArticleFactory(draft=True, headline="Draft under edit")
    client.post(manage_url(article), {"action": "create"})
    client.post(manage_url(article), {"action": "create"})
    first, second = article.preview_links.order_by("pk")
    page = client.get(manage_url(article)).content.decode()
    assert link_url(first) in page and link_url(second) in page
    assert first.created_by == editor

    client.post(manage_url(article), {"action": "revoke", "link": first.pk})
    client.logout()
    refused = client.get(link_url(first).removeprefix(settings.SITE_URL))
    assert refused.status_code == 404
    assert "withdrawn" in refused.content.decode()
    kept = client.get(link_url(second).removeprefix(settings.SITE_URL))
    assert "Draft under edit" in kept.content.decode()


def test_change_form_shows_an_active_preview_link(client, settings):
    client.force_login(staff_user("Editor"))
    article = ArticleFactory(draft=True, headline="Draft under edit")
    link = create_link(article, None)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert link_url(link) in page
    assert manage_url(article) in page


def test_reporter_cannot_make_links_to_a_colleagues_draft(client, reporter):
    article = ArticleFactory(draft=True)
    response = client.post(manage_url(article), {"action": "create"})
    assert response.status_code == 404
    assert not article.preview_links.exists()


def test_reporter_manages_links_to_their_own_draft(client, reporter):
    article = ArticleFactory(draft=True, authors=[reporter.author])
    client.post(manage_url(article), {"action": "create"})
    assert article.preview_links.count() == 1


def test_revoking_with_a_bad_id_changes_nothing(client, editor):
    article = ArticleFactory(draft=True)
    link = create_link(article, None)
    for bad in ["abc", "", "-1", str(link.pk + 100)]:
        response = client.post(manage_url(article), {"action": "revoke", "link": bad})
        assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is None


def test_no_links_are_made_for_a_live_story(client, editor):
    article = ArticleFactory()
    client.post(manage_url(article), {"action": "create"})
    assert not article.preview_links.exists()


def test_default_max_age_is_48_hours(settings):
    assert timedelta(hours=48).total_seconds() == settings.PREVIEW_MAX_AGE
