"""The article editor: one publish path, confirmations that say when, copy desk beside buttons."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from articles import workflow
from articles.forms import BODY_EXTENSIONS
from articles.models import Article
from tests.admin_forms import article_post_data, change_url
from tests.factories import ArticleFactory, PhotoFactory, staff_user

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/article/"


def clean_draft(**kwargs):
    return ArticleFactory(draft=True, tag_names=["budget"], cover_photo=PhotoFactory(), **kwargs)


def view_on_site_link(page):
    return re.search(r'<a href="([^"]+)" class="viewsitelink"', page)[1]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def published_signals():
    received = []

    def listener(sender, article, user, **kwargs):
        received.append((article.pk, user.get_username()))

    workflow.published.connect(listener)
    yield received
    workflow.published.disconnect(listener)


def test_publishing_from_the_form_goes_through_publish(client, editor, published_signals):
    article = clean_draft()
    client.post(change_url(article), article_post_data(article, action="publish"))
    assert published_signals == [(article.pk, "eddie")]


def test_bulk_publishing_goes_through_publish(client, editor, published_signals):
    article = clean_draft()
    data = {"action": "publish_selected", "_selected_action": [article.pk]}
    client.post(LIST_URL, data)
    article.refresh_from_db()
    assert article.is_published
    assert published_signals == [(article.pk, "eddie")]


def test_bulk_publishing_holds_back_a_duplicate_headline(client, editor):
    ArticleFactory(headline="Council approves budget")
    article = clean_draft(headline="COUNCIL approves budget")
    response = client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [article.pk]}, follow=True
    )
    article.refresh_from_db()
    assert not article.is_published
    assert "Held back by copy-desk warnings" in response.content.decode()


def test_scheduling_confirms_the_time_with_its_zone(client, editor, settings):
    settings.TIME_ZONE = "America/New_York"
    article = clean_draft()
    when = timezone.now().astimezone(ZoneInfo("America/New_York")) + timedelta(days=3)
    when = when.replace(hour=9, minute=0, second=0, microsecond=0)
    response = client.post(change_url(article), article_post_data(article, "schedule", when))
    expected = when.strftime("%a ") + str(when.day) + when.strftime(" %b, 9:00 a.m. %Z")
    assert messages_of(response) == [f"Scheduled for {expected}. It goes live then by itself."]


def test_publishing_confirms_it_is_live_with_its_address(client, editor):
    article = clean_draft()
    response = client.post(change_url(article), article_post_data(article, "publish"))
    article.refresh_from_db()
    (message,) = messages_of(response)
    assert message.startswith("Published: live since ")
    assert article.get_absolute_url() in message


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("save", "Draft saved. It is not on the site."),
        ("submit", "Submitted for review: it is on the editors' desk."),
    ],
)
def test_saving_and_submitting_say_what_happened(client, editor, action, expected):
    article = clean_draft()
    response = client.post(change_url(article), article_post_data(article, action))
    assert messages_of(response) == [expected]


def test_copy_desk_warnings_sit_in_the_panel_with_publish_anyway_beside_the_buttons(client, editor):
    article = ArticleFactory(draft=True, dek="", tag_names=["budget"])
    response = client.post(change_url(article), article_post_data(article, action="publish"))
    page = response.content.decode()
    assert "Please correct the error below" not in page
    assert "Not published yet: the copy desk has a warning." in page
    panel = page[page.index('class="desk-panel"') :]
    assert panel.index("There is no dek") < panel.index('value="publish:anyway"')
    assert panel.index('value="publish"') < panel.index('value="publish:anyway"')


def test_publish_anyway_button_publishes(client, editor):
    article = ArticleFactory(draft=True, dek="", tag_names=["budget"])
    client.post(change_url(article), article_post_data(article, action="publish:anyway"))
    article.refresh_from_db()
    assert article.is_published


def test_schedule_anyway_keeps_the_schedule(client, editor):
    article = ArticleFactory(draft=True, dek="", tag_names=["budget"])
    later = timezone.now() + timedelta(days=1)
    response = client.post(
        change_url(article), article_post_data(article, "schedule", publish_at=later)
    )
    assert 'value="schedule:anyway"' in response.content.decode()
    client.post(change_url(article), article_post_data(article, "schedule:anyway", later))
    article.refresh_from_db()
    assert article.is_scheduled


def test_reporter_cannot_publish_anyway(client, reporter):
    article = ArticleFactory(draft=True, dek="", authors=[reporter.author])
    response = client.post(change_url(article), article_post_data(article, "publish:anyway"))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "Only editors can publish articles" in response.content.decode()


def test_opening_a_story_shows_its_copy_desk_warnings(client, editor):
    article = ArticleFactory(draft=True, dek="", tag_names=["budget"])
    page = client.get(change_url(article)).content.decode()
    assert "Copy desk: 1 warning" in page
    assert "There is no dek" in page


def test_publication_time_names_the_time_zone(client, editor, settings):
    settings.TIME_ZONE = "America/New_York"
    page = client.get(change_url(clean_draft())).content.decode()
    assert "Times are in the newsroom's time zone: America/New York (E" in page


def test_view_on_site_of_an_unpublished_story_is_its_preview(client, editor):
    from articles.preview import create_link

    article = clean_draft()
    create_link(article, editor)
    page = client.get(change_url(article)).content.decode()
    assert "/preview/" in view_on_site_link(page)


def test_view_on_site_without_a_preview_link_leads_to_making_one(client, editor):
    article = clean_draft()
    page = client.get(change_url(article)).content.decode()
    assert view_on_site_link(page) == f"/admin/articles/article/{article.pk}/preview-links/"


def test_view_on_site_of_a_live_story_is_its_page(client, editor):
    article = ArticleFactory(tag_names=["budget"])
    page = client.get(change_url(article)).content.decode()
    assert view_on_site_link(page).endswith(article.get_absolute_url())


def test_headline_is_one_line_whatever_was_pasted(client, editor):
    article = clean_draft()
    client.post(change_url(article), article_post_data(article, headline="Bridge\r\n reopens  "))
    article.refresh_from_db()
    assert article.headline == "Bridge reopens"


def test_body_editor_leaves_the_spellchecker_on():
    assert BODY_EXTENSIONS["NoSpellCheck"] is False


def test_reporter_sees_no_empty_corrections_heading(client, reporter):
    article = ArticleFactory(draft=True, authors=[reporter.author])
    assert "Corrections" not in client.get(change_url(article)).content.decode()


def test_editor_can_add_corrections(client, editor):
    assert "Corrections" in client.get(change_url(clean_draft())).content.decode()


def test_unpublishing_goes_through_unpublish(client):
    received = []

    def listener(sender, article, user, **kwargs):
        received.append(article.pk)

    workflow.unpublished.connect(listener)
    try:
        client.force_login(staff_user("Editor"))
        article = ArticleFactory(tag_names=["budget"])
        client.post(change_url(article), article_post_data(article, action="unpublish"))
    finally:
        workflow.unpublished.disconnect(listener)
    assert received == [article.pk]
