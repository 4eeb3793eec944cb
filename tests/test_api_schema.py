"""The OpenAPI schema is valid and complete; the docs page is readable and self-contained."""

import pytest
from django.core.management import call_command
from lxml import html as lxml_html
from openapi_spec_validator import validate

from tests.factories import ArticleFactory
from tests.htmlcheck import html_errors
from tests.test_csp import directives

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/articles/",
    "/api/v1/articles/{id}/",
    "/api/v1/sections/",
    "/api/v1/sections/{slug}/",
    "/api/v1/tags/",
    "/api/v1/tags/{slug}/",
    "/api/v1/authors/",
    "/api/v1/authors/{slug}/",
]
ARTICLE_FIELDS = {
    "id",
    "headline",
    "dek",
    "slug",
    "url",
    "api_url",
    "body_html",
    "published_at",
    "updated_at",
    "section",
    "authors",
    "tags",
    "dont_miss",
    "corrections",
    "cover_photo",
}
FILTERS = {
    "section",
    "tag",
    "author",
    "published_after",
    "published_before",
    "updated_after",
    "search",
    "cursor",
    "page_size",
    "fields",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_generates_without_warnings(tmp_path):
    # drf-spectacular reports what it had to guess; --fail-on-warn makes a guess an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")


def test_schema_describes_every_endpoint_read_only(schema):
    assert sorted(schema["paths"]) == sorted(ENDPOINTS)
    for path, item in schema["paths"].items():
        assert set(item) == {"get"}, path


def test_schema_names_every_article_field_and_filter(schema):
    article = schema["components"]["schemas"]["Article"]
    assert set(article["properties"]) == ARTICLE_FIELDS
    listing = schema["paths"]["/api/v1/articles/"]["get"]
    assert {parameter["name"] for parameter in listing["parameters"]} == FILTERS


def test_schema_never_mentions_the_private_email(schema):
    author = schema["components"]["schemas"]["Author"]
    assert "email" not in author["properties"]
    assert "user" not in author["properties"]


def test_docs_page_lists_every_endpoint_and_field(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    headings = [h.text_content() for h in page.iter("h3")]
    for path in ENDPOINTS:
        assert f"GET {path}" in headings
    (article,) = page.xpath('//section[@id="schema-Article"]')
    assert set(article.xpath(".//tbody/tr/td[1]/code/text()")) == ARTICLE_FIELDS


def test_docs_page_runs_no_script_and_loads_nothing_from_elsewhere(client, settings):
    settings.SITE_URL = "https://news.example"
    page = lxml_html.fromstring(client.get("/api/docs/").content)
    assert page.xpath("//script") == []
    assert page.xpath("//@*[starts-with(name(), 'on')]") == []
    for url in page.xpath("//link/@href | //img/@src | //iframe/@src | //source/@srcset"):
        assert url.startswith("/") or url.startswith("https://news.example/"), url


def test_docs_page_has_no_html_errors(client):
    ArticleFactory()
    assert html_errors({"api docs": client.get("/api/docs/").content.decode()}) == {}


def test_docs_page_and_api_carry_the_strict_public_policy(client):
    for path in ("/api/docs/", "/api/v1/articles/", "/api/v1/schema/"):
        policy = directives(client.get(path))
        assert "'unsafe-inline'" not in policy["script-src"], path
        assert not any(value.startswith("'nonce-") for value in policy["script-src"]), path
        assert policy["style-src"] == ["'self'"], path
