"""Search at /search/?q= over published articles: the same behaviour on SQLite (FTS5) and on
PostgreSQL (tsvector + unaccent); `make test` runs this file on both."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles import search
from articles.models import Article, Byline
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
)


def found(query):
    return list(Article.objects.published().search(query))


def page_html(client, query, **params):
    return client.get("/search/", {"q": query, **params}).content.decode()


# What is searched


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


def test_search_finds_stories_by_their_author_name():
    gonzalez = AuthorFactory(name="María González")
    hers = [ArticleFactory(headline=f"Story {n}", authors=[gonzalez]) for n in range(4)]
    ArticleFactory(headline="Someone else's story")
    assert set(found("González")) == set(hers)


@pytest.mark.parametrize("query", ["gonzalez", "GONZALEZ", "gonzález", "María González"])
def test_search_ignores_accents_and_case(query):
    article = ArticleFactory(authors=[AuthorFactory(name="María González")])
    assert found(query) == [article]


def test_accented_text_is_found_without_accents():
    article = ArticleFactory(headline="Café owners oppose the new zoning rules")
    assert found("cafe") == [article]


def test_search_finds_stories_by_tag_and_by_section():
    tagged = ArticleFactory(headline="Late buses", tag_names=["public transit"])
    in_section = ArticleFactory(
        headline="Rain again", section=SectionFactory(name="Weather", slug="weather")
    )
    assert found("transit") == [tagged]
    assert found("weather") == [in_section]


@pytest.mark.parametrize("query", ["bridges", "bridge", "Bridging"])
def test_search_matches_word_forms(query):
    article = ArticleFactory(headline="The old bridge reopens")
    assert found(query) == [article]


def test_stop_words_alone_match_nothing():
    ArticleFactory(headline="A bridge and a road")
    assert found("a") == []
    assert found("the of and") == []


def test_stop_words_do_not_stop_a_search():
    article = ArticleFactory(headline="The old bridge reopens")
    assert found("the bridge") == [article]


def test_markup_of_the_body_is_not_searched():
    ArticleFactory(
        body='<p><strong>Rain</strong> fell. <a href="https://example.org/noopener">Link</a></p>'
    )
    assert found("strong") == []
    assert found("example") == []
    assert found("noopener") == []


def test_paragraphs_are_separate_words():
    article = ArticleFactory(body="<p>The river rose</p><p>overnight in the valley.</p>")
    assert found("roseovernight") == []
    assert found("rose overnight") == [article]


def test_html_entities_in_the_body_are_searched_as_text():
    article = ArticleFactory(body="<p>Smith &amp; Wesson, caf&eacute; owners</p>")
    assert found("cafe") == [article]


# Query syntax


def test_search_needs_every_word():
    ArticleFactory(headline="Flooding in Petare")
    both = ArticleFactory(headline="Flooding closes the bridge")
    assert found("flooding bridge") == [both]


def test_minus_excludes_a_word():
    ArticleFactory(headline="Flooding in Petare")
    bridge = ArticleFactory(headline="Flooding closes the bridge")
    assert found("flooding -petare") == [bridge]


def test_quotes_search_a_phrase():
    phrase = ArticleFactory(headline="City council approves the budget")
    ArticleFactory(headline="Budget council meets the city")
    assert found('"city council"') == [phrase]


def test_or_accepts_either_word():
    petare = ArticleFactory(headline="Flooding in Petare")
    bridge = ArticleFactory(headline="The bridge reopens")
    ArticleFactory(headline="Council vote")
    assert set(found("petare or bridge")) == {petare, bridge}


@pytest.mark.parametrize(
    "query",
    ['"', '"unclosed', "NEAR(a b)", "AND", "-", "-bridge", "(", "a:b", "*", "^bridge", "'", "OR"],
)
def test_query_syntax_of_the_engine_is_plain_text(client, query):
    ArticleFactory(headline="The bridge reopens")
    assert client.get("/search/", {"q": query}).status_code == 200


def test_fts5_query_quotes_every_word():
    assert search.fts5_query('Bridge "city council" -petare or NEAR') == (
        '(("Bridge" AND "city council") OR ("NEAR")) NOT "petare"'
    )


# Ranking, order, snippet, count


def test_headline_match_ranks_above_body_match():
    in_body = ArticleFactory(headline="Council vote", body="<p>The river flooding got worse.</p>")
    in_headline = ArticleFactory(headline="River flooding closes the bridge")
    assert found("flooding") == [in_headline, in_body]


def test_byline_match_ranks_above_a_mention_in_the_body():
    gonzalez = AuthorFactory(name="María González")
    mention = ArticleFactory(
        headline="Budget night", body="<p>Councillor Ana González voted against.</p>"
    )
    byline = ArticleFactory(
        headline="Budget night, part two",
        authors=[gonzalez],
        publish_at=timezone.now() - timedelta(days=3),
    )
    assert found("gonzalez") == [byline, mention]


def test_date_toggle_puts_the_newest_first(client):
    now = timezone.now()
    best_old = ArticleFactory(headline="Flooding, flooding", publish_at=now - timedelta(days=9))
    new = ArticleFactory(
        headline="Council vote", body="<p>Flooding</p>", publish_at=now - timedelta(hours=1)
    )
    by_rank = client.get("/search/", {"q": "flooding"})
    by_date = client.get("/search/", {"q": "flooding", "sort": "date"})
    assert list(by_rank.context["object_list"]) == [best_old, new]
    assert list(by_date.context["object_list"]) == [new, best_old]
    assert 'href="?q=flooding&amp;sort=date"' in by_rank.content.decode()


def test_results_show_a_highlighted_snippet_of_the_body(client):
    ArticleFactory(
        headline="Council vote",
        body="<p>After a long night, the river flooding closed two roads near the market.</p>",
    )
    html = page_html(client, "flooding")
    assert '<p class="snippet">' in html
    assert "river <mark>flooding</mark> closed" in html


def test_snippet_text_is_escaped(client):
    ArticleFactory(
        body="<p>Flooding: 5 &lt; 7 &amp; rising &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    html = page_html(client, "flooding")
    assert "<script>alert" not in html
    assert "<mark>Flooding</mark>: 5 &lt; 7 &amp; rising" in html


def test_result_count_is_shown(client):
    for n in range(3):
        ArticleFactory(headline=f"Flooding report {n}")
    assert "3 results for “flooding”" in page_html(client, "flooding")


def test_one_result_is_singular(client):
    ArticleFactory(headline="Flooding report")
    assert "1 result for “flooding”" in page_html(client, "flooding")


def test_search_page_has_one_search_box(client):
    html = page_html(client, "flooding")
    assert html.count('role="search"') == 1
    assert html.count('type="search"') == 1


def test_other_pages_have_the_search_box_in_the_header(client):
    html = client.get("/").content.decode()
    assert html.count('role="search"') == 1
    assert 'id="site-search-q"' in html


# The published rule


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_unpublished_stories_are_never_found(client, state):
    ArticleFactory(headline="Flooding secret", **{state: True})
    assert found("flooding") == []
    assert "Flooding secret" not in page_html(client, "flooding")


# The index stays right


def test_an_edited_headline_is_found_and_the_old_one_is_not():
    article = ArticleFactory(headline="Budget vote")
    article.headline = "Flooding vote"
    article.save()
    assert found("flooding") == [article]
    assert found("budget") == []


def test_a_deleted_article_leaves_the_index():
    article = ArticleFactory(headline="Flooding vote")
    pk = article.pk
    article.delete()
    assert found("flooding") == []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search.TABLE} WHERE rowid = %s", [pk])
        assert cursor.fetchone() == (0,)


def test_added_and_removed_tags_are_indexed():
    article = ArticleFactory(headline="Late buses")
    article.tags.add("public transit")
    assert found("transit") == [article]
    article.tags.remove("public transit")
    assert found("transit") == []
    article.tags.set(["potholes"])
    assert found("potholes") == [article]
    article.tags.clear()
    assert found("potholes") == []


def test_added_and_removed_bylines_are_indexed():
    article = ArticleFactory(headline="Late buses")
    author = AuthorFactory(name="Pedro Pérez")
    byline = Byline.objects.create(article=article, author=author)
    assert found("perez") == [article]
    byline.delete()
    assert found("perez") == []


def test_renaming_an_author_reindexes_their_stories():
    author = AuthorFactory(name="María González")
    article = ArticleFactory(authors=[author])
    author.name = "María González Rivas"
    author.save()
    assert found("rivas") == [article]


def test_renaming_a_tag_or_a_section_reindexes_their_stories():
    article = ArticleFactory(tag_names=["buses"], section=SectionFactory(name="Metro"))
    tag = Tag.objects.get(name="buses")
    tag.name = "public transit"
    tag.save()
    article.section.name = "City life"
    article.section.save()
    assert found("transit") == [article]
    assert found("city life") == [article]
    assert found("metro") == []


def test_publishing_a_draft_makes_it_findable():
    draft = ArticleFactory(headline="Flooding", draft=True)
    assert found("flooding") == []
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert found("flooding") == [draft]


def test_rebuild_indexes_articles_made_without_signals():
    Article.objects.bulk_create(
        [
            Article(
                headline="Flooding",
                slug="flooding",
                status="published",
                publish_at=timezone.now() - timedelta(hours=1),
            )
        ]
    )
    assert found("flooding") == []
    assert search.rebuild() == 1
    assert [a.headline for a in found("flooding")] == ["Flooding"]


# Input that must not break the page


def test_blank_search_shows_the_form_and_no_results(client):
    ArticleFactory()
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert 'id="search-q"' in response.content.decode()


def test_search_query_is_shown_back_escaped(client):
    html = page_html(client, '<script>alert("x")</script>')
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
    assert client.get("/search/", {"q": "flood\x00ing"}).status_code == 200


def test_very_long_query_is_answered(client):
    assert client.get("/search/", {"q": "flood " * 2000}).status_code == 200


def test_search_works_inside_a_subquery():
    article = ArticleFactory(headline="Flooding closes the bridge")
    ArticleFactory(headline="Council vote")
    matching = Article.objects.filter(pk__in=Article.objects.search("flooding").values("pk"))
    assert list(matching) == [article]


def test_search_ranks_only_the_newest_matching_stories(monkeypatch):
    """A word in every story costs the same in any archive: the best headline match is not
    ranked once newer stories fill the window."""
    monkeypatch.setattr(search, "WINDOW", 3)
    oldest = ArticleFactory(headline="Flooding, flooding, flooding")
    newer = [ArticleFactory(body=f"<p>Flooding report {n}</p>") for n in range(3)]
    assert set(found("flooding")) == set(newer)
    assert oldest not in found("flooding")


def test_more_words_reach_stories_older_than_the_window(monkeypatch):
    monkeypatch.setattr(search, "WINDOW", 3)
    oldest = ArticleFactory(headline="Flooding at the harbour")
    for n in range(3):
        ArticleFactory(body=f"<p>Flooding report {n}</p>")
    assert found("flooding harbour") == [oldest]


def test_the_search_page_says_when_more_stories_match_than_it_ranks(client, monkeypatch):
    monkeypatch.setattr(search, "WINDOW", 3)
    for n in range(4):
        ArticleFactory(body=f"<p>Flooding report {n}</p>")
    assert "More than 3 results for “flooding”" in page_html(client, "flooding")
    assert "1 result for “report 2”" in page_html(client, "report 2")


def test_search_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(8):
        ArticleFactory(headline=f"Flooding {n}", tag_names=["a", "b"], authors=[AuthorFactory()])
    # Navigation, footer (pages, latest date), count, rows, bylines, tags, whether more match
    # than the window ranks, cache lifetime, the query's index terms for its cache keys (two
    # queries on SQLite).
    with django_assert_max_num_queries(11):
        assert client.get("/search/", {"q": "flooding"}).status_code == 200


@on_postgresql
def test_search_can_use_the_gin_index():
    ArticleFactory(headline="Flooding closes the bridge")
    with connection.cursor() as cursor:
        # Leave the planner bitmap scans only, as on a big table with a selective query.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "articles_searchindex_document" in Article.objects.search("flooding").explain()


def test_deferred_indexing_indexes_the_block_once_when_it_ends():
    with search.indexing_deferred():
        article = ArticleFactory(headline="Harbour ferry returns", tag_names=["transport"])
        assert found("ferry") == []
    assert found("ferry") == [article]


def test_deferred_indexing_indexes_nothing_when_the_block_fails():
    with pytest.raises(RuntimeError), search.indexing_deferred():
        ArticleFactory(headline="Harbour ferry returns")
        raise RuntimeError("rolled back")
    assert found("ferry") == []
