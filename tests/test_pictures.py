"""The <picture> markup, the Photo URLs other code reads, and no per-image queries on listings."""

import pytest
from django.template import Context, Template
from lxml import html

from tests.factories import ArticleFactory, PhotoFactory, image_file

pytestmark = pytest.mark.django_db


def render_include(photo, **params):
    template = Template('{% include "articles/_picture.html" %}')
    return html.fragment_fromstring(template.render(Context({"photo": photo, **params})))


def widths(srcset):
    return [int(candidate.split()[1].rstrip("w")) for candidate in srcset.split(", ")]


@pytest.fixture
def photo():
    return PhotoFactory(image=image_file(size=(2000, 1333)), caption="Rain on Main Street.")


def test_picture_offers_webp_and_jpeg_srcsets(photo):
    figure = render_include(photo)
    source = figure.find(".//picture/source")
    img = figure.find(".//picture//img")
    assert source.get("type") == "image/webp"
    assert widths(source.get("srcset")) == [480, 800, 1200, 1600]
    assert all(url.endswith(".webp") for url in source.get("srcset").split()[::2])
    assert widths(img.get("srcset")) == [480, 800, 1200, 1600]
    assert img.get("src").endswith("/w800.jpg")


def test_picture_has_sizes_dimensions_and_alt(photo):
    img = render_include(photo, sizes="(min-width: 60rem) 50vw, 100vw").find(".//img")
    assert img.get("sizes") == "(min-width: 60rem) 50vw, 100vw"
    assert (img.get("width"), img.get("height")) == ("800", "533")
    assert img.get("alt") == "Protesters gather outside the city hall at dusk"


def test_picture_is_lazy_except_the_lead_image(photo):
    assert render_include(photo).find(".//img").get("loading") == "lazy"
    lead = render_include(photo, lead=True).find(".//img")
    assert lead.get("loading") is None
    assert lead.get("fetchpriority") == "high"


def test_picture_shows_caption_and_credit_line(photo):
    figcaption = render_include(photo).find("figcaption")
    assert (
        figcaption.text_content() == "Rain on Main Street. Photo: Wikimedia Commons (CC BY-SA 4.0)"
    )


def test_photo_without_renditions_falls_back_to_its_file():
    photo = PhotoFactory(process=False)
    img = render_include(photo).find(".//img")
    assert img.get("src") == photo.image.url
    assert img.get("alt") == photo.alt_text


def test_alt_text_is_escaped():
    photo = PhotoFactory(alt_text='A "quoted" <b>sign</b>')
    markup = Template('{% include "articles/_picture.html" %}').render(Context({"photo": photo}))
    assert 'alt="A &quot;quoted&quot; &lt;b&gt;sign&lt;/b&gt;"' in markup


def test_structured_data_urls_are_the_three_absolute_crops(photo, settings):
    settings.SITE_URL = "https://news.example"
    urls = photo.structured_data_urls
    assert [url.rsplit("/", 1)[1] for url in urls] == ["16x9.jpg", "4x3.jpg", "1x1.jpg"]
    assert all(url.startswith("https://news.example/media/renditions/photos/") for url in urls)


def test_social_card_url_is_absolute(photo, settings):
    settings.SITE_URL = "https://news.example"
    assert photo.social_card_url.startswith("https://news.example/media/")
    assert photo.social_card_url.endswith("/social.jpg")
    assert photo.crop("social")["width"] == 1200


def test_enclosure_is_a_1200_jpeg_with_its_byte_length(photo):
    url, length, mime = photo.enclosure
    assert url.endswith("/w1200.jpg")
    assert mime == "image/jpeg"
    assert length == photo.renditions_of("jpeg")[2]["bytes"] > 0


def test_enclosure_is_none_before_renditions_exist():
    assert PhotoFactory(process=False).enclosure is None


def test_reading_urls_costs_no_query_and_no_storage_call(
    photo, django_assert_num_queries, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.test_pictures.NoStorage"},
    }
    with django_assert_num_queries(0):
        urls = [*photo.structured_data_urls, photo.social_card_url, photo.enclosure[0]]
    assert all(url.startswith("http") for url in urls)


def test_article_page_shows_the_cover_as_lead_picture(client, photo):
    article = ArticleFactory(cover_photo=photo)
    page = html.fromstring(client.get(article.get_absolute_url()).content)
    (img,) = page.xpath("//article/figure[contains(@class, 'photo-lead')]/picture//img")
    assert img.get("alt") == photo.alt_text


def test_home_page_shows_teaser_thumbnails(client, photo):
    ArticleFactory.create_batch(2, cover_photo=photo)  # the newest is the lead, the other a teaser
    page = html.fromstring(client.get("/").content)
    assert page.xpath("//article[contains(@class, 'teaser')]//picture/source[@type='image/webp']")


@pytest.mark.parametrize("count", [2, 12])
def test_home_page_costs_no_query_per_photo(client, django_assert_max_num_queries, count):
    for _ in range(count):
        ArticleFactory(cover_photo=PhotoFactory(image=image_file(size=(500, 300))))
    with django_assert_max_num_queries(8):  # the home page's budget (test_query_counts.py)
        response = client.get("/")
    assert len(html.fromstring(response.content).xpath("//picture")) == count


class NoStorage:
    """A storage backend that fails on any use."""

    def __getattr__(self, name):
        raise AssertionError(f"storage.{name} was called")
