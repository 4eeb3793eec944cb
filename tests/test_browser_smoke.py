import pytest

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_shows_a_published_headline_in_chromium(live_server, page):
    ArticleFactory(headline="Bridge reopens after repairs")
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Bridge reopens after repairs").is_visible()
    assert page.console_errors == []
