"""import_wordpress on a real WordPress export: mapping, clean-up, photos, re-runs, dry runs."""

import io
from datetime import UTC, datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from PIL import Image
from taggit.models import Tag

from articles import richtext
from articles.models import Article, Page, Photo, RelatedArticle, Section
from articles.wordpress.autop import wpautop
from articles.wordpress.models import WordPressItem
from articles.wordpress.wxr import WXRReader
from authors.models import Author
from tests.wordpress import EXPORT, edited_export, run_import

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture
def imported(tmp_path):
    output, report = run_import(tmp_path)
    return report


def article(headline):
    return Article.objects.get(headline=headline)


def raw_content(wp_id):
    return next(item.content for item in WXRReader(EXPORT).items() if item.wp_id == wp_id)


# Posts by status


def test_published_post_keeps_its_gmt_date_and_permalink(imported, client):
    council = article("Council approves the water plan")
    assert council.status == Article.Status.PUBLISHED
    assert council.publish_at == datetime(2024, 3, 5, 0, 15, tzinfo=UTC)
    assert council.get_absolute_url() == "/2024/03/04/council-approves-the-water-plan/"
    assert client.get(council.get_absolute_url()).status_code == 200


def test_future_post_is_scheduled_and_not_public(imported, client):
    budget = article("Budget vote next month")
    assert budget.is_scheduled
    assert client.get(budget.get_absolute_url()).status_code == 404


def test_private_post_becomes_a_draft_and_is_reported(imported, client):
    private = article("Internal: source list")
    assert private.status == Article.Status.DRAFT
    assert "private on WordPress: imported as a draft" in imported
    assert b"source list" not in client.get("/search/?q=confidential+sources").content
    assert client.get(private.get_absolute_url()).status_code == 404


def test_draft_and_pending_become_draft_and_in_review(imported):
    assert article("Draft about the port").status == Article.Status.DRAFT
    assert article("Pending: school meals").status == Article.Status.REVIEW


def test_trash_and_menu_items_are_skipped_and_counted(imported):
    assert not Article.objects.filter(headline="Retracted story").exists()
    assert "skipped (trash) 1" in imported
    assert "nav_menu_item 1" in imported


# Authors, sections, tags


def test_authors_get_names_private_email_bios_and_links(imported):
    maria = Author.objects.get(slug="maria")
    assert maria.name == "Maria Pérez"
    assert maria.email == "maria@oldnews.example"
    assert maria.bio.startswith("Maria Pérez is a journalist from Caracas")
    assert maria.website == "https://mariaperez.example"
    assert list(article("Thousands march for water").byline_authors) == [maria]


def test_yoast_primary_category_is_the_section_and_others_become_tags(imported):
    march = article("Thousands march for water")
    assert march.section.slug == "economy"
    assert {tag.name for tag in march.tag_list} == {"Caracas", "Politics", "protests", "water"}


def test_first_category_is_the_section_without_yoast(imported):
    assert article("Bridge reopens after repairs").section == Section.objects.get(slug="politics")


def test_excerpt_becomes_the_dek(imported):
    assert article("Thousands march for water").dek == (
        "Residents of three parishes marched on Tuesday."
    )


# Photos


def test_featured_image_becomes_cover_with_alt_and_caption(imported):
    cover = article("Thousands march for water").cover_photo
    assert cover.alt_text == "Marchers fill Avenida Urdaneta"
    assert cover.caption == "Marchers on Tuesday."
    assert cover.has_renditions


def test_cover_photo_loses_its_gps_position(imported):
    cover = article("Thousands march for water").cover_photo
    with Image.open(cover.image.path) as stored:
        assert not stored.getexif().get_ifd(GPS_IFD)


def test_each_attachment_is_one_photo_however_often_it_is_used(imported):
    # bridge.jpg is a block image and a gallery item; four files exist, one is missing.
    assert Photo.objects.count() == 4
    assert Photo.objects.filter(alt_text="The old bridge").count() == 1


def test_missing_upload_is_reported_and_the_post_still_imports(imported):
    assert "2024/04/missing.jpg is not in the uploads folder" in imported
    assert article("Bridge reopens after repairs").cover_photo is None


