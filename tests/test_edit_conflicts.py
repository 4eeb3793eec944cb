"""Optimistic locking: a save based on a stale form is refused and the text is kept."""

import pytest
from django.test import Client

from articles.models import Article
from tests.admin_forms import article_post_data, change_url
from tests.factories import ArticleFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors():
    first, second = Client(), Client()
    first.force_login(staff_user("Editor", "alice"))
    second.force_login(staff_user("Editor", "bob"))
    return first, second


def test_second_save_is_refused_naming_who_saved_in_between(two_editors):
    alice, bob = two_editors
    article = ArticleFactory(draft=True, tag_names=["budget"], body="<p>Original.</p>")
    alice_form = article_post_data(article, body="<p>Alice's version.</p>")
    bob_form = article_post_data(article, body="<p>Bob's version.</p>")
    assert alice.post(change_url(article), alice_form).status_code == 302
    response = bob.post(change_url(article), bob_form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Alice saved this article at" in page
    assert Article.objects.get(pk=article.pk).body == "<p>Alice's version.</p>"


def test_refused_form_keeps_the_second_persons_text(two_editors):
    alice, bob = two_editors
    article = ArticleFactory(draft=True, tag_names=["budget"])
    alice_form = article_post_data(article, headline="Alice headline")
    bob_form = article_post_data(article, headline="Bob headline", body="<p>Bob's long text.</p>")
    alice.post(change_url(article), alice_form)
    form = bob.post(change_url(article), bob_form).context["adminform"].form
    assert form["headline"].value() == "Bob headline"
    assert form["body"].value() == "<p>Bob's long text.</p>"


def test_saving_again_after_the_warning_overwrites_deliberately(two_editors):
    alice, bob = two_editors
    article = ArticleFactory(draft=True, tag_names=["budget"])
    alice.post(change_url(article), article_post_data(article, headline="Alice headline"))
    bob_form = article_post_data(article, headline="Bob headline")
    refused = bob.post(change_url(article), bob_form).context["adminform"].form
    bob_form["loaded_version"] = refused["loaded_version"].value()
    assert bob.post(change_url(article), bob_form).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Bob headline"


def test_unchanged_article_saves_normally(two_editors):
    alice, _ = two_editors
    article = ArticleFactory(draft=True, tag_names=["budget"])
    response = alice.post(change_url(article), article_post_data(article, headline="Fine"))
    assert response.status_code == 302


def test_missing_version_field_is_treated_as_a_conflict(two_editors):
    alice, _ = two_editors
    article = ArticleFactory(draft=True, tag_names=["budget"], headline="Kept")
    data = article_post_data(article, headline="Blind overwrite")
    del data["loaded_version"]
    response = alice.post(change_url(article), data)
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Kept"
