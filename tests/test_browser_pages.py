"""Home and article pages in a real Chromium: no console errors, no sideways scroll on a phone."""

import pytest
from django.conf import settings

from tests.factories import ArticleFactory, AuthorFactory, CorrectionFactory, PhotoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def article():
    author = AuthorFactory(
        name="Ana Pérez",
        bio="Ana is a journalist from Caracas, Venezuela.",
        website="https://ana.example",
    )
    for n in range(3):
        ArticleFactory(
            headline=f"Related story number {n} with a long headline", tag_names=["water"]
        )
    article = ArticleFactory(
        headline="Water returns to Petare after six days without supply in the eastern hills",
        authors=[author, AuthorFactory(name="Luis Rojas")],
        tag_names=["water", "petare"],
        cover_photo=PhotoFactory(),
    )
    CorrectionFactory(article=article)
    return article


def horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_home_page_renders_cleanly(live_server, page, article, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name=article.headline).first.is_visible()
    assert page.console_errors == []
    if viewport:
        assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_article_page_renders_cleanly(live_server, page, article, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", level=1, name=article.headline).is_visible()
    assert page.get_by_role("heading", name="Don't Miss").is_visible()
    assert page.locator("figure img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.console_errors == []
    if viewport:
        assert horizontal_overflow(page) <= 0


def test_skip_link_appears_on_focus_and_moves_to_main(live_server, page, article):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_visible(live_server, page, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_article_page_structure_is_accessible(live_server, page, article):
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == settings.LANGUAGE_CODE
    assert page.locator("h1").count() == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("img:not([alt])").count() == 0
