"""Embeds and library photos in the body: which URLs embed, and what pages and feeds show."""

import feedparser
import pytest
from lxml import html as lxml_html

from articles.embeds import embed_figure, page_html, photo_ids, player_url, provider_for_url
from tests.factories import ArticleFactory, PhotoFactory

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        (YOUTUBE, "youtube"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "youtube"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube"),
        ("https://vimeo.com/76979871", "vimeo"),
        ("https://player.vimeo.com/video/76979871", "vimeo"),
        ("https://x.com/nasa/status/1856000000000000000", "x"),
        ("https://twitter.com/nasa/status/1856000000000000000?s=20", "x"),
        ("https://www.instagram.com/p/C9xYz_AbCdE/", "instagram"),
        ("https://www.instagram.com/reel/C9xYz_AbCdE/", "instagram"),
        ("https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l", "bluesky"),
        ("https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l", "bluesky"),
        ("https://mastodon.social/@Gargron/113000000000000000", "mastodon"),
        ("https://hachyderm.io/@someone@example.social/113000000000000000", "mastodon"),
    ],
)
def test_provider_for_url_recognises_each_provider(url, provider):
    assert provider_for_url(url) == provider


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC123",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user@youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/channels/staffpicks",
        "https://x.com/nasa",
        "https://www.instagram.com/nasa/",
        "https://bsky.app/profile/bsky.app",
        "https://example.org/about",
        "javascript:alert(1)",
        "",
        None,
    ],
)
def test_provider_for_url_refuses_anything_else(url):
    assert provider_for_url(url) is None


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (YOUTUBE, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        (
            "https://x.com/nasa/status/1856000000000000000",
            "https://platform.twitter.com/embed/Tweet.html?id=1856000000000000000&dnt=true",
        ),
        (
            "https://www.instagram.com/p/C9xYz_AbCdE/",
            "https://www.instagram.com/p/C9xYz_AbCdE/embed/",
        ),
        (
            "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l",
            "https://embed.bsky.app/embed/bsky.app/app.bsky.feed.post/3l6oveex3ii2l",
        ),
        (
            "https://mastodon.social/@Gargron/113000000000000000",
            "https://mastodon.social/@Gargron/113000000000000000/embed",
        ),
    ],
)
def test_player_url_is_the_providers_embed_frame(url, player):
    assert player_url(url) == player


def test_embed_figure_is_the_stored_form():
    assert embed_figure(YOUTUBE) == (
        f'<figure class="embed" data-provider="youtube"><a href="{YOUTUBE}">{YOUTUBE}</a></figure>'
    )


def test_embed_figure_refuses_an_unknown_url():
    with pytest.raises(ValueError):
        embed_figure("https://example.org/video")


def test_page_shows_an_embed_as_a_facade_that_loads_nothing_third_party():
    rendered = page_html(embed_figure(YOUTUBE), {})
    tree = lxml_html.fragment_fromstring(rendered)
    assert tree.xpath("//iframe | //script | //img") == []
    facade = tree.xpath("//div[@class='embed__facade']")[0]
    assert (
        facade.get("data-embed-src")
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert tree.xpath("//button")[0].text == "Play the video"
    assert tree.xpath("//figcaption/a/@href") == [YOUTUBE]


def test_page_without_rich_forms_is_the_stored_body():
    body = "<p>Plain <strong>words</strong>.</p>"
    assert page_html(body, {}) == body


@pytest.mark.django_db
def test_page_shows_a_library_photo_as_a_responsive_picture_with_its_caption():
    photo = PhotoFactory()
    body = (
        f'<figure class="photo" data-photo-id="{photo.pk}"><img src="/media/old.jpg" alt="Mayor">'
        '<figcaption>On Tuesday. <span class="credit">AP</span></figcaption></figure>'
    )
    assert photo_ids(body) == [photo.pk]
    rendered = page_html(body, {photo.pk: photo})
    assert '<figure class="photo" data-photo-id' in rendered
    assert '<picture><source type="image/webp"' in rendered
    # (lxml's HTML parser nests what follows <source> inside it, so look for the <img> anywhere.)
    tree = lxml_html.fragment_fromstring(rendered)
    img = tree.xpath("//picture//img")[0]
    assert img.get("alt") == "Mayor"
    assert img.get("src").startswith("/media/renditions/")
    assert img.get("srcset").count("w,") >= 1
    assert tree.xpath("//figcaption/span[@class='credit']/text()") == ["AP"]


def test_page_keeps_the_stored_image_of_a_photo_no_longer_in_the_library():
    body = (
        '<figure class="photo" data-photo-id="999"><img src="/media/old.jpg" alt="Mayor"></figure>'
    )
    assert 'src="/media/old.jpg"' in page_html(body, {})


@pytest.mark.django_db
def test_article_page_has_the_facade_and_the_script_that_loads_it(client):
    article = ArticleFactory(body=f"<p>Watch:</p>{embed_figure(YOUTUBE)}")
    content = client.get(article.get_absolute_url()).content.decode()
    assert 'class="embed__facade"' in content
    assert "/static/articles/embeds.js" in content
    assert "youtube.com/embed" not in content
    assert "<iframe" not in content


@pytest.mark.django_db
def test_article_page_without_embeds_loads_no_embed_script(client):
    article = ArticleFactory()
    assert "embeds.js" not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_article_page_with_body_photos_costs_one_more_query(client, django_assert_max_num_queries):
    photos = [PhotoFactory() for _ in range(3)]
    body = "".join(
        f'<figure class="photo" data-photo-id="{p.pk}"><img src="/x.jpg" alt="a"></figure>'
        for p in photos
    )
    plain = ArticleFactory()
    illustrated = ArticleFactory(body=body)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as plain_queries:
        client.get(plain.get_absolute_url())
    with django_assert_max_num_queries(len(plain_queries) + 1):
        response = client.get(illustrated.get_absolute_url())
    assert response.content.decode().count("<picture>") == 3


@pytest.mark.django_db
def test_feed_carries_an_absolute_image_and_the_embed_link(client):
    photo = PhotoFactory()
    ArticleFactory(
        body=(
            f'<figure class="photo" data-photo-id="{photo.pk}"><img src="/media/p.jpg" alt="A">'
            f"</figure>{embed_figure(YOUTUBE)}"
            '<blockquote class="pullquote"><p>We listened.</p></blockquote>'
        )
    )
    entry = feedparser.parse(client.get("/feed/").content).entries[0]
    content = entry.content[0].value
    assert 'src="http://127.0.0.1:8000/media/p.jpg"' in content
    assert f'href="{YOUTUBE}"' in content
    assert "<iframe" not in content
    assert '<blockquote class="pullquote"><p>We listened.</p></blockquote>' in content
