"""The content API says what the pages say: every article field, sections, tags and authors."""

import json
from datetime import datetime, timedelta
from urllib.parse import urljoin

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.images import CROPS
from tests.api import SITE_URL, all_results, get_json, local
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def story():
    """A story with everything a page can show: two bylines, tags, picks, a correction."""
    picks = [
        ArticleFactory(headline="Pick one", publish_at=timezone.now() - timedelta(days=3)),
        ArticleFactory(headline="Pick two", publish_at=timezone.now() - timedelta(days=4)),
    ]
    article = ArticleFactory(
        headline="Water returns to Petare",
        dek="After six days without supply.",
        body=(
            '<p>Read <a href="/pages/ethics/">our ethics policy</a> and '
            '<a href="https://example.org/report">the report</a>.</p>'
            # A photo no longer in the library: the page keeps the stored image too.
            '<figure class="photo" data-photo-id="999999"><img src="/media/inline.jpg" alt="Pipes">'
            "<figcaption>Pipes <span>Credit</span></figcaption></figure>"
        ),
        section=SectionFactory(name="Culture", slug="culture"),
        authors=[AuthorFactory(name="Zoe Zamora"), AuthorFactory(name="Ana Pérez")],
        tag_names=["Water", "Petare"],
        cover_photo=PhotoFactory(caption="Tanks on Tuesday.", credit="Wikimedia Commons"),
        related_articles=picks,
        publish_at=timezone.now() - timedelta(days=2),
    )
    CorrectionFactory(article=article, text="The outage lasted six days, not five.")
    return article


def page_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def meta(page, attribute, name):
    return [el.get("content") for el in page.iter("meta") if el.get(attribute) == name]


def absolute(path):
    return urljoin(SITE_URL + "/", path)


def moment(text):
    """A time from ISO 8601, to the second: pages show no fractions of a second."""
    return datetime.fromisoformat(text).replace(microsecond=0)


def srcset_urls(srcset):
    return [(absolute(item.split()[0]), int(item.split()[1][:-1])) for item in srcset.split(", ")]


def test_article_text_and_links_match_its_page(client, story):
    data = get_json(client, f"/api/v1/articles/{story.pk}/")
    page = page_of(client, story)
    (canonical,) = page.xpath('//link[@rel="canonical"]/@href')
    assert data["id"] == story.pk
    assert data["headline"] == page.findtext('.//h1[@class="story__headline"]')
    assert data["dek"] == page.findtext('.//p[@class="story__dek"]')
    assert data["slug"] == story.slug
    assert data["url"] == canonical
    assert data["api_url"] == f"{SITE_URL}/api/v1/articles/{story.pk}/"


def test_article_body_is_the_pages_body_with_absolute_links(client, story):
    data = get_json(client, f"/api/v1/articles/{story.pk}/")
    (page_body,) = page_of(client, story).xpath('//div[@class="story__body"]')
    body = lxml_html.fragment_fromstring(data["body_html"], create_parent="div")
    assert body.text_content() == page_body.text_content()
    page_links = [absolute(href) for href in page_body.xpath(".//@href | .//@src")]
    assert page_links == body.xpath(".//@href | .//@src")
    assert f"{SITE_URL}/pages/ethics/" in page_links
    assert f"{SITE_URL}/media/inline.jpg" in page_links


def test_body_photos_and_embeds_keep_their_stored_form_as_in_feeds(client):
    photo = PhotoFactory()
    article = ArticleFactory(
        body=(
            f'<figure class="photo" data-photo-id="{photo.pk}"><img src="/media/a.jpg" alt="A">'
            "<figcaption>Pipes</figcaption></figure>"
            '<figure class="embed" data-provider="youtube"><a href="https://www.youtube.com/'
            'watch?v=abc">https://www.youtube.com/watch?v=abc</a></figure>'
        )
    )
    body = get_json(client, f"/api/v1/articles/{article.pk}/")["body_html"]
    fragment = lxml_html.fragment_fromstring(body, create_parent="div")
    (image,) = fragment.xpath('//figure[@class="photo"]/img')
    assert image.get("src") == f"{SITE_URL}/media/a.jpg"
    assert fragment.xpath("//figure/a/@href") == ["https://www.youtube.com/watch?v=abc"]
    assert "<script" not in body and "<iframe" not in body


def test_article_times_match_its_page(client, story):
    data = get_json(client, f"/api/v1/articles/{story.pk}/")
    page = page_of(client, story)
    (published,) = meta(page, "property", "article:published_time")
    (modified,) = meta(page, "property", "article:modified_time")
    updated_line = page.xpath('//span[@class="meta__time"][starts-with(., "Updated")]/time')
    assert moment(data["published_at"]) == moment(published)
    assert datetime.fromisoformat(data["published_at"]) == story.publish_at
    assert moment(data["updated_at"]) == moment(modified) == moment(updated_line[0].get("datetime"))


