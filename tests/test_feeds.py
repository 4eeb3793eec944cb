"""What the feeds say: every element a newsreader needs, parsed as a reader would parse it."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone
from lxml import etree

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
    image_file,
)

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}
XML_FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/sections/politics/feed/",
    "/sections/politics/feed/atom/",
    "/tags/budget/feed/",
    "/tags/budget/feed/atom/",
    "/authors/ana-lopez/feed/",
    "/authors/ana-lopez/feed/atom/",
]


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.FEEDS_FULL_TEXT = True


@pytest.fixture
def story():
    """A published story with two bylines, tags, a cover photo, a correction and relative URLs."""
    published = timezone.now() - timedelta(days=2)
    article = ArticleFactory(
        headline="Council passes budget after all-night session",
        dek="Residents spoke for nine hours; the vote was 7-2.",
        body=(
            '<p>Read <a href="/2024/01/02/earlier-story/">our earlier story</a>.</p>'
            '<figure><img src="/media/inline/chart.png" alt="Chart"></figure>'
        ),
        section=SectionFactory(name="Politics", slug="politics"),
        authors=[AuthorFactory(name="Ana López", slug="ana-lopez"), AuthorFactory(name="Bo Kim")],
        tag_names=["Budget", "City Hall"],
        cover_photo=PhotoFactory(caption="Council members vote.", credit="Wikimedia Commons"),
        publish_at=published,
    )
    correction = CorrectionFactory(article=article, corrected_at=published + timedelta(hours=5))
    # As if last saved when it was published: only the correction changed it since.
    Article.objects.filter(pk=article.pk).update(updated_at=published)
    article.refresh_from_db()
    article.correction = correction
    return article


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return etree.fromstring(response.content)


def get_json(client, url="/feed.json"):
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def rss_item(client, url="/feed/"):
    return get_xml(client, url).find("channel/item")


def atom_entry(client, url="/feed/atom/"):
    return get_xml(client, url).find("atom:entry", NS)


@pytest.mark.parametrize("url", XML_FEEDS)
def test_every_xml_feed_parses_without_warnings(client, story, url):
    response = client.get(url)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == [story.headline]


@pytest.mark.parametrize("url", XML_FEEDS)
def test_every_xml_feed_is_well_formed_utf8(client, story, url):
    content = client.get(url).content
    assert content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert etree.fromstring(content) is not None


def test_rss_namespaces_are_declared_once_on_the_root(client, story):
    content = client.get("/feed/").content.decode()
    root = etree.fromstring(content.encode())
    assert {prefix: root.nsmap[prefix] for prefix in NS} == NS
    for uri in NS.values():
        assert content.count(f'"{uri}"') == 1


def test_rss_item_carries_title_link_and_a_non_permalink_guid(client, story):
    item = rss_item(client)
    assert item.findtext("title") == story.headline
    assert item.findtext("link") == SITE + story.get_absolute_url()
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text.startswith("tag:127.0.0.1,")
    assert guid.text.endswith(f":article:{story.pk}")


def test_rss_item_has_publication_date(client, story):
    parsed = feedparser.parse(client.get("/feed/").content)
    published = parsed.entries[0].published_parsed
    assert published[:6] == story.publish_at.utctimetuple()[:6]


def test_rss_item_credits_every_byline_in_order(client, story):
    item = rss_item(client)
    assert [c.text for c in item.findall("dc:creator", NS)] == ["Ana López", "Bo Kim"]


def test_rss_item_lists_section_and_tags_as_categories(client, story):
    assert [c.text for c in rss_item(client).findall("category")] == [
        "Politics",
        "Budget",
        "City Hall",
    ]


def test_rss_item_summary_is_the_dek(client, story):
    assert rss_item(client).findtext("description") == story.dek


def test_rss_item_carries_full_body_with_absolute_urls(client, story):
    body = rss_item(client).findtext("content:encoded", namespaces=NS)
    assert f'href="{SITE}/2024/01/02/earlier-story/"' in body
    assert f'src="{SITE}/media/inline/chart.png"' in body
    assert 'href="/' not in body
    assert 'src="/' not in body


def test_rss_item_cover_photo_is_media_content_with_caption_and_credit(client, story):
    media = rss_item(client).find("media:content", NS)
    photo = story.cover_photo
    assert media.get("url") == photo.enclosure[0]
    assert media.get("type") == "image/jpeg"
    assert media.get("medium") == "image"
    assert (media.get("width"), media.get("height")) == ("1200", "675")
    assert media.findtext("media:description", namespaces=NS) == "Council members vote."
    assert media.findtext("media:credit", namespaces=NS) == "Wikimedia Commons"


def test_rss_item_enclosure_has_the_photo_real_length_and_type(client, story):
    enclosure = rss_item(client).find("enclosure")
    url, length, _ = story.cover_photo.enclosure
    stored_name = url.removeprefix(SITE + settings.MEDIA_URL)
    assert enclosure.get("url") == url
    assert enclosure.get("length") == str(default_storage.size(stored_name)) == str(length)
    assert enclosure.get("type") == "image/jpeg"


def test_article_without_cover_photo_has_no_media_or_enclosure(client):
    ArticleFactory(cover_photo=None)
    item = rss_item(client)
    assert item.find("enclosure") is None
    assert item.find("media:content", NS) is None


def test_photo_without_renditions_has_no_media_or_enclosure(client):
    ArticleFactory(cover_photo=PhotoFactory(process=False))
    item = rss_item(client)
    assert item.find("enclosure") is None
    assert item.find("media:content", NS) is None


def test_rss_channel_describes_the_site(client, story, settings):
    channel = get_xml(client, "/feed/").find("channel")
    assert channel.findtext("title") == settings.SITE_NAME
    assert channel.findtext("link") == SITE + "/"
    assert channel.findtext("description") == settings.SITE_DESCRIPTION
    assert channel.findtext("language") == "en-us"
    assert channel.find("atom:link", NS).attrib == {"href": SITE + "/feed/", "rel": "self"}
    parsed = feedparser.parse(client.get("/feed/").content)
    assert parsed.feed.updated_parsed[:6] == story.correction.corrected_at.utctimetuple()[:6]


def test_rss_channel_image_is_a_png_logo_that_is_served(client, story):
    image = get_xml(client, "/feed/").find("channel/image")
    assert image.findtext("url") == SITE + "/static/feed-logo.png"
    assert image.findtext("title") == "The Newsroom"
    assert image.findtext("link") == SITE + "/"


def test_section_channel_names_the_section(client, story):
    channel = get_xml(client, "/sections/politics/feed/").find("channel")
    assert channel.findtext("title") == "Politics · The Newsroom"
    assert channel.findtext("link") == SITE + "/sections/politics/"
    assert channel.find("atom:link", NS).get("href") == SITE + "/sections/politics/feed/"


def test_tag_and_author_channels_link_to_their_pages(client, story):
    tag = get_xml(client, "/tags/budget/feed/").find("channel")
    assert tag.findtext("link") == SITE + "/tags/budget/"
    author = get_xml(client, "/authors/ana-lopez/feed/atom/")
    assert (
        author.find("atom:link[@rel='alternate']", NS).get("href") == SITE + "/authors/ana-lopez/"
    )


def test_atom_entry_has_stable_id_and_dates(client, story):
    entry = atom_entry(client)
    rss_guid = rss_item(client).findtext("guid")
    assert entry.findtext("atom:id", namespaces=NS) == rss_guid
    parsed = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    assert parsed.published_parsed[:6] == story.publish_at.utctimetuple()[:6]
    assert parsed.updated_parsed[:6] == story.correction.corrected_at.utctimetuple()[:6]


def test_atom_entry_has_an_author_per_byline_with_their_page(client, story):
    authors = atom_entry(client).findall("atom:author", NS)
    assert [a.findtext("atom:name", namespaces=NS) for a in authors] == ["Ana López", "Bo Kim"]
    assert authors[0].findtext("atom:uri", namespaces=NS) == SITE + "/authors/ana-lopez/"


def test_atom_entry_has_summary_full_html_content_categories_and_photo(client, story):
    entry = atom_entry(client)
    assert entry.findtext("atom:summary", namespaces=NS) == story.dek
    content = entry.find("atom:content", NS)
    assert content.get("type") == "html"
    assert f'src="{SITE}/media/inline/chart.png"' in content.text
    assert [c.get("term") for c in entry.findall("atom:category", NS)] == [
        "Politics",
        "Budget",
        "City Hall",
    ]
    enclosure = entry.find("atom:link[@rel='enclosure']", NS)
    assert enclosure.get("length") == str(story.cover_photo.enclosure[1])
    assert entry.find("media:content/media:credit", NS).text == "Wikimedia Commons"


def test_atom_feed_has_self_link_icon_and_logo(client, story):
    feed = get_xml(client, "/feed/atom/")
    assert feed.find("atom:link[@rel='self']", NS).get("href") == SITE + "/feed/atom/"
    assert feed.findtext("atom:logo", namespaces=NS) == SITE + "/static/feed-logo.png"
    assert feed.findtext("atom:icon", namespaces=NS) == SITE + "/static/feed-logo.png"


def test_unedited_article_is_updated_when_published(client):
    published = timezone.now() - timedelta(days=1)
    article = ArticleFactory(publish_at=published)
    Article.objects.filter(pk=article.pk).update(updated_at=published + timedelta(seconds=2))
    entry = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    assert entry.updated_parsed == entry.published_parsed
    assert "date_modified" not in get_json(client)["items"][0]


def test_edit_after_publication_sets_updated_date(client):
    published = timezone.now() - timedelta(days=1)
    article = ArticleFactory(publish_at=published)
    edited = published + timedelta(hours=3)
    Article.objects.filter(pk=article.pk).update(updated_at=edited)
    entry = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    assert entry.updated_parsed[:6] == edited.utctimetuple()[:6]
    assert get_json(client)["items"][0]["date_modified"] == edited.isoformat()


def test_json_feed_has_the_required_top_level_fields(client, story):
    feed = get_json(client)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "The Newsroom"
    assert feed["home_page_url"] == SITE + "/"
    assert feed["feed_url"] == SITE + "/feed.json"
    assert feed["icon"] == SITE + "/static/feed-logo.png"
    assert feed["language"] == "en-us"
    assert [item["id"] for item in feed["items"]] == [rss_item(client).findtext("guid")]


def test_json_feed_is_served_as_feed_json(client, story):
    assert client.get("/feed.json")["Content-Type"] == "application/feed+json; charset=utf-8"


def test_json_item_carries_the_whole_story(client, story):
    item = get_json(client)["items"][0]
    assert item["url"] == SITE + story.get_absolute_url()
    assert item["title"] == story.headline
    assert item["summary"] == story.dek
    assert f'href="{SITE}/2024/01/02/earlier-story/"' in item["content_html"]
    assert item["image"] == story.cover_photo.enclosure[0]
    assert item["date_published"] == story.publish_at.isoformat()
    assert item["date_modified"] == story.correction.corrected_at.isoformat()
    assert item["authors"] == [
        {"name": "Ana López", "url": SITE + "/authors/ana-lopez/"},
        {"name": "Bo Kim", "url": SITE + "/authors/bo-kim/"},
    ]
    assert item["tags"] == ["Politics", "Budget", "City Hall"]


def test_empty_json_feed_still_has_items(client):
    assert get_json(client)["items"] == []


def test_summary_only_setting_leaves_out_the_body(client, story, settings):
    settings.FEEDS_FULL_TEXT = False
    item = rss_item(client)
    assert item.find("content:encoded", NS) is None
    assert item.findtext("description") == story.dek
    assert item.find("media:content", NS) is not None
    assert atom_entry(client).find("atom:content", NS) is None
    json_item = get_json(client)["items"][0]
    assert "content_html" not in json_item
    assert json_item["content_text"] == story.dek
    assert json_item["image"] == story.cover_photo.enclosure[0]


def test_control_characters_are_removed_from_every_feed(client):
    photo = PhotoFactory(caption="Caption\x0bwith\x1bcontrols", credit="Credit\x08")
    ArticleFactory(
        headline="Budget\x0c vote\x01 tonight\ufffe",
        dek="Dek\x1f with \x0bcontrols",
        body="<p>Body\x0b with\x1b controls</p>",
        authors=[AuthorFactory(name="Ana\x07 López")],
        tag_names=["Tag\x02"],
        cover_photo=photo,
    )
    for url in ("/feed/", "/feed/atom/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not feedparser.parse(response.content).bozo
        root = etree.fromstring(response.content)
        assert "Budget vote tonight" in etree.tostring(root, encoding="unicode")
    item = get_json(client)["items"][0]
    assert item["title"] == "Budget vote tonight"
    assert item["summary"] == "Dek with controls"
    assert item["authors"][0]["name"] == "Ana López"


def test_markup_in_headline_and_dek_is_escaped_text(client):
    ArticleFactory(headline="Fish & chips <b>tax</b>", dek="Prices < costs & rising")
    for url in ("/feed/", "/feed/atom/"):
        entry = feedparser.parse(client.get(url).content).entries[0]
        assert entry.title == "Fish & chips <b>tax</b>"
    assert get_json(client)["items"][0]["title"] == "Fish & chips <b>tax</b>"
    assert rss_item(client).findtext("description") == "Prices &lt; costs &amp; rising"


def test_id_is_unchanged_after_headline_and_slug_change(client, story):
    before = get_json(client)["items"][0]["id"]
    story.headline = "Council passes amended budget"
    story.slug = "council-passes-amended-budget"
    story.save()
    after = get_json(client)["items"][0]
    assert after["title"] == "Council passes amended budget"
    assert after["id"] == before
    assert rss_item(client).findtext("guid") == before


def test_feed_lists_the_fifty_newest_articles_newest_first(client):
    section = SectionFactory(name="News", slug="news")
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"story-{n}",
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(minutes=n + 1),
        )
        for n in range(55)
    )
    titles = [entry.title for entry in feedparser.parse(client.get("/feed/").content).entries]
    assert titles == [f"Story {n}" for n in range(50)]


def test_feeds_make_no_storage_call_for_photo_sizes(client, story, monkeypatch):
    calls = []
    real_size = FileSystemStorage.size
    monkeypatch.setattr(
        FileSystemStorage, "size", lambda self, name: calls.append(name) or real_size(self, name)
    )
    client.get("/feed/")
    client.get("/feed/atom/")
    assert calls == []


def test_json_author_has_avatar_when_the_author_has_a_photo(client):
    author = AuthorFactory(name="Ana", photo=image_file("ana.jpg", size=(64, 64)))
    ArticleFactory(authors=[author])
    [json_author] = get_json(client)["items"][0]["authors"]
    assert json_author["avatar"] == SITE + author.photo.url
