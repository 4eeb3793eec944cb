"""Reporters see their own work and what is live; editors see everything."""

import pytest

from tests.factories import ArticleFactory, AuthorFactory, staff_user

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


@pytest.fixture
def newsroom():
    """A colleague's draft, story in review and scheduled story, and one live story."""
    colleague = AuthorFactory(name="Colleague", email="secret.colleague@private.example")
    return {
        "draft": ArticleFactory(
            draft=True,
            headline="Colleague draft",
            authors=[colleague],
            tag_names=["embargoed-merger"],
        ),
        "review": ArticleFactory(in_review=True, headline="Colleague review", authors=[colleague]),
        "scheduled": ArticleFactory(
            scheduled=True, headline="Colleague scheduled", authors=[colleague]
        ),
        "live": ArticleFactory(headline="Live story", authors=[colleague], tag_names=["council"]),
        "colleague": colleague,
    }


def test_reporter_list_shows_own_work_and_live_stories_only(client, reporter, newsroom):
    ArticleFactory(draft=True, headline="My own draft", authors=[reporter.author])
    page = client.get(LIST).content.decode()
    assert "My own draft" in page
    assert "Live story" in page
    for hidden in ["Colleague draft", "Colleague review", "Colleague scheduled"]:
        assert hidden not in page


def test_reporter_tag_filter_lists_no_draft_only_tags(client, reporter, newsroom):
    page = client.get(LIST).content.decode()
    assert "council" in page
    assert "embargoed-merger" not in page


def test_reporter_cannot_open_a_colleagues_draft(client, reporter, newsroom):
    for name in ["draft", "review", "scheduled"]:
        article = newsroom[name]
        response = client.get(f"/admin/articles/article/{article.pk}/change/")
        assert response.status_code == 302, name
        assert article.headline not in client.get(response["Location"]).content.decode()
        revisions = client.get(f"/admin/articles/article/{article.pk}/revisions/")
        assert revisions.status_code == 404


def test_reporter_dont_miss_autocomplete_offers_no_unpublished_colleague_work(
    client, reporter, newsroom
):
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "relatedarticle",
            "field_name": "related",
            "term": "Colleague",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_reporter_tag_suggestions_leave_out_draft_only_tags(client, reporter, newsroom):
    ArticleFactory(draft=True, authors=[reporter.author], tag_names=["my-scoop"])
    url = "/admin/articles/article/tag-suggestions/"
    assert client.get(url, {"q": "embargo"}).json()["results"] == []
    assert client.get(url, {"q": "council"}).json()["results"] == ["council"]
    assert client.get(url, {"q": "my-"}).json()["results"] == ["my-scoop"]


def test_reporter_sees_no_private_email(client, reporter, newsroom):
    colleague = newsroom["colleague"]
    page = client.get(f"/admin/authors/author/{colleague.pk}/change/").content.decode()
    assert "Colleague" in page
    assert "secret.colleague" not in page
    listing = client.get("/admin/authors/author/", {"q": "private.example"})
    assert listing.context["cl"].result_count == 0
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "byline",
            "field_name": "author",
            "term": "private.example",
        },
    )
    assert autocomplete.json()["results"] == []


def test_editor_sees_everything(client, editor, newsroom):
    page = client.get(LIST).content.decode()
    for headline in ["Colleague draft", "Colleague review", "Colleague scheduled", "Live story"]:
        assert headline in page
    url = "/admin/articles/article/tag-suggestions/"
    assert client.get(url, {"q": "embargo"}).json()["results"] == ["embargoed-merger"]
    assert "embargoed-merger" in client.get(LIST).content.decode()
    colleague = newsroom["colleague"]
    page = client.get(f"/admin/authors/author/{colleague.pk}/change/").content.decode()
    assert "secret.colleague@private.example" in page


def test_other_reporter_with_a_shared_byline_sees_the_draft(client, reporter):
    partner = staff_user("Reporter", "paula")
    ArticleFactory(draft=True, headline="Joint draft", authors=[partner.author, reporter.author])
    assert "Joint draft" in client.get(LIST).content.decode()
