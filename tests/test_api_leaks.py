"""Drafts, stories in review, scheduled stories and private emails never leave through the API,
whatever the parameters (rule 1)."""

import json

import pytest
from django.utils import timezone

from tests.api import all_results, get_json
from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, SectionFactory

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarsecret"
EMAIL = "ana.private@newsroom.example"
STATES = [{"draft": True}, {"in_review": True}, {"scheduled": True}]


@pytest.fixture(params=STATES, ids=["draft", "in_review", "scheduled"])
def hidden(request):
    """A public article and an unpublished one sharing author, section, tags and date; a public
    article picks the hidden one for its "Don't Miss" box."""
    author = AuthorFactory(name="Ana Pérez", email=EMAIL)
    section = SectionFactory(name="Culture", slug="culture")
    visible = ArticleFactory(
        headline="Visible story", authors=[author], section=section, tag_names=["Water"]
    )
    secret = ArticleFactory(
        headline=f"{SECRET} headline",
        dek=SECRET,
        body=f"<p>{SECRET}</p>",
        authors=[author],
        section=section,
        tag_names=["Water", "Hidden"],
        related_articles=[visible],
        **request.param,
    )
    secret.publish_at = secret.publish_at or timezone.now()
    secret.save()
    CorrectionFactory(article=secret, text=SECRET)
    ArticleFactory(headline="Linker", related_articles=[secret], tag_names=["Water"])
    return secret


def list_queries():
    today = timezone.localdate()
    return [
        {},
        {"section": "culture"},
        {"tag": "water"},
        {"author": "ana-perez"},
        {"search": SECRET},
        {"published_after": f"{today.year - 1}-01-01"},
        {"published_before": f"{today.year + 2}-01-01"},
        {"updated_after": f"{today.year - 1}-01-01"},
        {"page_size": 100},
    ]


def every_response(client, hidden):
    """The body of every API answer a client could ask for about this content."""
    paths = [
        "/api/v1/",
        "/api/v1/sections/",
        "/api/v1/sections/culture/",
        "/api/v1/tags/",
        "/api/v1/tags/water/",
        "/api/v1/authors/",
        "/api/v1/authors/ana-perez/",
        "/api/v1/schema/",
        "/api/docs/",
    ]
    bodies = [client.get(path).content.decode() for path in paths]
    for params in list_queries():
        bodies.append(json.dumps(all_results(client, "/api/v1/articles/", **params)))
    for article in type(hidden).objects.published():
        bodies.append(client.get(f"/api/v1/articles/{article.pk}/").content.decode())
    return bodies


def test_hidden_article_is_in_no_list_whatever_the_filter(client, hidden):
    for params in list_queries():
        found = all_results(client, "/api/v1/articles/", **params)
        assert hidden.pk not in [item["id"] for item in found], params
        assert SECRET not in json.dumps(found), params


def test_hidden_article_detail_is_404(client, hidden):
    assert SECRET not in json.dumps(get_json(client, f"/api/v1/articles/{hidden.pk}/", status=404))


def test_hidden_article_is_not_among_the_picks(client, hidden):
    (linker,) = all_results(client, "/api/v1/articles/", search="Linker")
    assert linker["dont_miss"] == []


def test_tag_only_on_hidden_articles_stays_unknown(client, hidden):
    assert "hidden" not in [tag["slug"] for tag in all_results(client, "/api/v1/tags/")]
    get_json(client, "/api/v1/tags/hidden/", status=404)
    # Indistinguishable from a tag that does not exist.
    unknown = get_json(client, "/api/v1/articles/", status=400, tag="nothing")
    assert get_json(client, "/api/v1/articles/", status=400, tag="hidden") == unknown


def test_nothing_anywhere_mentions_the_hidden_article_or_the_email(client, hidden):
    for body in every_response(client, hidden):
        assert SECRET not in body
        assert EMAIL not in body


def test_signed_in_staff_see_only_published_articles_too(client, hidden, editor):
    found = all_results(client, "/api/v1/articles/")
    assert hidden.pk not in [item["id"] for item in found]
    get_json(client, f"/api/v1/articles/{hidden.pk}/", status=404)


def test_scheduled_article_appears_when_its_time_comes(client):
    story = ArticleFactory(headline="Morning story", scheduled=True)
    get_json(client, f"/api/v1/articles/{story.pk}/", status=404)
    type(story).objects.filter(pk=story.pk).update(publish_at=timezone.now())
    assert get_json(client, f"/api/v1/articles/{story.pk}/")["headline"] == "Morning story"
