"""Every filter of the article list, and cursor pagination while stories are published."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api import all_results, get_json, local
from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, SectionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def headlines(client, **params):
    return [item["headline"] for item in all_results(client, "/api/v1/articles/", **params)]


def test_articles_are_newest_first(client):
    ArticleFactory(headline="Older", publish_at=NOW - timedelta(days=2))
    ArticleFactory(headline="Newer", publish_at=NOW - timedelta(days=1))
    assert headlines(client) == ["Newer", "Older"]


def test_section_filter(client):
    ArticleFactory(headline="Budget vote", section=SectionFactory(name="Politics", slug="politics"))
    ArticleFactory(headline="Derby day", section=SectionFactory(name="Sports", slug="sports"))
    assert headlines(client, section="sports") == ["Derby day"]


def test_tag_filter(client):
    ArticleFactory(headline="Dry taps", tag_names=["Water", "Petare"])
    ArticleFactory(headline="Dark streets", tag_names=["Power"])
    assert headlines(client, tag="water") == ["Dry taps"]


def test_author_filter(client):
    ana, luis = AuthorFactory(name="Ana Pérez"), AuthorFactory(name="Luis Rojas")
    ArticleFactory(headline="By Ana", authors=[ana])
    ArticleFactory(headline="By both", authors=[luis, ana], publish_at=NOW - timedelta(days=1))
    ArticleFactory(headline="By Luis", authors=[luis], publish_at=NOW - timedelta(days=2))
    assert headlines(client, author="ana-perez") == ["By Ana", "By both"]


def test_published_after_and_before(client):
    for days in (1, 3, 5):
        ArticleFactory(headline=f"{days} days ago", publish_at=NOW - timedelta(days=days))
    after = (NOW - timedelta(days=4)).isoformat()
    before = (NOW - timedelta(days=2)).isoformat()
    assert headlines(client, published_after=after) == ["1 days ago", "3 days ago"]
    assert headlines(client, published_before=before) == ["3 days ago", "5 days ago"]
    assert headlines(client, published_after=after, published_before=before) == ["3 days ago"]


def test_published_after_accepts_a_plain_date(client):
    ArticleFactory(headline="Recent", publish_at=NOW - timedelta(days=1))
    ArticleFactory(headline="Old", publish_at=NOW - timedelta(days=400))
    since = (NOW - timedelta(days=30)).date().isoformat()
    assert headlines(client, published_after=since) == ["Recent"]


def test_updated_after_finds_edits_corrections_and_new_stories(client):
    since = NOW - timedelta(minutes=30)
    long_ago = NOW - timedelta(days=3)
    edited = ArticleFactory(headline="Edited", publish_at=long_ago)
    corrected = ArticleFactory(headline="Corrected", publish_at=long_ago)
    untouched = ArticleFactory(headline="Untouched", publish_at=long_ago)
    ArticleFactory(headline="New", publish_at=NOW - timedelta(minutes=5))
    type(edited).objects.filter(pk__in=[edited.pk, corrected.pk, untouched.pk]).update(
        updated_at=long_ago
    )
    edited.save()
    CorrectionFactory(article=corrected, corrected_at=NOW - timedelta(minutes=10))
    assert sorted(headlines(client, updated_after=since.isoformat())) == [
        "Corrected",
        "Edited",
        "New",
    ]


def test_updated_after_finds_a_scheduled_story_once_its_time_comes(client):
    story = ArticleFactory(headline="Was scheduled", scheduled=True)
    since = timezone.now()
    assert headlines(client, updated_after=since.isoformat()) == []
    # Its time comes; nothing was saved since `since`.
    type(story).objects.filter(pk=story.pk).update(
        publish_at=timezone.now(), updated_at=since - timedelta(hours=1)
    )
    assert headlines(client, updated_after=since.isoformat()) == ["Was scheduled"]


def test_search_filter_uses_the_site_search(client):
    ArticleFactory(headline="Water returns to Petare", body="<p>Tanks arrived.</p>")
    ArticleFactory(headline="Council budget", body="<p>Seven votes.</p>")
    assert headlines(client, search="water petare") == ["Water returns to Petare"]
    assert headlines(client, search="tanks") == ["Water returns to Petare"]


def test_filters_combine(client):
    sports = SectionFactory(name="Sports", slug="sports")
    ArticleFactory(headline="Derby water break", section=sports, tag_names=["Water"])
    ArticleFactory(headline="Derby day", section=sports)
    ArticleFactory(headline="Water returns", tag_names=["Water"])
    assert headlines(client, section="sports", tag="water") == ["Derby water break"]


@pytest.mark.parametrize(
    "parameter,value",
    [("section", "nowhere"), ("tag", "nothing"), ("author", "nobody")],
)
def test_unknown_section_tag_or_author_is_a_400(client, parameter, value):
    ArticleFactory()
    error = get_json(client, "/api/v1/articles/", status=400, **{parameter: value})
    assert list(error) == [parameter]


def test_cursor_pages_cover_every_article_once(client):
    for day in range(7):
        ArticleFactory(headline=f"Day {day}", publish_at=NOW - timedelta(days=day))
    page = get_json(client, "/api/v1/articles/", page_size=3)
    assert len(page["results"]) == 3 and page["previous"] is None
    seen = headlines(client, page_size=3)
    assert seen == [f"Day {day}" for day in range(7)]


def test_cursor_pages_are_stable_while_stories_are_published(client):
    for day in range(6):
        ArticleFactory(headline=f"Day {day}", publish_at=NOW - timedelta(days=day))
    first = get_json(client, "/api/v1/articles/", page_size=2)
    ArticleFactory(headline="Breaking", publish_at=timezone.now())
    ArticleFactory(headline="Also breaking", publish_at=timezone.now())
    rest, link = [], first["next"]
    while link:
        page = get_json(client, local(link))
        rest += [item["headline"] for item in page["results"]]
        link = page["next"]
    assert [item["headline"] for item in first["results"]] + rest == [
        f"Day {day}" for day in range(6)
    ]


def test_previous_link_returns_to_the_page_before(client):
    for day in range(5):
        ArticleFactory(headline=f"Day {day}", publish_at=NOW - timedelta(days=day))
    first = get_json(client, "/api/v1/articles/", page_size=2)
    second = get_json(client, local(first["next"]))
    back = get_json(client, local(second["previous"]))
    assert back["results"] == first["results"]


def test_links_keep_the_filters_and_are_absolute(client, settings):
    settings.SITE_URL = "https://news.example"
    for day in range(3):
        ArticleFactory(tag_names=["Water"], publish_at=NOW - timedelta(days=day))
    page = get_json(client, "/api/v1/articles/", tag="water", page_size=1)
    assert page["next"].startswith("https://news.example/api/v1/articles/?")
    assert "tag=water" in page["next"] and "page_size=1" in page["next"]


def test_sections_tags_and_authors_paginate_too(client):
    for n in range(5):
        AuthorFactory(name=f"Author {n}")
    page = get_json(client, "/api/v1/authors/", page_size=2)
    assert len(page["results"]) == 2 and page["next"]
    assert [a["name"] for a in all_results(client, "/api/v1/authors/", page_size=2)] == [
        f"Author {n}" for n in range(5)
    ]
