"""No Content Security Policy violation in Chromium: the admin article editor and public pages."""

import pytest

from tests.browser import sign_in
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, staff_user
from tests.test_preview import preview_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (injected by the browser, outside the page's policy).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(LISTEN)
    return page


def violations(page):
    reported = page.evaluate("window.__cspViolations")
    console = [text for text in page.console_errors if "Content Security Policy" in text]
    return reported + console


def test_article_editor_runs_without_csp_violations(live_server, watched):
    page = watched
    staff_user("Editor", "eddie")
    article = ArticleFactory(draft=True, cover_photo=PhotoFactory(), tag_names=["budget"])
    sign_in(page, live_server, "eddie", "pw")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".tiptap.ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("A new sentence.")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Bold.")
    page.locator("#id_cover_photo + .select2").click()
    page.keyboard.press("Escape")
    # Let the suggestion request finish before saving: SQLite allows one writer at a time.
    with page.expect_response(lambda response: "tag-suggestions" in response.url):
        page.locator("#id_tags").press_sequentially("bud")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector(".messagelist .success")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator(".tiptap.ProseMirror[contenteditable=true]").click()
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.goto(f"{live_server.url}/admin/")
    assert violations(page) == []


def test_public_pages_run_without_csp_violations(live_server, watched):
    page = watched
    author = AuthorFactory(name="Ana", slug="ana")
    story = ArticleFactory(cover_photo=PhotoFactory(), authors=[author], tag_names=["budget"])
    paths = [
        "/",
        story.get_absolute_url(),
        "/sections/news/",
        "/tags/budget/",
        "/authors/ana/",
        "/search/?q=council",
        preview_path(ArticleFactory(draft=True)),
    ]
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert violations(page) == [], path
