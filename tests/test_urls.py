from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Section
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_article_url_uses_the_publication_date(settings):
    settings.TIME_ZONE = "UTC"
    article = ArticleFactory(slug="bridge", publish_at=datetime(2025, 3, 7, 12, 0, tzinfo=UTC))
    assert article.get_absolute_url() == "/2025/03/07/bridge/"


def test_article_url_date_is_the_local_date_in_the_site_time_zone(settings):
    # 02:30 UTC on 8 March is still 7 March in New York.
    settings.TIME_ZONE = "America/New_York"
    article = ArticleFactory(slug="late", publish_at=datetime(2025, 3, 8, 2, 30, tzinfo=UTC))
    assert article.get_absolute_url() == "/2025/03/07/late/"


def test_article_url_date_moves_forward_east_of_utc(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    article = ArticleFactory(slug="early", publish_at=datetime(2025, 3, 7, 20, 0, tzinfo=UTC))
    assert article.get_absolute_url() == "/2025/03/08/early/"


def test_article_page_answers_at_its_local_date_url(client, settings):
    settings.TIME_ZONE = "America/New_York"
    article = ArticleFactory(slug="late", publish_at=datetime(2025, 3, 8, 2, 30, tzinfo=UTC))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_article_at_a_wrong_date_redirects_permanently(client, settings):
    settings.TIME_ZONE = "UTC"
    ArticleFactory(slug="bridge", publish_at=datetime(2025, 3, 7, 12, 0, tzinfo=UTC))
    response = client.get("/2024/01/01/bridge/")
    assert response.status_code == 301
    assert response["Location"] == "/2025/03/07/bridge/"


@pytest.mark.parametrize("slug", ["council-budget", "a_b-2"])
def test_article_url_is_what_reverse_gives(slug):
    article = ArticleFactory(slug=slug)
    when = timezone.localtime(article.publish_at)
    expected = reverse(
        "articles:detail",
        kwargs={"year": when.year, "month": when.month, "day": when.day, "slug": slug},
    )
    assert article.get_absolute_url() == expected


def test_section_url_is_what_reverse_gives():
    section = Section.objects.create(name="Sports & Games", slug="sports-games")
    expected = reverse("articles:section", kwargs={"slug": section.slug})
    assert section.get_absolute_url() == expected
