"""The editors' article list: status labels and a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, staff_user

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/article/"


def make_articles(count):
    author, photo = AuthorFactory(), PhotoFactory()
    for n in range(count):
        ArticleFactory(authors=[author], cover_photo=photo, tag_names=[f"tag{n}"], draft=n % 2)


def queries_for_list(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST_URL).status_code == 200
    return len(captured)


def test_list_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    client.force_login(staff_user("Editor"))
    make_articles(2)
    few = queries_for_list(client)
    make_articles(20)
    with django_assert_max_num_queries(few):
        client.get(LIST_URL)


def test_list_labels_scheduled_articles(client):
    client.force_login(staff_user("Editor"))
    ArticleFactory(scheduled=True, headline="Tomorrow's story")
    page = client.get(LIST_URL).content.decode()
    assert "Scheduled" in page


def test_list_offers_preview_links_for_unpublished_articles_only(client):
    client.force_login(staff_user("Editor"))
    ArticleFactory(draft=True)
    ArticleFactory()
    # The list links to each unpublished story's preview links; it never mints one per view.
    assert client.get(LIST_URL).content.decode().count("/preview-links/") == 1


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", "A draft"), ("review", "In review"), ("scheduled", "Coming"), ("live", "Out now")],
)
def test_list_filters_by_publication_state(client, state, expected):
    client.force_login(staff_user("Editor"))
    ArticleFactory(draft=True, headline="A draft")
    ArticleFactory(in_review=True, headline="In review")
    ArticleFactory(scheduled=True, headline="Coming")
    ArticleFactory(headline="Out now")
    response = client.get(LIST_URL, {"state": state})
    shown = [article.headline for article in response.context["cl"].result_list]
    assert shown == [expected]


def test_drafts_being_worked_on_come_first(client):
    client.force_login(staff_user("Editor"))
    ArticleFactory(headline="Old live story")
    ArticleFactory(draft=True, headline="Fresh draft")
    shown = [a.headline for a in client.get(LIST_URL).context["cl"].result_list]
    assert shown == ["Fresh draft", "Old live story"]


def test_list_never_counts_the_whole_table(client, settings):
    client.force_login(staff_user("Editor"))
    make_articles(3)
    with CaptureQueriesContext(connection) as captured:
        client.get(LIST_URL)
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert counts, "the list counts its rows"
    for sql in counts:
        assert "LIMIT" in sql.upper(), sql


def test_list_says_more_than_the_cap_instead_of_counting(client, monkeypatch):
    from articles import admin as articles_admin

    monkeypatch.setattr(articles_admin, "COUNT_CAP", 3)
    client.force_login(staff_user("Editor"))
    make_articles(5)
    page = client.get(LIST_URL).content.decode()
    assert "More than 3 articles: filter or search to narrow them down." in page


def test_tag_filter_lists_common_recent_tags_and_filters_by_them(client):
    client.force_login(staff_user("Editor"))
    ArticleFactory(headline="Tagged", tag_names=["ferries"])
    ArticleFactory(headline="Untagged", tag_names=["roads"])
    response = client.get(LIST_URL)
    tag_filter = next(
        f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "tag"
    )
    assert [name for _pk, name in tag_filter.lookup_choices] == ["ferries", "roads"]
    ferries = next(pk for pk, name in tag_filter.lookup_choices if name == "ferries")
    shown = client.get(LIST_URL, {"tag": ferries}).context["cl"].result_list
    assert [a.headline for a in shown] == ["Tagged"]


def test_byline_filter_lists_the_newsroom_people(client):
    editor = staff_user("Editor")
    client.force_login(editor)
    AuthorFactory(name="Freelancer without a login")
    ArticleFactory(headline="By the editor", authors=[editor.author])
    response = client.get(LIST_URL)
    byline = next(
        f
        for f in response.context["cl"].filter_specs
        if getattr(f, "parameter_name", "") == "byline"
    )
    assert [name for _pk, name in byline.lookup_choices] == [editor.author.name]
    shown = client.get(LIST_URL, {byline.parameter_name: editor.author.pk}).context["cl"]
    assert [a.headline for a in shown.result_list] == ["By the editor"]


def test_a_malformed_filter_value_is_not_a_server_error(client):
    client.force_login(staff_user("Editor"))
    response = client.get(LIST_URL, {"tag": "x"})
    assert response.status_code in (200, 302)
