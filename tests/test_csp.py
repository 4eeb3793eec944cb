"""Content Security Policy on every response; nonces only where there is inline script."""

import re

import pytest
from django.contrib.auth.models import User

from tests.factories import ArticleFactory, AuthorFactory
from tests.test_preview import preview_path

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def directives(response):
    policy = response[HEADER]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.fixture
def story():
    return ArticleFactory(
        authors=[AuthorFactory(name="Ana", slug="ana")], tag_names=["budget"], headline="Story"
    )


def public_paths(story):
    return [
        "/",
        story.get_absolute_url(),
        "/sections/news/",
        "/tags/budget/",
        "/authors/ana/",
        "/search/?q=story",
        f"/{story.publish_at.year}/",
        "/feed/",
        "/feed.json",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_every_public_response_carries_the_policy_without_a_nonce(client, story):
    for path in public_paths(story):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = directives(response)
        assert policy["frame-ancestors"] == ["'none'"], path
        assert policy["default-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert not any(value.startswith("'nonce-") for value in policy["script-src"]), path


def test_public_pages_allow_no_inline_style(client, story):
    assert directives(client.get(story.get_absolute_url()))["style-src"] == ["'self'"]


def test_admin_pages_allow_inline_style_attributes_but_not_inline_script(client, editor):
    policy = directives(client.get("/admin/articles/article/"))
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_policy_names_no_third_party_origin(client, story):
    policy = directives(client.get(story.get_absolute_url()))
    origins = [value for values in policy.values() for value in values if "://" in value]
    assert origins == []


def test_cached_public_page_still_carries_the_policy(client, story, settings):
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get("/")
    second = client.get("/")
    assert first[HEADER] == second[HEADER]
    assert "nonce-" not in second[HEADER]


def test_public_pages_have_no_inline_script_but_json_ld(client, story):
    for path in public_paths(story)[:7] + [preview_path(ArticleFactory(draft=True))]:
        html = client.get(path).content.decode()
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            assert 'type="application/ld+json"' in attrs or (not body.strip() and "src=" in attrs)


def test_admin_editor_inline_script_carries_the_requests_nonce(client, editor):
    response = client.get("/admin/articles/article/add/")
    nonce = re.search(r"'nonce-([^']+)'", response[HEADER]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the editor's import map is inline"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert nonce not in client.get("/admin/articles/article/add/")[HEADER]


def test_admin_login_and_lockout_pages_carry_the_policy(client):
    assert "frame-ancestors 'none'" in client.get("/admin/login/")[HEADER]
    User.objects.create_user("someone", password="pw")
    for _ in range(6):
        response = client.post("/admin/login/", {"username": "someone", "password": "no"})
    assert response.status_code == 429
    assert "frame-ancestors 'none'" in response[HEADER]