def test_article_never_updated_has_null_updated_at(client):
    article = ArticleFactory(publish_at=timezone.now())
    page = page_of(client, article)
    assert get_json(client, f"/api/v1/articles/{article.pk}/")["updated_at"] is None
    assert not page.xpath('//span[@class="meta__time"][starts-with(., "Updated")]')


def test_article_section_bylines_and_tags_match_its_page(client, story):
    data = get_json(client, f"/api/v1/articles/{story.pk}/")
    page = page_of(client, story)
    assert [data["section"]["name"]] == meta(page, "property", "article:section")
    assert data["section"]["url"] == absolute(page.xpath('//p[@class="kicker"]/a/@href')[0])
    assert data["section"]["api_url"] == f"{SITE_URL}/api/v1/sections/culture/"
    # Byline order is the editor's, not alphabetical.
    assert [a["name"] for a in data["authors"]] == ["Zoe Zamora", "Ana Pérez"]
    assert [a["name"] for a in data["authors"]] == page.xpath('//span[@class="byline"]/a/text()')
    assert [a["url"] for a in data["authors"]] == meta(page, "property", "article:author")
    assert [t["name"] for t in data["tags"]] == meta(page, "property", "article:tag")
    tag_links = page.xpath('//nav[@class="tags"]//a/@href')
    assert [t["url"] for t in data["tags"]] == [absolute(href) for href in tag_links]


def test_article_picks_and_corrections_match_its_page(client, story):
    data = get_json(client, f"/api/v1/articles/{story.pk}/")
    page = page_of(client, story)
    box = page.xpath('//aside[@class="dont-miss"]//li/a')
    assert [pick["headline"] for pick in data["dont_miss"]] == ["Pick one", "Pick two"]
    assert [pick["headline"] for pick in data["dont_miss"]] == [a.text for a in box]
    assert [pick["url"] for pick in data["dont_miss"]] == [absolute(a.get("href")) for a in box]
    (correction,) = data["corrections"]
    (shown,) = page.xpath('//aside[@class="corrections"]/p')
    assert correction["text"] in shown.text_content()
    assert moment(correction["corrected_at"]) == moment(shown.find("time").get("datetime"))


def test_cover_photo_matches_its_page(client, story):
    photo = get_json(client, f"/api/v1/articles/{story.pk}/")["cover_photo"]
    page = page_of(client, story)
    (figure,) = page.xpath('//figure[contains(@class, "photo-lead")]')
    assert [photo["alt"]] == meta(page, "property", "og:image:alt") == figure.xpath(".//img/@alt")
    assert photo["caption"] == figure.findtext('.//span[@class="caption"]')
    assert photo["credit"] in figure.findtext('.//span[@class="credit"]')
    assert photo["licence"] == "CC BY-SA 4.0"
    shown = srcset_urls(figure.xpath(".//img/@srcset")[0])
    shown += srcset_urls(figure.xpath('.//source[@type="image/webp"]/@srcset')[0])
    assert [(r["url"], r["width"]) for r in photo["renditions"]] == shown
    assert meta(page, "property", "og:image") == [photo["crops"]["social"]["url"]]
    (json_ld,) = page.xpath('//script[@type="application/ld+json"]/text()')
    assert json.loads(json_ld)["image"] == [photo["crops"][name]["url"] for name in CROPS][:3]


def test_cover_photo_lists_every_rendition_with_size_and_type(client, story):
    photo = get_json(client, f"/api/v1/articles/{story.pk}/")["cover_photo"]
    recorded = story.cover_photo.renditions
    expected = recorded["widths"]["jpeg"] + recorded["widths"]["webp"]
    assert photo["renditions"] == [
        {
            "url": absolute(record["url"]),
            "width": record["width"],
            "height": record["height"],
            "type": record["mime"],
        }
        for record in expected
    ]
    assert {r["type"] for r in photo["renditions"]} == {"image/jpeg", "image/webp"}
    assert set(photo["crops"]) == set(CROPS)
    for name, record in recorded["crops"].items():
        crop = photo["crops"][name]
        assert (crop["url"], crop["width"], crop["height"], crop["type"]) == (
            absolute(record["url"]),
            record["width"],
            record["height"],
            record["mime"],
        )


def test_photo_without_renditions_offers_its_original(client):
    article = ArticleFactory(cover_photo=PhotoFactory(process=False))
    photo = get_json(client, f"/api/v1/articles/{article.pk}/")["cover_photo"]
    assert photo["renditions"] == [
        {
            "url": absolute(article.cover_photo.image.url),
            "width": None,
            "height": None,
            "type": "image/jpeg",
        }
    ]
    assert photo["crops"] == dict.fromkeys(CROPS)


