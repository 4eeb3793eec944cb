"""/corrections/ lists every correction to a published story, newest first, with an RSS feed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from tests.factories import ArticleFactory, CorrectionFactory

pytestmark = pytest.mark.django_db


def correction(headline, text, days_ago, **article):
    return CorrectionFactory(
        article=ArticleFactory(headline=headline, **article),
        text=text,
        corrected_at=timezone.now() - timedelta(days=days_ago),
    )


def test_corrections_page_lists_newest_first_with_links_to_the_stories(client):
    old = correction("Bridge reopens", "The bridge is 40 m long, not 400 m.", days_ago=3)
    new = correction("Budget passes", "The vote was 7-2, not 6-3.", days_ago=1)
    html = client.get("/corrections/").content.decode()
    assert html.index(new.text) < html.index(old.text)
    assert f'<a href="{new.article.get_absolute_url()}">Budget passes</a>' in html


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_corrections_to_unpublished_stories_are_not_shown(client, state):
    correction("Secret story", "A hidden fix.", days_ago=1, **{state: True})
    assert "A hidden fix." not in client.get("/corrections/").content.decode()
    assert b"A hidden fix." not in client.get("/corrections/feed/").content


def test_corrections_page_without_corrections_says_so(client):
    assert "No corrections so far." in client.get("/corrections/").content.decode()


def test_corrections_page_links_its_feed(client):
    html = client.get("/corrections/").content.decode()
    assert 'type="application/rss+xml" title="Corrections (RSS)" href="/corrections/feed/"' in html


def test_corrections_feed_items_name_the_story_and_link_to_its_corrections(client):
    fix = correction("Budget passes", "The vote was 7-2, not 6-3.", days_ago=1)
    correction("Bridge reopens", "The bridge is 40 m long.", days_ago=3)
    feed = etree.fromstring(client.get("/corrections/feed/").content)
    items = feed.findall("channel/item")
    assert [item.findtext("title") for item in items] == [
        "Correction: Budget passes",
        "Correction: Bridge reopens",
    ]
    first = items[0]
    assert first.findtext("description") == "The vote was 7-2, not 6-3."
    assert first.findtext("link") == (
        f"http://127.0.0.1:8000{fix.article.get_absolute_url()}#corrections"
    )
    assert first.findtext("guid").startswith("tag:127.0.0.1,")
    assert first.findtext("pubDate")
    assert feed.findtext("channel/title") == "Corrections · The Newsroom"


def test_corrections_feed_answers_conditional_requests(client):
    correction("Budget passes", "The vote was 7-2.", days_ago=1)
    first = client.get("/corrections/feed/")
    assert first["Cache-Control"].startswith("public") or "max-age" in first["Cache-Control"]
    again = client.get("/corrections/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_article_page_keeps_its_dated_corrections(client):
    fix = correction("Budget passes", "The vote was 7-2, not 6-3.", days_ago=1)
    html = client.get(fix.article.get_absolute_url()).content.decode()
    assert '<aside class="corrections" id="corrections"' in html
    assert fix.text in html


def test_corrections_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(8):
        correction(f"Story {n}", f"Fix {n}.", days_ago=n)
    # Navigation, footer (2), count, rows with their article, cache lifetime.
    with django_assert_max_num_queries(6):
        assert client.get("/corrections/").status_code == 200
