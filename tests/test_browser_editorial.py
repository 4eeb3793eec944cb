"""An editor writes and publishes an article in the admin, in a real Chromium."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser import sign_in
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, SectionFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_in_autocomplete(page, select_id, text):
    """Pick an option in one of the admin's select2 autocomplete widgets."""
    # Opening the list makes one search request; typing would make another, whose results
    # replace the option the click is aimed at.
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-results__option", has_text=text).first.click()
    expect(page.locator(f"#{select_id} + .select2 .select2-selection")).to_contain_text(text)


def test_editor_writes_illustrates_tags_bylines_and_publishes(live_server, page):
    staff_user("Editor", "eddie")
    AuthorFactory(name="Ana Ruiz")
    PhotoFactory(alt_text="The bridge at dusk", credit="Wikimedia Commons")
    SectionFactory(name="News", slug="news")

    sign_in(page, live_server, "eddie", "pw")
    page.goto(live_server.url + "/admin/articles/article/add/")

    page.fill("#id_headline", "Bridge reopens after a year of repairs")
    page.fill("#id_dek", "Commuters cheered as the first bus crossed.")
    editor = page.locator(".tiptap.ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("The bridge reopened on Tuesday.")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Traffic")
    page.keyboard.press("Control+b")
    page.keyboard.type(" was light.")
    choose_in_autocomplete(page, "id_cover_photo", "The bridge at dusk")
    page.fill("#id_tags", "transport, bridges")
    choose_in_autocomplete(page, "id_bylines-0-author", "Ana Ruiz")
    page.get_by_role("button", name="Publish now").click()

    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert article.is_published
    assert (
        article.body
        == "<p>The bridge reopened on Tuesday.</p><p><strong>Traffic</strong> was light.</p>"
    )
    assert [b.author.name for b in article.bylines.all()] == ["Ana Ruiz"]
    assert sorted(t.name for t in article.tags.all()) == ["bridges", "transport"]
    assert article.cover_photo.alt_text == "The bridge at dusk"

    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="Bridge reopens after a year of repairs")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator(".story__body strong", has_text="Traffic")).to_be_visible()
    assert page.console_errors == []


def test_tags_field_suggests_existing_tags_one_at_a_time(live_server, page):
    staff_user("Editor", "eddie")
    ArticleFactory(tag_names=["bridges", "budget", "city council"])
    sign_in(page, live_server, "eddie", "pw")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator("#id_tags").press_sequentially("transport, cou")
    options = page.locator("#id_tags-suggestions [role=option]")
    expect(options).to_have_text(["city council"])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#id_tags")).to_have_value("transport, city council, ")
    assert page.console_errors == []
