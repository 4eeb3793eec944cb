"""The admin's first page is the editors' desk; the admin speaks the newsroom's language."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db

DESK = "/admin/"


def section(page, key):
    """The HTML of one dashboard list."""
    start = page.index(f'id="desk-{key}"')
    return page[start : page.index("</section>", start)]


def test_reporter_sees_their_drafts_and_not_the_review_queue(client, reporter):
    ArticleFactory(draft=True, headline="My own draft", authors=[reporter.author])
    ArticleFactory(draft=True, headline="A colleague's draft", authors=[AuthorFactory()])
    page = client.get(DESK).content.decode()
    assert "My own draft" in section(page, "mine")
    assert "A colleague's draft" not in section(page, "mine")
    assert 'id="desk-review"' not in page


def test_editor_sees_stories_waiting_for_review_oldest_first(client, editor):
    older = ArticleFactory(in_review=True, headline="Waiting longest")
    ArticleFactory(in_review=True, headline="Just submitted")
    type(older).objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=1))
    review = section(client.get(DESK).content.decode(), "review")
    assert review.index("Waiting longest") < review.index("Just submitted")


def test_scheduled_stories_show_when_they_go_live(client, editor, settings):
    settings.TIME_ZONE = "America/New_York"
    when = timezone.now() + timedelta(days=2)
    ArticleFactory(headline="Ballot guide", publish_at=when)
    scheduled = section(client.get(DESK).content.decode(), "scheduled")
    local = timezone.localtime(when)
    assert "Ballot guide" in scheduled
    assert f"Goes live {local:%a} {local.day} {local:%b}" in scheduled


def test_recently_published_lists_live_stories_newest_first(client, editor):
    ArticleFactory(headline="Story from yesterday", publish_at=timezone.now() - timedelta(days=1))
    ArticleFactory(headline="Story from this morning")
    published = section(client.get(DESK).content.decode(), "published")
    assert published.index("Story from this morning") < published.index("Story from yesterday")


def test_each_story_shows_its_copy_desk_warnings(client, reporter):
    ArticleFactory(draft=True, dek="", tag_names=["x"], authors=[reporter.author])
    mine = section(client.get(DESK).content.decode(), "mine")
    assert "1 copy-desk warning" in mine
    assert "There is no dek" in mine


def test_duplicate_headlines_are_flagged_on_the_desk(client, editor):
    ArticleFactory(headline="Council approves budget", tag_names=["x"])
    ArticleFactory(in_review=True, headline="Council approves budget", tag_names=["x"])
    review = section(client.get(DESK).content.decode(), "review")
    assert "Another article already has this exact headline." in review


def test_desk_costs_the_same_queries_with_many_stories(client, editor):
    photo = PhotoFactory()

    def fill(count):
        for n in range(count):
            author = AuthorFactory()
            ArticleFactory(in_review=True, authors=[author], tag_names=[f"t{n}"], cover_photo=photo)
            ArticleFactory(scheduled=True, authors=[author], tag_names=[f"s{n}"])
            ArticleFactory(authors=[author], tag_names=[f"p{n}"])

    fill(1)
    with CaptureQueriesContext(connection) as few:
        client.get(DESK)
    fill(10)
    with CaptureQueriesContext(connection) as many:
        client.get(DESK)
    assert len(many) == len(few)


def test_admin_header_is_the_site_name(client, editor, settings):
    page = client.get(DESK).content.decode()
    assert f">{settings.SITE_NAME}</a>" in page
    assert "Django administration" not in page


def test_taggit_is_called_tags(client, editor):
    page = client.get(DESK).content.decode()
    assert "Taggit" not in page
    assert ">Tags</a>" in page


def test_reporter_desk_shows_no_colleague_unpublished_story(client, reporter):
    ArticleFactory(scheduled=True, headline="A colleague's scoop", authors=[AuthorFactory()])
    ArticleFactory(scheduled=True, headline="My scheduled story", authors=[reporter.author])
    page = client.get(DESK).content.decode()
    assert "My scheduled story" in section(page, "scheduled")
    assert "scoop" not in page
