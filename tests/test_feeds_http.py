"""How the feeds answer over HTTP: scope, 404s, conditional requests, caching and query budget."""

from datetime import timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.http import http_date

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
    image_file,
)

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/feed.json",
    "/sections/news/feed/",
    "/sections/news/feed/atom/",
    "/tags/budget/feed/",
    "/tags/budget/feed/atom/",
    "/authors/ana/feed/",
    "/authors/ana/feed/atom/",
]


@pytest.fixture
def ana():
    return AuthorFactory(name="Ana", slug="ana")


def headlines(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if url.endswith(".json"):
        return [item["title"] for item in response.json()["items"]]
    return [entry.title for entry in feedparser.parse(response.content).entries]


@pytest.mark.parametrize("url", FEEDS)
def test_unpublished_articles_never_appear(client, ana, url):
    ArticleFactory(headline="Published story", authors=[ana], tag_names=["Budget"])
    for state in ({"draft": True}, {"in_review": True}, {"scheduled": True}):
        ArticleFactory(headline="Unpublished story", authors=[ana], tag_names=["Budget"], **state)
    assert headlines(client, url) == ["Published story"]


def test_section_feed_lists_only_its_section(client):
    ArticleFactory(headline="In news")
    ArticleFactory(headline="In sport", section=SectionFactory(name="Sport", slug="sport"))
    assert headlines(client, "/sections/sport/feed/") == ["In sport"]


def test_tag_feed_lists_only_tagged_articles(client):
    ArticleFactory(headline="Tagged", tag_names=["Budget"])
    ArticleFactory(headline="Untagged")
    assert headlines(client, "/tags/budget/feed/") == ["Tagged"]


def test_author_feed_lists_every_article_with_their_byline(client, ana):
    ArticleFactory(headline="Shared byline", authors=[AuthorFactory(), ana])
    ArticleFactory(headline="Someone else's", authors=[AuthorFactory()])
    assert headlines(client, "/authors/ana/feed/atom/") == ["Shared byline"]


def test_non_ascii_tag_has_a_feed(client):
    ArticleFactory(headline="Café story", tag_names=["Café"])
    assert headlines(client, "/tags/café/feed/") == ["Café story"]


@pytest.mark.parametrize(
    "url",
    [
        "/sections/nope/feed/",
        "/sections/nope/feed/atom/",
        "/tags/nope/feed/",
        "/tags/nope/feed/atom/",
        "/authors/nope/feed/",
        "/authors/nope/feed/atom/",
    ],
)
def test_unknown_slug_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/tags/a%00b/feed/", "/tags/a%2Fb/feed/atom/", "/tags/%20/feed/"])
def test_malformed_tag_slug_is_404(client, url):
    assert client.get(url).status_code == 404


def test_tag_used_only_on_drafts_is_404(client):
    ArticleFactory(draft=True, tag_names=["Secret merger"])
    assert client.get("/tags/secret-merger/feed/").status_code == 404


def test_inactive_author_feed_is_404(client):
    AuthorFactory(slug="gone", is_active=False)
    assert client.get("/authors/gone/feed/").status_code == 404


def test_post_is_not_allowed(client):
    assert client.post("/feed/").status_code == 405


@pytest.mark.parametrize("url", FEEDS)
def test_feed_sends_etag_last_modified_and_cache_control(client, ana, url):
    ArticleFactory(authors=[ana], tag_names=["Budget"])
    response = client.get(url)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert get_max_age(response) == 300
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("url", FEEDS)
def test_matching_etag_gets_304_with_empty_body(client, ana, url):
    ArticleFactory(authors=[ana], tag_names=["Budget"])
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert get_max_age(response) == 300


def test_unchanged_since_last_modified_gets_304(client):
    ArticleFactory()
    last_modified = client.get("/feed/")["Last-Modified"]
    response = client.get("/feed/", headers={"if-modified-since": last_modified})
    assert response.status_code == 304
    assert response.content == b""


def test_last_modified_is_the_newest_change_in_the_feed(client):
    published = timezone.now() - timedelta(days=1)
    article = ArticleFactory(publish_at=published)
    Article.objects.filter(pk=article.pk).update(updated_at=published)
    correction = CorrectionFactory(article=article, corrected_at=published + timedelta(hours=2))
    assert client.get("/feed/")["Last-Modified"] == http_date(correction.corrected_at.timestamp())


def test_correction_changes_etag(client):
    article = ArticleFactory()
    etag = client.get("/feed/")["ETag"]
    CorrectionFactory(article=article)
    response = client.get("/feed/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_unpublishing_an_article_changes_etag(client):
    ArticleFactory(publish_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(publish_at=timezone.now() - timedelta(days=1))
    etag = client.get("/feed/")["ETag"]
    # An update() leaves updated_at alone: only the set of articles changes. It also sends no
    # signal, so the cached feed is dropped by hand, as a fresh server would start.
    Article.objects.filter(pk=newer.pk).update(status=Article.Status.DRAFT)
    cache.clear()
    response = client.get("/feed/", headers={"if-none-match": etag})
    assert response.status_code == 200


def test_summary_setting_changes_etag(client, settings):
    ArticleFactory()
    etag = client.get("/feed/")["ETag"]
    settings.FEEDS_FULL_TEXT = False
    cache.clear()  # a settings change comes with a deploy, which starts on an empty cache
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 200


def test_max_age_stops_before_the_next_scheduled_article(client):
    ArticleFactory()
    ArticleFactory(publish_at=timezone.now() + timedelta(seconds=90))
    assert 0 < get_max_age(client.get("/feed/")) <= 90


@pytest.mark.parametrize("url", FEEDS)
def test_max_age_is_cut_by_the_next_publication_anywhere_on_the_site(client, ana, url):
    """A feed's max-age never tells whether its own author, section or tag has a story coming
    (issue 12): every feed is cut by the next scheduled publication of the whole site."""
    ArticleFactory(authors=[ana], tag_names=["Budget"])
    ArticleFactory(
        section=SectionFactory(name="Sport", slug="sport"),
        publish_at=timezone.now() + timedelta(seconds=90),
    )
    assert 0 < get_max_age(client.get(url)) <= 90


def test_an_empty_author_feed_has_the_same_max_age_as_the_site_feed(client, ana):
    ArticleFactory()
    ArticleFactory(authors=[ana], publish_at=timezone.now() + timedelta(seconds=200))
    site, author = get_max_age(client.get("/feed/")), get_max_age(client.get("/authors/ana/feed/"))
    assert abs(site - author) <= 1  # read a moment apart


def test_empty_feed_is_valid_and_cacheable(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert not feedparser.parse(response.content).bozo
    assert client.get("/feed/", headers={"if-none-match": response["ETag"]}).status_code == 304


def make_articles(count, ana):
    """Articles with three bylines, three tags, a cover photo and a correction each."""
    for n in range(count):
        article = ArticleFactory(
            authors=[ana, AuthorFactory(), AuthorFactory()],
            tag_names=["Budget", f"Topic {n}", f"Place {n}"],
            cover_photo=PhotoFactory(image=image_file(size=(40, 30))),
        )
        CorrectionFactory(article=article)


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("count", [1, 25])
def test_feed_query_count_is_constant(client, ana, django_assert_max_num_queries, url, count):
    make_articles(count, ana)
    client.get(url)  # warms the content-type and photo-size caches
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert len(headlines(client, url)) == count


@pytest.mark.parametrize("url", ["/feed/", "/sections/news/feed/"])
def test_not_modified_answer_skips_building_the_feed(
    client, ana, django_assert_max_num_queries, url
):
    make_articles(3, ana)
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(3):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