def test_without_uploads_folder_posts_import_and_photos_are_reported(tmp_path):
    _, report = run_import(tmp_path, uploads=None)
    assert Photo.objects.count() == 0
    assert "no --uploads folder was given" in report
    assert article("Thousands march for water").cover_photo is None


# Body conversion


def test_classic_post_gets_paragraphs_from_blank_lines(imported):
    body = article("Thousands march for water").body
    assert "<p>CARACAS — Thousands of residents marched on Tuesday" in body
    assert "a teacher.<br>\nShe has not had water" in body


def test_scripts_and_event_handlers_are_stripped(imported):
    body = article("Thousands march for water").body
    assert "<script" not in body
    assert "alert(" not in body
    assert "onclick" not in body


def test_links_to_other_imported_posts_point_at_their_new_urls(imported):
    body = article("Thousands march for water").body
    assert 'href="/2024/03/04/council-approves-the-water-plan/"' in body
    assert "oldnews.example/2024/03/04" not in body


def test_unknown_shortcodes_are_removed_and_reported(imported):
    assert "[contact-form-7" not in article("Thousands march for water").body
    assert "removed the [contact-form-7] shortcode" in imported


def test_block_editor_comments_are_removed(imported):
    body = article("Bridge reopens after repairs").body
    assert "wp:" not in body
    assert "<em>two years</em>" in body


def test_body_images_are_photos_served_from_renditions(imported):
    body = article("Thousands march for water").body
    market = Photo.objects.get(alt_text="Vendors at the market")
    assert market.renditions_of("jpeg")[-1]["url"] in body
    assert "wp-content/uploads" not in body


def test_gallery_gives_its_photos(imported):
    body = article("Bridge reopens after repairs").body
    assert 'alt="The river at dusk"' in body


def test_body_without_legacy_habits_is_only_paragraphed(imported):
    council = article("Council approves the water plan")
    assert council.body == richtext.sanitize(wpautop(raw_content(4)))


# Legacy clean-up


def test_dont_miss_block_becomes_ordered_picks_and_leaves_the_body(imported):
    march = article("Thousands march for water")
    picks = [link.related for link in RelatedArticle.objects.filter(article=march)]
    assert [pick.headline for pick in picks] == [
        "Council approves the water plan",
        "Prices rise again in Caracas",
    ]
    assert "Don't Miss" not in march.body
    assert "Prices rise again" not in march.body


def test_spanish_box_links_to_a_post_later_in_the_export(imported):
    spanish = article("El concejo aprueba el plan de agua")
    picks = [link.related.headline for link in RelatedArticle.objects.filter(article=spanish)]
    assert picks == ["Thousands march for water"]
    assert "Te puede interesar" not in spanish.body


def test_credit_lines_become_the_cover_credit(imported):
    assert article("Thousands march for water").cover_photo.credit == "Wikimedia Commons"
    assert article("El concejo aprueba el plan de agua").cover_photo.credit == (
        "Juan Gómez / Reuters"
    )
    assert "Cover Photo" not in article("Thousands march for water").body
    assert "Foto:" not in article("El concejo aprueba el plan de agua").body


def test_closing_bio_fills_an_empty_bio_and_leaves_the_body(imported):
    carlos = Author.objects.get(slug="carlos")
    assert carlos.bio == "Carlos Ruiz es periodista en Maracaibo y escribe sobre economía."
    assert "periodista" not in article("El concejo aprueba el plan de agua").body


def test_closing_bio_matching_the_description_leaves_the_body(imported):
    assert "is a journalist from Caracas" not in article("Thousands march for water").body


# Re-runs and dry runs


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Photo, Tag, Author, Section, Redirect, RelatedArticle, WordPressItem)
    }


def test_second_run_updates_in_place_and_duplicates_nothing(tmp_path):
    run_import(tmp_path)
    before = counts()
    _, report = run_import(tmp_path)
    assert counts() == before
    assert "posts: skipped (trash) 1, updated 10" in report


def test_newer_export_updates_the_same_article(tmp_path):
    run_import(tmp_path)
    original = article("Council approves the water plan")
    newer = edited_export(
        tmp_path,
        ("Council approves the water plan]]>", "Council approves the revised water plan]]>"),
    )
    run_import(tmp_path, newer)
    updated = Article.objects.get(pk=original.pk)
    assert updated.headline == "Council approves the revised water plan"
    assert updated.slug == original.slug
    assert Article.objects.filter(headline__startswith="Council approves").count() == 1


