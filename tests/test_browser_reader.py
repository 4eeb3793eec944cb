"""The reader site in Chromium at 375 and 1,280 px, light and dark, and in print.

Screenshots of every page in each combination are saved to test-artifacts/ as
reader-<page>-<width>-<scheme>.png, for a person to look at.
"""

import re

import pytest

from tests.conftest import ARTIFACTS
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PageFactory,
    PhotoFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"375": PHONE, "1280": DESKTOP}
SCHEMES = ["light", "dark"]


@pytest.fixture
def newsroom():
    section = SectionFactory(name="City", slug="city")
    author = AuthorFactory(name="María González", slug="maria-gonzalez")
    picks = [
        ArticleFactory(
            headline=f"Night market adds {n} new stalls this summer",
            section=section,
            cover_photo=PhotoFactory(),
            tag_names=["food"],
        )
        for n in range(3)
    ]
    article = ArticleFactory(
        headline="Harbor Street bridge reopens after two years of repairs",
        dek="Commuters get back a crossing that carried 30,000 cars a day.",
        body="<p>Traffic crossed the bridge at 6 a.m.</p><p>The repair cost $27 million.</p>",
        section=section,
        authors=[author],
        tag_names=["transport"],
        cover_photo=PhotoFactory(),
        related_articles=picks,
    )
    CorrectionFactory(article=article, text="An earlier version gave the wrong cost.")
    PageFactory(title="About us", slug="about", is_in_footer=True)
    return {"article": article, "author": author}


def pages(newsroom):
    return {
        "home": "/",
        "article": newsroom["article"].get_absolute_url(),
        "section": "/sections/city/",
        "author": newsroom["author"].get_absolute_url(),
        "search": "/search/?q=bridge",
        "corrections": "/corrections/",
    }


@pytest.fixture
def open_page(browser):
    """open_page(url, width, scheme) → a Playwright page; contexts close after the test."""
    contexts = []

    def open_page(url, viewport, scheme="light"):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.goto(url)
        # Every request the page makes is answered before the test (and its database flush)
        # goes on: a late one would hold a table lock on SQLite while the test tears down.
        page.wait_for_load_state("networkidle")
        return page

    yield open_page
    for context in contexts:
        context.close()


def overflow(page, width):
    return page.evaluate("document.documentElement.scrollWidth") - width


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", VIEWPORTS)
def test_every_page_renders_cleanly_with_screenshots(
    live_server, open_page, newsroom, width, scheme
):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in pages(newsroom).items():
        page = open_page(live_server.url + path, VIEWPORTS[width], scheme)
        assert page.console_errors == [], name
        assert overflow(page, int(width)) <= 0, name
        page.screenshot(path=str(ARTIFACTS / f"reader-{name}-{width}-{scheme}.png"), full_page=True)


def luminance(css_colour):
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_dark_scheme_turns_the_page_dark_with_light_text(live_server, open_page, newsroom):
    page = open_page(live_server.url + "/", DESKTOP, "dark")
    body = page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color] }"
    )
    assert luminance(body[0]) < 40
    assert luminance(body[1]) > 200


def test_phone_teaser_thumbnails_fill_their_column(live_server, open_page, newsroom):
    page = open_page(live_server.url + "/", PHONE)
    widths = page.eval_on_selector_all(
        ".teaser__photo img", "imgs => imgs.map(img => img.getBoundingClientRect().width)"
    )
    assert widths and min(widths) >= 100


def test_dont_miss_pictures_fill_their_column_and_are_centred(live_server, open_page, newsroom):
    for viewport in (PHONE, DESKTOP):
        page = open_page(live_server.url + newsroom["article"].get_absolute_url(), viewport)
        boxes = page.eval_on_selector_all(
            ".dont-miss li",
            """items => items.map(li => {
                const img = li.querySelector('img').getBoundingClientRect();
                const box = li.getBoundingClientRect();
                return [box.left, box.width, img.left, img.width];
            })""",
        )
        for left, width, image_left, image_width in boxes:
            assert abs(image_width - width) < 1
            assert abs(image_left - left) < 1


def test_top_byline_shows_the_author_photo(live_server, open_page, newsroom):
    from authors.images import process_author_photo
    from tests.factories import image_file

    author = newsroom["author"]
    author.photo = image_file("face.jpg", size=(300, 300))
    author.save()
    process_author_photo(author)
    page = open_page(live_server.url + newsroom["article"].get_absolute_url(), PHONE)
    photo = page.locator(".story__header .byline-photos img")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert photo.bounding_box()["width"] == 48


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("name", ["home", "article"])
def test_browser_picks_the_rendition_the_layout_needs(
    live_server, open_page, newsroom, width, name
):
    """With `sizes` matching the layout, the browser downloads the narrowest rendition at least
    as wide as the image is shown: never a blurry one, never one a size too large."""
    page = open_page(live_server.url + pages(newsroom)[name], VIEWPORTS[width])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("[...document.images].every(img => img.complete)", timeout=10_000)
    images = page.eval_on_selector_all(
        "picture img",
        """imgs => imgs.map(img => ({
            shown: img.getBoundingClientRect().width * devicePixelRatio,
            srcset: img.parentElement.querySelector('source').getAttribute('srcset'),
            current: img.currentSrc,
        }))""",
    )
    assert images
    for image in images:
        candidates = sorted(
            (int(w), url) for url, w in re.findall(r"(\S+) (\d+)w", image["srcset"])
        )
        wanted = next((c for c in candidates if c[0] >= image["shown"]), candidates[-1])
        assert image["current"].endswith(wanted[1]), (image["shown"], image["current"])


def test_print_shows_the_story_and_its_address_only(live_server, open_page, newsroom):
    page = open_page(live_server.url + newsroom["article"].get_absolute_url(), DESKTOP)
    page.emulate_media(media="print")
    for hidden in [".site-search", ".section-nav", ".site-footer", ".dont-miss", ".tags"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in [".story__headline", ".byline", ".photo-lead", ".corrections", ".story__url"]:
        assert page.locator(shown).first.is_visible(), shown
    assert newsroom["article"].get_absolute_url() in page.locator(".story__url").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "reader-article-print.pdf"), format="A4")
    # A short story prints on one page (it took two pages of navigation and teasers before).
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
