"""Machine-readable times are valid HTML: whole seconds, an explicit offset."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, CorrectionFactory

pytestmark = pytest.mark.django_db

VALID = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def datetimes(html):
    return re.findall(r'<time datetime="([^"]*)"', html) + re.findall(
        r'<meta property="article:\w+_time" content="([^"]*)"', html
    )


def test_article_page_times_have_no_microseconds(client):
    published = timezone.now().replace(microsecond=123456) - timedelta(days=2)
    article = ArticleFactory(publish_at=published)
    CorrectionFactory(article=article, corrected_at=published + timedelta(hours=1, microseconds=7))
    html = client.get(article.get_absolute_url()).content.decode()
    found = datetimes(html)
    assert len(found) >= 4
    assert all(VALID.match(value) for value in found), found
    assert timezone.localtime(published).replace(microsecond=0).isoformat() in found


def test_listing_times_have_no_microseconds(client):
    ArticleFactory(publish_at=timezone.now().replace(microsecond=654321) - timedelta(hours=1))
    ArticleFactory(publish_at=timezone.now().replace(microsecond=5) - timedelta(hours=2))
    found = datetimes(client.get("/").content.decode())
    assert len(found) == 2
    assert all(VALID.match(value) for value in found), found