def test_dry_run_reports_and_writes_nothing(tmp_path, settings):
    output, report = run_import(tmp_path, dry_run=True)
    assert set(counts().values()) == {0}
    assert "Dry run: nothing was written" in report
    assert "posts: created 10" in report
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


# Output


def test_progress_is_plain_lines_without_a_terminal_and_report_is_written(tmp_path):
    output, report = run_import(tmp_path)
    assert "21 of 21 items" in output
    assert "photos: created 4, missing 1" in report
    assert report in output


# Pages and body forms (contract 1)


def test_published_pages_become_static_pages(imported, client):
    about = Page.objects.get(slug="about-us")
    assert about.title == "About us"
    assert about.body == (
        "<p>Old News is an independent newsroom.</p>\n<p>We were founded in 2010.</p>"
    )
    assert client.get("/pages/ethics/").status_code == 200


def test_draft_page_is_left_out_because_pages_are_always_public(imported):
    assert not Page.objects.filter(title="Privacy Policy").exists()
    assert "“Privacy Policy”: static pages are always public: left out" in imported


def test_caption_becomes_a_library_photo_figure_with_credit(imported):
    body = article("Thousands march for water").body
    market = Photo.objects.get(alt_text="Vendors at the market")
    assert f'<figure class="photo" data-photo-id="{market.pk}">' in body
    assert (
        "<figcaption>Vendors at the Quinta Crespo market. "
        '<span class="credit">Ana Díaz</span></figcaption>' in body
    )


def test_bare_video_urls_and_embed_shortcodes_become_embeds(imported):
    body = article("Thousands march for water").body
    assert (
        '<figure class="embed" data-provider="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"'
        in body
    )
    assert (
        '<figure class="embed" data-provider="vimeo"><a href="https://vimeo.com/76979871"' in body
    )


def test_block_embed_and_pull_quote_take_our_forms(imported):
    body = article("Bridge reopens after repairs").body
    assert '<figure class="embed" data-provider="youtube">' in body
    assert '<blockquote class="pullquote"><p>It is finally open.</p></blockquote>' in body


def test_imported_article_page_shows_its_photo_figure(imported, client):
    response = client.get(article("Thousands march for water").get_absolute_url())
    assert response.status_code == 200
    assert b"Vendors at the Quinta Crespo market." in response.content


def test_image_alone_in_a_paragraph_becomes_a_figure_in_its_place(tmp_path):
    export = edited_export(
        tmp_path,
        (
            "It now goes to the mayor.",
            'It now goes to the mayor.\n\n<a href="https://oldnews.example/wp-content/uploads/'
            '2024/04/river.png"><img src="https://oldnews.example/wp-content/uploads/2024/04/'
            'river-300x225.png" alt="" class="alignnone size-medium" /></a>',
        ),
    )
    run_import(tmp_path, export)
    body = article("Council approves the water plan").body
    river = Photo.objects.get(alt_text="The river at dusk")
    assert body.endswith(
        f'<figure class="photo" data-photo-id="{river.pk}"><img src="'
        f'{river.renditions_of("jpeg")[-1]["url"]}" alt="The river at dusk">'
        "<figcaption>The Guaire river.</figcaption></figure>"
    )
    assert "<p><figure" not in body


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_a_bar_on_a_terminal(tmp_path):
    out = Terminal()
    call_command("import_wordpress", str(EXPORT), "--report", str(tmp_path / "r.txt"), stdout=out)
    assert "\r[##############################] 21/21" in out.getvalue()
    assert "21 of 21 items" not in out.getvalue()


def test_image_from_another_site_is_kept_and_reported(tmp_path):
    export = edited_export(
        tmp_path,
        (
            "It now goes to the mayor.",
            "It now goes to the mayor. "
            '<img src="https://cdn.elsewhere.example/chart.png" alt="A chart">',
        ),
    )
    _, report = run_import(tmp_path, export)
    body = article("Council approves the water plan").body
    assert '<img src="https://cdn.elsewhere.example/chart.png" alt="A chart">' in body
    assert "kept an image from another site: https://cdn.elsewhere.example/chart.png" in report
