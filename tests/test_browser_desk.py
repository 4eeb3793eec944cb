"""A reporter and an editor at the desk, in a real Chromium at 1280 and 768 px wide.

Each step leaves a screenshot in test-artifacts/desk/<width>/ (gitignored) for a person to look
at; the assertions check what the user sees and what was saved.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.embeds import embed_figure
from articles.models import Article, Photo
from tests.browser import sign_in
from tests.conftest import ARTIFACTS
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 768]
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def width(request, page):
    page.set_viewport_size({"width": request.param, "height": 900})
    return request.param


def shot(page, width, name):
    folder = ARTIFACTS / "desk" / f"{width}px"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def editor_body(page):
    return page.locator(".field-body .ProseMirror[contenteditable=true]")


def test_reporter_writes_illustrates_and_submits_a_story(live_server, page, width):
    reporter = staff_user("Reporter", "rita")
    luis, marta = AuthorFactory(name="Luis Rojas"), AuthorFactory(name="Marta Díaz")
    PhotoFactory(alt_text="Ferry at the pier", caption="The morning ferry.", credit="Ana López")
    ArticleFactory(tag_names=["city council", "courts"])
    sign_in(page, live_server, "rita", "pw")

    expect(page.locator("#desk-mine")).to_contain_text("No drafts of yours")
    assert no_sideways_scroll(page)
    shot(page, width, "reporter-1-dashboard")

    page.get_by_role("link", name="Write a new article").click()
    page.fill("#id_headline", "Ferry fares rise for the first time in a decade")
    expect(page.locator("#id_headline_length")).to_contain_text("47 of about 110 characters")
    page.fill("#id_dek", "Commuters will pay a dollar more from March.")
    body = editor_body(page)
    expect(body).to_have_attribute("spellcheck", "true")
    body.click()
    page.keyboard.type("The ferry board voted on Tuesday to raise fares.")
    expect(page.locator(".desk-wordcount")).to_contain_text("9 words")
    expect(page.locator(".desk-wordcount")).to_contain_text("1 minute to read")

    # A pull quote.
    page.keyboard.press("Enter")
    page.keyboard.type("We had no choice.")
    page.locator("button[data-name=pullQuote]").click()
    # An embed, refused for an unknown site and accepted for YouTube.
    page.keyboard.press("End")
    page.locator("button[data-name=bodyEmbed]").click()
    page.fill("dialog input[type=url]", "https://example.org/clip")
    page.click("dialog button[type=submit]")
    expect(page.locator(".desk-dialog__error")).to_contain_text("cannot be embedded")
    page.fill("dialog input[type=url]", YOUTUBE)
    page.click("dialog button[type=submit]")
    expect(page.locator("dialog")).to_have_count(0)
    # A photo from the library, found by its credit.
    page.locator("button[data-name=bodyPhoto]").click()
    page.fill("dialog input[type=search]", "lópez")
    page.locator(".desk-photo-choice").first.click()
    expect(page.locator("dialog input[type=text]").first).to_have_value("Ferry at the pier")
    shot(page, width, "reporter-2-photo-dialog")
    page.click("dialog button[type=submit]")
    expect(body.locator("figure.photo img")).to_be_visible()
    expect(body.locator("figure.embed")).to_contain_text(YOUTUBE)

    # Tags one at a time, by substring.
    page.locator("#id_tags").press_sequentially("transport, cou")
    expect(page.locator("#id_tags-suggestions [role=option]")).to_have_text(
        ["courts", "city council"]
    )
    page.locator("#id_tags-suggestions [role=option]", has_text="city council").click()
    expect(page.locator("#id_tags")).to_have_value("transport, city council, ")

    # Two co-authors; the second is moved above the first from the keyboard.
    rows = page.locator("#bylines-group tbody tr.form-row:not(.empty-form)")
    rows.first.locator(".select2").click()
    page.locator(".select2-results__option", has_text="Luis Rojas").first.click()
    page.get_by_role("button", name=re.compile("Add another Byline", re.I)).click()
    rows.last.locator(".select2").click()
    page.locator(".select2-results__option", has_text="Marta Díaz").first.click()
    rows.last.locator(".desk-drag__handle").focus()
    page.keyboard.press("ArrowUp")
    expect(rows.first).to_contain_text("Marta Díaz")
    assert no_sideways_scroll(page)
    shot(page, width, "reporter-3-editor")

    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "Submitted for review: it is on the editors' desk."
    )
    article = Article.objects.get(headline__startswith="Ferry fares")
    assert article.status == Article.Status.REVIEW
    assert '<blockquote class="pullquote"><p>We had no choice.</p></blockquote>' in article.body
    assert f'<figure class="embed" data-provider="youtube"><a href="{YOUTUBE}"' in article.body
    assert f'data-photo-id="{Photo.objects.get().pk}"' in article.body
    assert sorted(t.name for t in article.tags.all()) == ["city council", "transport"]
    # The order shown, then the reporter's own byline, added on saving.
    assert [b.author for b in article.bylines.all()] == [marta, luis, reporter.author]
    shot(page, width, "reporter-4-submitted")

    page.goto(live_server.url + "/admin/")
    expect(page.locator("#desk-mine")).to_contain_text("Ferry fares rise")
    assert page.console_errors == []


def test_reporter_sets_the_focal_point_while_adding_a_photo(live_server, page, width, tmp_path):
    from PIL import Image

    staff_user("Reporter", "rita")
    picture = tmp_path / "boat.jpg"
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(picture)
    sign_in(page, live_server, "rita", "pw")
    page.goto(live_server.url + "/admin/articles/photo/add/")
    page.set_input_files("#id_image", str(picture))
    preview = page.locator(".focal-point-picker img")
    expect(preview).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
    )
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    page.fill("#id_alt_text", "A boat on the lake")
    shot(page, width, "reporter-5-focal-point")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    photo = Photo.objects.get()
    assert photo.focal_x == pytest.approx(0.25, abs=0.02)
    assert photo.focal_y == pytest.approx(0.75, abs=0.02)

    page.goto(f"{live_server.url}/admin/articles/photo/{photo.pk}/change/")
    marker = page.locator(".focal-point-marker")
    assert float(marker.evaluate("el => el.style.left").rstrip("%")) == pytest.approx(25, abs=2)
    expect(page.get_by_text("Click on the subject")).to_have_count(0)
    shot(page, width, "reporter-6-photo-read-only")
    assert page.console_errors == []


def test_editor_reviews_schedules_corrects_and_restores(live_server, page, width, settings):
    settings.TIME_ZONE = "America/New_York"
    staff_user("Editor", "eddie")
    reporter = staff_user("Reporter", "rita")
    for n in range(30):
        ArticleFactory(headline=f"An earlier story with a fairly long headline, number {n}")
    story = ArticleFactory(
        in_review=True,
        headline="Ferry fares rise for the first time in a decade",
        dek="",
        body="<p>The ferry board voted on Tuesday to raise fares.</p>",
        authors=[reporter.author],
        tag_names=["transport"],
        cover_photo=PhotoFactory(),
    )
    sign_in(page, live_server, "eddie", "pw")

    review = page.locator("#desk-review")
    expect(review).to_contain_text("Ferry fares rise")
    expect(review).to_contain_text("1 copy-desk warning")
    shot(page, width, "editor-1-dashboard")

    page.goto(live_server.url + "/admin/articles/article/")
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Ferry fares rise")
    table = page.locator("#result_list")
    fits = table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    assert fits and no_sideways_scroll(page)
    shot(page, width, "editor-2-article-list")

    page.locator("#result_list").get_by_role("link", name=re.compile("Ferry fares rise")).click()
    view_on_site = page.get_by_role("link", name="View on site")
    # No preview link yet: "View on site" leads to the page that makes one, not to a 404.
    assert view_on_site.get_attribute("href").endswith(f"/{story.pk}/preview-links/")

    # Scheduling with a copy-desk warning: the warning and "Schedule anyway" sit by the buttons.
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.fill("#id_publish_at_0", tomorrow.strftime("%Y-%m-%d"))
    page.fill("#id_publish_at_1", "09:00:00")
    page.get_by_role("button", name="Schedule", exact=True).click()
    panel = page.locator(".desk-panel")
    expect(panel.locator(".desk-copydesk")).to_contain_text("There is no dek")
    expect(page.locator(".errornote")).to_contain_text("Not published yet")
    expect(page.get_by_text("Please correct the error below")).to_have_count(0)
    shot(page, width, "editor-3-copy-desk")
    panel.get_by_role("button", name="Schedule anyway").click()
    when = f"{tomorrow:%a} {tomorrow.day} {tomorrow:%b}, 9:00 a.m. E"
    expect(page.locator(".messagelist .success")).to_contain_text(f"Scheduled for {when}")
    expect(panel).to_contain_text("Times are in the newsroom's time zone: America/New York")
    shot(page, width, "editor-4-scheduled")
    story.refresh_from_db()
    assert story.is_scheduled

    # An edit, then a restore of the text from review: the schedule stands.
    page.fill("#id_headline", "Ferry fares rise by a dollar")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Saved. The story is scheduled")
    page.get_by_role("link", name="Revisions").click()
    rows = page.locator("#revision-list tbody tr")
    expect(rows.first).to_contain_text("Headline")
    expect(rows.first).to_contain_text("Scheduled")
    expect(rows.first.locator("time")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    page.get_by_role("button", name="Compare selected revisions").click()
    expect(page.locator(".desk-diff").first).to_contain_text("Ferry fares rise")
    expect(page.locator(".desk-diff del").first).to_have_text(re.compile("for the first time"))
    expect(page.locator(".desk-diff ins").last).to_have_text("dollar")
    assert no_sideways_scroll(page)
    shot(page, width, "editor-5-revisions")
    rows.last.get_by_role("link", name="Restore…").click()
    expect(page.locator(".desk-keeps")).to_contain_text("The story stays Scheduled")
    shot(page, width, "editor-6-restore-confirmation")
    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".messagelist .success")).to_contain_text("did not change")
    story.refresh_from_db()
    assert story.headline == "Ferry fares rise for the first time in a decade"
    assert story.is_scheduled
    assert page.console_errors == []


def test_editor_adds_a_colleague_with_login_role_and_byline(live_server, page, width):
    staff_user("Editor", "eddie")
    from django.contrib.auth.models import User

    User.objects.create_superuser("chief", "chief@newsroom.example", "pw")
    sign_in(page, live_server, "chief", "pw")
    expect(page.locator("#site-name")).to_have_text(re.compile("The Newsroom"))
    expect(page.locator("#content-related")).to_contain_text("Tags")
    expect(page.locator("#content-related")).not_to_contain_text("Taggit")
    page.goto(live_server.url + "/admin/auth/user/add/")
    page.fill("#id_username", "luis")
    page.fill("#id_password1", "a long pass phrase 42")
    page.fill("#id_password2", "a long pass phrase 42")
    page.fill("#id_first_name", "Luis")
    page.fill("#id_last_name", "Rojas")
    page.fill("#id_email", "luis@newsroom.example")
    page.select_option("#id_role", "Editor")
    page.fill("#id_location", "Maracaibo, Venezuela")
    assert no_sideways_scroll(page)
    shot(page, width, "editor-7-new-colleague")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    luis = User.objects.get(username="luis")
    assert luis.is_staff
    assert luis.author.name == "Luis Rojas"
    assert luis.has_perm("articles.publish_article")
    assert page.console_errors == []


def test_reader_sees_an_embed_that_loads_nothing_until_clicked(live_server, page):
    article = ArticleFactory(body=f"<p>Watch the vote.</p>{embed_figure(YOUTUBE)}")
    third_party = []

    def block_outside(route):
        third_party.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https?://(?!(localhost|127\.0\.0\.1))"), block_outside)
    page.goto(live_server.url + article.get_absolute_url())
    facade = page.locator(".embed__facade")
    expect(facade).to_contain_text("Video from YouTube")
    page.wait_for_load_state("networkidle")
    assert third_party == []
    shot(page, 1280, "reader-1-embed-facade")
    page.get_by_role("button", name="Play the video").click()
    frame = page.locator("iframe.embed__frame")
    expect(frame).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    page.wait_for_timeout(300)
    assert third_party and all("youtube-nocookie.com" in url for url in third_party)
