"""Every public page costs a fixed number of queries, with few or many things on it (rule 3)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, PhotoFactory

pytestmark = pytest.mark.django_db

# Storing a fresh page in the cache looks up the next scheduled publication (newsroom.caching).
CACHE_STORE = 1
# The footer's static pages and the latest publication (its archive link).
FOOTER = 2
# Site navigation (1) + page rows (one more than a page: listings are not counted), bylines and
# tags, or their detail-page equivalents.
LISTING_BUDGET = 4 + CACHE_STORE + FOOTER
ARCHIVE_BUDGET = 8 + CACHE_STORE + FOOTER  # listing + emptiness check, month list, prev, next
# article, bylines, tags, corrections, picks with shared-tag ranking, Don't Miss stories, navigation
ARTICLE_BUDGET = 7 + CACHE_STORE + FOOTER
MAY = datetime(2025, 5, 15, 12, tzinfo=ZoneInfo("America/New_York"))


def populate(n):
    """`n` published articles, each with `n` bylines, tags and corrections, all sharing tags."""
    authors = [AuthorFactory() for _ in range(n)]
    tags = [f"tag {i}" for i in range(n)]
    articles = []
    for i in range(n):
        article = ArticleFactory(
            authors=authors,
            tag_names=tags,
            cover_photo=PhotoFactory(),
            related_articles=articles[-n:],
            publish_at=MAY + timedelta(minutes=i),
        )
        for _ in range(n):
            CorrectionFactory(article=article)
        articles.append(article)
    return articles[-1], authors[0]


def paths(article, author):
    return {
        "/": LISTING_BUDGET,
        "/sections/news/": LISTING_BUDGET + 1,  # the section itself
        "/tags/tag-0/": LISTING_BUDGET + 2,  # the tag, and whether it has stories
        author.get_absolute_url(): LISTING_BUDGET + 1,  # the author itself
        "/2025/": ARCHIVE_BUDGET,
        "/2025/05/": ARCHIVE_BUDGET,
        # Search shows its number of results and whether more match than it ranks, and reads
        # its query's index terms for its cache keys (two queries on SQLite).
        "/search/?q=council": LISTING_BUDGET + 4,
        article.get_absolute_url(): ARTICLE_BUDGET,
    }


@pytest.mark.parametrize("size", [1, 8], ids=["few", "many"])
def test_pages_cost_the_same_queries_whatever_they_show(
    client, django_assert_max_num_queries, size
):
    article, author = populate(size)
    for path, budget in paths(article, author).items():
        with django_assert_max_num_queries(budget, info=path):
            assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("size", [1, 8], ids=["few", "many"])
def test_sitemaps_cost_the_same_queries(client, django_assert_max_num_queries, size):
    populate(size)
    ArticleFactory(publish_at=timezone.now() - timedelta(hours=1))
    # The index: the lowest and highest article keys, and a count of each other sitemap; each
    # sitemap page is a count (or the article keys) and its rows.
    with django_assert_max_num_queries(5 + CACHE_STORE):
        client.get("/sitemap.xml")
    for section in ("articles", "sections", "tags", "authors"):
        with django_assert_max_num_queries(3 + CACHE_STORE):
            client.get(f"/sitemap-{section}.xml")
    with django_assert_max_num_queries(2 + CACHE_STORE):
        client.get("/news-sitemap.xml")
