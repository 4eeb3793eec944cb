"""HTTP done right: conditional requests, cache lifetimes, CORS, rate limits and clear 400s."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.http import http_date

from tests.api import get_json
from tests.factories import ArticleFactory, CorrectionFactory, SectionFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://partner.example"


@pytest.fixture
def article():
    return ArticleFactory(headline="Bridge reopens", tag_names=["Roads"])


def paths(article):
    return [
        "/api/v1/articles/",
        f"/api/v1/articles/{article.pk}/",
        "/api/v1/sections/news/",
        "/api/v1/tags/",
        "/api/v1/authors/",
    ]


@pytest.mark.parametrize("page_cache", [300, 0], ids=["cached", "uncached"])
def test_matching_etag_gets_a_304(client, settings, article, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    for path in paths(article):
        first = client.get(path)
        again = client.get(path, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304, path
        assert again["ETag"] == first["ETag"]
        assert again.content == b""


@pytest.mark.parametrize("page_cache", [300, 0], ids=["cached", "uncached"])
def test_unmodified_articles_get_a_304(client, settings, article, page_cache):
    settings.PAGE_CACHE_SECONDS = page_cache
    for path in paths(article)[:2]:
        first = client.get(path)
        again = client.get(path, headers={"if-modified-since": first["Last-Modified"]})
        assert again.status_code == 304, path


def test_last_modified_is_the_newest_change_shown(client):
    long_ago = timezone.now() - timedelta(days=3)
    story = ArticleFactory(publish_at=long_ago)
    type(story).objects.filter(pk=story.pk).update(updated_at=long_ago)
    correction = CorrectionFactory(article=story, corrected_at=long_ago + timedelta(hours=5))
    expected = http_date(correction.corrected_at.timestamp())
    type(story).objects.filter(pk=story.pk).update(updated_at=long_ago)
    assert client.get(f"/api/v1/articles/{story.pk}/")["Last-Modified"] == expected
    assert client.get("/api/v1/articles/")["Last-Modified"] == expected


def test_an_edit_changes_the_etag_and_shows_at_once(client, article):
    path = f"/api/v1/articles/{article.pk}/"
    first = client.get(path)
    article.headline = "Bridge reopens after two years"
    article.save()
    again = client.get(path, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again.json()["headline"] == "Bridge reopens after two years"


def test_unpublishing_removes_the_story_from_the_cached_list(client, article):
    assert [a["id"] for a in get_json(client, "/api/v1/articles/")["results"]] == [article.pk]
    article.status = article.Status.DRAFT
    article.save()
    assert get_json(client, "/api/v1/articles/")["results"] == []
    get_json(client, f"/api/v1/articles/{article.pk}/", status=404)


def test_a_repeated_request_is_served_without_queries(client, article, django_assert_num_queries):
    for path in paths(article):
        first = client.get(path)
        with django_assert_num_queries(0):
            second = client.get(path)
        assert second.content == first.content, path


def test_max_age_is_the_setting_without_scheduled_stories(client, settings, article):
    settings.API_MAX_AGE = 120
    for path in paths(article):
        response = client.get(path)
        assert "public" in response["Cache-Control"]
        assert get_max_age(response) == 120, path


def test_max_age_stops_before_the_next_scheduled_story_anywhere(client, settings, article):
    settings.API_MAX_AGE = 300
    elsewhere = SectionFactory(name="Sports", slug="sports")
    ArticleFactory(section=elsewhere, publish_at=timezone.now() + timedelta(seconds=90))
    for path in [*paths(article), "/api/v1/articles/?section=news"]:
        assert 0 < get_max_age(client.get(path)) <= 90, path


def test_a_story_due_now_shows_on_time_in_the_api(client, article):
    due = ArticleFactory(headline="Due now", publish_at=timezone.now() + timedelta(seconds=1))
    client.get("/api/v1/articles/")
    # The story's time passes without any save: the list must not have been cached past it.
    type(due).objects.filter(pk=due.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    headlines = [a["headline"] for a in get_json(client, "/api/v1/articles/")["results"]]
    assert headlines == ["Due now", "Bridge reopens"]


def test_any_origin_may_read_the_api(client, article):
    for path in [*paths(article), "/api/v1/schema/"]:
        response = client.get(path, headers={"origin": ORIGIN})
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert "ETag" in response["Access-Control-Expose-Headers"]
        assert "origin" in response["Vary"].lower()
        assert "Access-Control-Allow-Credentials" not in response


def test_preflight_allows_reading_only(client):
    response = client.options(
        "/api/v1/articles/",
        headers={"origin": ORIGIN, "access-control-request-method": "GET"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_cors_stays_off_the_rest_of_the_site(client, article):
    for path in ("/", article.get_absolute_url(), "/feed/"):
        response = client.get(path, headers={"origin": ORIGIN})
        assert "Access-Control-Allow-Origin" not in response, path


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, article, method):
    response = getattr(client, method)(f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 405
    assert "detail" in response.json()


def test_anonymous_clients_are_rate_limited(client, settings, article):
    settings.API_RATE_LIMIT = "3/minute"
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(3):
        assert client.get("/api/v1/articles/").status_code == 200
    response = client.get("/api/v1/articles/")
    assert response.status_code == 429
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, settings, article):
    settings.API_RATE_LIMIT = "2/minute"
    settings.PAGE_CACHE_SECONDS = 0
    codes = [
        client.get("/api/v1/tags/", headers={"x-forwarded-for": f"10.0.0.{n}"}).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 429, 429]


def test_behind_a_proxy_each_client_has_its_own_limit(client, settings, article):
    settings.API_RATE_LIMIT = "1/minute"
    settings.PAGE_CACHE_SECONDS = 0
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"NUM_PROXIES": 1}
    codes = [
        client.get("/api/v1/tags/", headers={"x-forwarded-for": address}).status_code
        for address in ("198.51.100.1", "198.51.100.2", "198.51.100.1")
    ]
    assert codes == [200, 200, 429]


def cursor(text):
    return base64.b64encode(text.encode()).decode()


LONG = "x" * 10_000
HOSTILE = [
    ("page", "-1"),
    ("page", "2"),
    ("cursor", "garbage"),
    ("cursor", "Ω"),
    ("cursor", cursor("p=not-a-date")),
    ("cursor", cursor("p=9999-12-31 23:59:59-12:00")),
    ("cursor", cursor("p=2026-01-01\x00")),
    ("cursor", cursor("o=-5")),
    ("cursor", cursor("r=x")),
    ("section", "../.."),
    ("tag", "../.."),
    ("author", "../.."),
    ("tag", "a b"),
    ("page_size", "-1"),
    ("page_size", "0"),
    ("page_size", "101"),
    ("page_size", "ten"),
    ("published_after", "yesterday"),
    ("published_after", "2026-13-45"),
    ("published_before", "9999-12-31T23:59:59-12:00"),
    ("updated_after", "0001-01-01T00:00:00+14:00"),
    ("fields", "headline,password"),
    ("fields", ",,,"),
    ("search", "a\x00b"),
    ("format", "xml"),
    ("q", "water"),
] + [
    (name, LONG)
    for name in (
        "cursor",
        "section",
        "tag",
        "author",
        "published_after",
        "updated_after",
        "search",
        "fields",
        "page_size",
        "x" * 5000,
    )
]


@pytest.mark.parametrize("name,value", HOSTILE, ids=[f"{n[:20]}={v[:20]!r}" for n, v in HOSTILE])
def test_every_bad_parameter_is_a_json_400_naming_it(client, article, name, value):
    response = client.get("/api/v1/articles/", {name: value})
    assert response.status_code == 400
    error = response.json()
    assert list(error) == [name[:50]]
    # The refused value is not echoed back.
    assert len(response.content) < 1000


@pytest.mark.parametrize(
    "path",
    ["/api/v1/sections/news/", "/api/v1/tags/", "/api/v1/authors/", "/api/v1/articles/{pk}/"],
)
def test_detail_and_other_lists_refuse_parameters_they_do_not_read(client, article, path):
    response = client.get(path.format(pk=article.pk), {"section": "news"})
    assert response.status_code == 400
    assert list(response.json()) == ["section"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/99999999999999999999999999/",
        "/api/v1/articles/-1/",
        "/api/v1/articles/abc/",
        "/api/v1/sections/../../",
        "/api/v1/tags/%00/",
        "/api/v1/authors/" + "a" * 5000 + "/",
        "/api/v2/articles/",
        "/api/v1/nothing/",
    ],
)
def test_unknown_paths_are_json_404s(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


def test_a_path_without_its_slash_is_redirected(client):
    response = client.get("/api/v1/articles")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/articles/"


def test_json_whatever_the_accept_header(client, settings, article):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get("/api/v1/articles/", headers={"accept": "application/xml"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_head_answers_like_get_without_a_body(client, article):
    get, head = client.get("/api/v1/articles/"), client.head("/api/v1/articles/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]
