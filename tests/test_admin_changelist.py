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
