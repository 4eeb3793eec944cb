"""Signed, expiring preview links."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from articles.preview import make_token
from tests.factories import ArticleFactory, staff_user

pytestmark = pytest.mark.django_db


def preview_path(article):
    return reverse("articles:preview", kwargs={"token": make_token(article)})


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
    article = ArticleFactory()
    response = client.get(preview_path(article))
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_tampered_token_is_refused_with_a_clear_page(client):
    article = ArticleFactory(draft=True)
    token = make_token(article)
    other_pk = str(article.pk + 1)
    tampered = other_pk + token[len(str(article.pk)) :]
    response = client.get(reverse("articles:preview", kwargs={"token": tampered}))
    assert response.status_code == 403
    assert "This preview link is not valid" in response.content.decode()


@pytest.mark.parametrize("token", ["garbage", "x:y:z", "12"])
def test_garbage_token_is_refused(client, token):
    response = client.get(reverse("articles:preview", kwargs={"token": token}))
    assert response.status_code == 403


def test_expired_token_is_refused_with_a_clear_page(client, settings):
    article = ArticleFactory(draft=True)
    token = make_token(article)
    later = signing.time.time() + settings.PREVIEW_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(reverse("articles:preview", kwargs={"token": token}))
    assert response.status_code == 404
    assert "This preview link has expired" in response.content.decode()


def test_token_within_max_age_still_works(client, settings):
    article = ArticleFactory(draft=True)
    token = make_token(article)
    later = signing.time.time() + settings.PREVIEW_MAX_AGE - 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(reverse("articles:preview", kwargs={"token": token}))
    assert response.status_code == 200


def test_token_for_a_deleted_article_is_404(client):
    article = ArticleFactory(draft=True)
    path = preview_path(article)
    article.delete()
    assert client.get(path).status_code == 404


def test_token_signed_for_another_purpose_is_refused(client):
    article = ArticleFactory(draft=True)
    token = signing.TimestampSigner(salt="something-else").sign(str(article.pk))
    response = client.get(reverse("articles:preview", kwargs={"token": token}))
    assert response.status_code == 403


def test_admin_change_form_offers_a_working_preview_link(client, settings):
    client.force_login(staff_user("Editor"))
    article = ArticleFactory(draft=True, headline="Draft under edit")
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    link = re.search(r'href="([^"]+/preview/[^"]+)"', page).group(1)
    assert link.startswith(settings.SITE_URL)
    client.logout()
    assert "Draft under edit" in client.get(link.removeprefix(settings.SITE_URL)).content.decode()


def test_default_max_age_is_48_hours(settings):
    assert timedelta(hours=48).total_seconds() == settings.PREVIEW_MAX_AGE
