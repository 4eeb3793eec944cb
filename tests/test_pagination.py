"""Listings page through `?page=N` without counting the archive (newsroom.pagination)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def stories():
    """25 published stories, newest first: one full page of 20 and a second of 5."""
    start = datetime(2025, 6, 30, 12, tzinfo=NEW_YORK)
    return [
        ArticleFactory(headline=f"Story {n:02d}", publish_at=start - timedelta(hours=n))
        for n in range(25)
    ]


def test_first_page_links_to_older_stories_only(client, stories):
    html = client.get("/").content.decode()
    assert 'rel="next" href="?page=2"' in html
    assert 'rel="prev"' not in html
    assert "Page 1" in html


def test_last_page_links_back_and_not_further(client, stories):
    html = client.get("/?page=2").content.decode()
    assert "Story 24" in html and "Story 19" not in html
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_page_past_the_end_is_404(client, stories):
    assert client.get("/?page=3").status_code == 404


def test_listing_does_not_count_the_archive(client, stories):
    with CaptureQueriesContext(connection) as queries:
        client.get("/sections/news/?page=2")
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


def test_year_archive_lists_only_months_with_stories(client, stories):
    ArticleFactory(publish_at=datetime(2025, 2, 10, 12, tzinfo=NEW_YORK))
    ArticleFactory(publish_at=datetime(2025, 3, 10, 12, tzinfo=NEW_YORK), draft=True)
    html = client.get("/2025/").content.decode()
    start = html.index('class="archive-months"')
    months = html[start : html.index("</ul>", start)]
    assert "/2025/02/" in months and "/2025/06/" in months
    assert "/2025/03/" not in months


def test_archives_link_to_the_previous_period_with_stories(client, stories):
    ArticleFactory(publish_at=datetime(2023, 5, 1, 12, tzinfo=NEW_YORK))
    assert 'href="/2023/"' in client.get("/2025/").content.decode()
    assert 'href="/2023/05/"' in client.get("/2025/06/").content.decode()


def test_empty_month_is_404(client, stories):
    assert client.get("/2025/04/").status_code == 404
