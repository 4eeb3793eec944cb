"""Search at /search/?q= over published articles, on SQLite and on PostgreSQL."""

import pytest
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
)


@pytest.mark.parametrize(
    "field",
    [{"headline": "Flooding closes the bridge"}, {"dek": "Flooding"}, {"body": "<p>Flooding</p>"}],
)
def test_search_finds_a_word_in_headline_dek_or_body(client, field):
    article = ArticleFactory(**field)
    ArticleFactory(headline="Council vote", dek="Budget", body="<p>Money</p>")
    response = client.get("/search/", {"q": "flooding"})
    assert list(response.context["object_list"]) == [article]
    assert article.headline in response.content.decode()


def test_search_needs_every_word(client):
    ArticleFactory(headline="Flooding in Petare")
    both = ArticleFactory(headline="Flooding closes the bridge")
    response = client.get("/search/", {"q": "flooding bridge"})
    assert list(response.context["object_list"]) == [both]


def test_blank_search_shows_the_form_and_no_results(client):
    ArticleFactory()
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert 'id="search-q"' in response.content.decode()


def test_search_query_is_shown_back_escaped(client):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_search_results_are_paginated_and_keep_the_query(client):
    for n in range(21):
        ArticleFactory(headline=f"Flooding report {n}")
    first = client.get("/search/", {"q": "flooding"})
    assert len(first.context["object_list"]) == 20
    assert 'href="?q=flooding&amp;page=2"' in first.content.decode()
    assert len(client.get("/search/", {"q": "flooding", "page": 2}).context["object_list"]) == 1


def test_search_bad_page_is_404(client):
    ArticleFactory(headline="Flooding")
    assert client.get("/search/", {"q": "flooding", "page": "x"}).status_code == 404


def test_query_with_a_nul_character_is_answered(client):
    ArticleFactory(headline="Flooding")
    response = client.get("/search/", {"q": "flood\x00ing"})
    assert response.status_code == 200


def test_very_long_query_is_answered(client):
    assert client.get("/search/", {"q": "flood " * 2000}).status_code == 200


@on_postgresql
def test_headline_match_ranks_above_body_match():
    in_body = ArticleFactory(headline="Council vote", body="<p>The river flooding got worse.</p>")
    in_headline = ArticleFactory(headline="River flooding closes the bridge")
    assert list(Article.objects.published().search("flooding")) == [in_headline, in_body]


@on_postgresql
def test_websearch_syntax_excludes_words():
    ArticleFactory(headline="Flooding in Petare")
    bridge = ArticleFactory(headline="Flooding closes the bridge")
    assert list(Article.objects.published().search("flooding -petare")) == [bridge]


@on_postgresql
def test_search_stems_words():
    article = ArticleFactory(headline="Rivers flooded overnight")
    assert list(Article.objects.published().search("river flood")) == [article]


@on_postgresql
def test_search_can_use_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "article_search_document" in Article.objects.search("flooding").explain()


@on_postgresql
def test_search_finds_an_article_by_its_edited_headline():
    article = ArticleFactory(headline="Council vote")
    article.headline = "Council vote on flooding"
    article.save()
    assert list(Article.objects.published().search("flooding")) == [article]


@on_postgresql
def test_search_works_inside_a_subquery():
    article = ArticleFactory(headline="Flooding closes the bridge")
    ArticleFactory(headline="Council vote")
    matching = Article.objects.filter(pk__in=Article.objects.search("flooding").values("pk"))
    assert list(matching) == [article]