def test_article_without_section_photo_or_extras(client):
    article = ArticleFactory(section=None)
    data = get_json(client, f"/api/v1/articles/{article.pk}/")
    assert data["section"] is None
    assert data["cover_photo"] is None
    assert data["authors"] == data["tags"] == data["dont_miss"] == data["corrections"] == []


def test_list_items_carry_the_same_fields_as_the_detail(client, story):
    (item,) = [a for a in all_results(client, "/api/v1/articles/") if a["id"] == story.pk]
    assert item == get_json(client, f"/api/v1/articles/{story.pk}/")


def test_fields_parameter_trims_list_and_detail(client, story):
    wanted = {"id", "headline", "url"}
    page = get_json(client, "/api/v1/articles/", fields="id,headline,url")
    assert all(set(item) == wanted for item in page["results"])
    detail = get_json(client, f"/api/v1/articles/{story.pk}/", fields="headline, tags")
    assert set(detail) == {"headline", "tags"}
    assert [t["name"] for t in detail["tags"]] == ["Petare", "Water"]


def test_fields_parameter_trims_sections_tags_and_authors(client, story):
    for path in ("/api/v1/sections/", "/api/v1/tags/", "/api/v1/authors/"):
        page = get_json(client, path, fields="name")
        assert page["results"] and all(item.keys() == {"name"} for item in page["results"])


def test_unknown_article_is_a_json_404(client):
    assert "detail" in get_json(client, "/api/v1/articles/999999/", status=404)


def test_sections_list_in_navigation_order_with_details(client):
    SectionFactory(name="Sports", slug="sports", position=2)
    SectionFactory(name="Politics", slug="politics", position=1, description="Votes and power.")
    sections = get_json(client, "/api/v1/sections/")["results"]
    assert [s["slug"] for s in sections] == ["politics", "sports"]
    detail = get_json(client, "/api/v1/sections/politics/")
    assert detail == sections[0]
    assert detail == {
        "name": "Politics",
        "slug": "politics",
        "description": "Votes and power.",
        "url": f"{SITE_URL}/sections/politics/",
        "api_url": f"{SITE_URL}/api/v1/sections/politics/",
        "articles": f"{SITE_URL}/api/v1/articles/?section=politics",
    }
    get_json(client, "/api/v1/sections/nowhere/", status=404)


def test_tags_list_and_detail(client):
    ArticleFactory(tag_names=["Water", "Árboles"])
    tags = get_json(client, "/api/v1/tags/")["results"]
    assert [t["name"] for t in tags] == ["Water", "Árboles"]
    water = get_json(client, "/api/v1/tags/water/")
    assert water == {
        "name": "Water",
        "slug": "water",
        "url": f"{SITE_URL}/tags/water/",
        "api_url": f"{SITE_URL}/api/v1/tags/water/",
        "articles": f"{SITE_URL}/api/v1/articles/?tag=water",
    }
    assert get_json(client, local(tags[1]["api_url"]))["name"] == "Árboles"


def test_author_detail_is_their_public_profile(client):
    author = AuthorFactory(
        name="Ana Pérez",
        job_title="Journalist",
        location="Caracas, Venezuela",
        bio="Covers water.\n\nBefore that, courts.",
        website="https://ana.example",
        x_handle="@anap",
    )
    data = get_json(client, f"/api/v1/authors/{author.slug}/")
    assert data == {
        "name": "Ana Pérez",
        "slug": "ana-perez",
        "job_title": "Journalist",
        "location": "Caracas, Venezuela",
        "bio": "Covers water.\n\nBefore that, courts.",
        "photo": None,
        "links": [
            {"label": "Website", "url": "https://ana.example"},
            {"label": "X", "url": "https://x.com/anap"},
        ],
        "url": f"{SITE_URL}/authors/ana-perez/",
        "api_url": f"{SITE_URL}/api/v1/authors/ana-perez/",
        "articles": f"{SITE_URL}/api/v1/articles/?author=ana-perez",
    }


def test_inactive_authors_are_not_listed(client):
    AuthorFactory(name="Gone Reporter", is_active=False)
    AuthorFactory(name="Here Reporter")
    assert [a["name"] for a in all_results(client, "/api/v1/authors/")] == ["Here Reporter"]
    get_json(client, "/api/v1/authors/gone-reporter/", status=404)


def test_root_links_every_endpoint(client):
    root = get_json(client, "/api/v1/")
    assert root == {
        "articles": f"{SITE_URL}/api/v1/articles/",
        "sections": f"{SITE_URL}/api/v1/sections/",
        "tags": f"{SITE_URL}/api/v1/tags/",
        "authors": f"{SITE_URL}/api/v1/authors/",
        "schema": f"{SITE_URL}/api/v1/schema/",
        "docs": f"{SITE_URL}/api/docs/",
    }
