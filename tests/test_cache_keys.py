"""Precise invalidation: responses carry the keys of what they show; a change purges only those."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.utils import timezone

from articles.models import Article
from newsroom.caching import cache_public_response, keys
from newsroom.caching.store import page_store
from tests.admin_forms import article_post_data, change_url
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    PhotoFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def cached(client, url):
    """Whether `url` is still served from the cache."""
    return client.get(url)["X-Page-Cache"] == "hit"


def response_keys(response):
    return set(response["xkey"].split())


@pytest.fixture
def live():
    """A published story with a byline and a tag, and a second, unrelated one."""
    story = ArticleFactory(
        headline="Bridge reopens", authors=[AuthorFactory()], tag_names=["Roads"]
    )
    other = ArticleFactory(
        headline="Museum extends hours", section=SectionFactory(name="Culture", slug="culture")
    )
    return story, other


def test_a_listing_carries_its_own_key_and_the_teaser_key_of_every_story_on_it(client, live):
    story, other = live
    response = client.get("/")
    assert response_keys(response) >= {keys.HOME, keys.teaser(story.pk), keys.teaser(other.pk)}
    assert keys.article(story.pk) not in response_keys(response)
    assert response["Surrogate-Key"] == response["xkey"]


def test_an_article_page_carries_its_key_and_the_teaser_keys_of_its_dont_miss_stories(client):
    pick = ArticleFactory()
    story = ArticleFactory(related_articles=[pick])
    assert response_keys(client.get(story.get_absolute_url())) == {
        keys.article(story.pk),
        keys.teaser(pick.pk),
        keys.SECTIONS,
        keys.ALL,
    }


@pytest.mark.parametrize(
    "url, key, story_key",
    [
        ("/sections/news/", lambda s: keys.section(s.section_id), keys.teaser),
        ("/tags/roads/", lambda s: keys.tag(s.tags.get().pk), keys.teaser),
        ("/2026/", lambda s: keys.archive(s.publish_at.year), keys.teaser),
        ("/feed/", lambda s: keys.FEED, keys.article),
        ("/search/?q=bridge", lambda s: keys.SEARCH, keys.article),
    ],
)
def test_each_listing_carries_its_listing_key(client, live, url, key, story_key):
    """Feeds and search results quote a story's text: they carry its whole key."""
    story, _ = live
    url = url.replace("2026", str(story.publish_at.year))
    assert response_keys(client.get(url)) >= {key(story), story_key(story.pk)}


def test_an_author_page_carries_the_authors_key(client, live):
    author = live[0].bylines.get().author
    assert keys.author(author.pk) in response_keys(client.get(author.get_absolute_url()))


def test_a_draft_save_purges_nothing(client, live, frontend_cache):
    story, other = live
    draft = ArticleFactory(draft=True, section=story.section, tag_names=["Roads"])
    urls = ["/", story.get_absolute_url(), "/sections/news/", "/tags/roads/", "/feed/"]
    warm(client, *urls)
    draft.headline = "Still working on it"
    draft.save()
    draft.tags.add("Bridges")
    assert all(cached(client, url) for url in urls)
    assert frontend_cache.purges == []


def test_a_live_edit_purges_its_page_and_listings_but_not_other_stories(client, live):
    story, other = live
    warm(client, "/", story.get_absolute_url(), other.get_absolute_url(), "/sections/culture/")
    story.headline = "Bridge reopens after two years"
    story.save()
    assert not cached(client, story.get_absolute_url())
    assert "after two years" in client.get("/").content.decode()
    assert cached(client, other.get_absolute_url())
    assert cached(client, "/sections/culture/")


def test_a_publication_purges_the_listings_it_enters_and_no_other_story(client, live):
    story, other = live
    draft = ArticleFactory(draft=True, headline="Ferry returns", tag_names=["Roads"])
    listings = ["/", "/sections/news/", "/tags/roads/", "/feed/", "/feed.json"]
    warm(client, *listings, other.get_absolute_url(), story.get_absolute_url())
    draft.status, draft.publish_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    for url in listings:
        assert "Ferry returns" in client.get(url).content.decode(), url
    assert cached(client, other.get_absolute_url())
    assert cached(client, story.get_absolute_url())


def test_moving_a_live_story_purges_its_old_and_new_sections(client, live):
    story, other = live
    warm(client, "/sections/news/", "/sections/culture/")
    story.section = other.section
    story.save()
    assert "Bridge reopens" not in client.get("/sections/news/").content.decode()
    assert "Bridge reopens" in client.get("/sections/culture/").content.decode()


def test_tagging_a_live_story_purges_the_new_tags_page(client, live):
    story, _ = live
    ArticleFactory(tag_names=["Transport"])
    warm(client, "/tags/transport/")
    story.tags.add("Transport")
    assert "Bridge reopens" in client.get("/tags/transport/").content.decode()


def test_unpublishing_purges_hard_everywhere_the_story_was(client, live, frontend_cache):
    story, _ = live
    author = story.bylines.get().author
    story.status = Article.Status.DRAFT
    story.save()
    mode, purged = frontend_cache.purges[-1]
    assert mode == "hard"
    assert purged >= {
        keys.article(story.pk),
        keys.HOME,
        keys.FEED,
        keys.section(story.section_id),
        keys.tag(story.tags.get().pk),
        keys.author(author.pk),
        keys.archive(timezone.localtime(story.publish_at).year),
    }


def test_deleting_a_live_story_purges_hard(
    client, live, frontend_cache, django_capture_on_commit_callbacks
):
    story, _ = live
    story_key = keys.article(story.pk)
    with django_capture_on_commit_callbacks(execute=True):  # delete() is atomic
        story.delete()
    assert ("hard", True) in [(mode, story_key in purged) for mode, purged in frontend_cache.purges]


def test_publishing_and_editing_purge_softly(client, live, frontend_cache):
    story, _ = live
    story.dek = "New dek"
    story.save()
    ArticleFactory(headline="Fresh story")
    assert [mode for mode, _ in frontend_cache.purges] == ["soft", "soft"]


def test_an_admin_save_purges_once_after_the_commit(
    client, editor, live, frontend_cache, django_capture_on_commit_callbacks
):
    story, _ = live
    warm(client, story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(story), article_post_data(story, dek="Updated after the vote")
        )
    assert response.status_code == 302
    assert len(frontend_cache.purges) == 1
    assert "Updated after the vote" in client.get(story.get_absolute_url()).content.decode()


def test_a_new_correction_purges_the_story_and_the_corrections_listing(live, frontend_cache):
    story, _ = live
    CorrectionFactory(article=story)
    assert {keys.article(story.pk), keys.CORRECTIONS} <= frontend_cache.purges[-1][1]


def test_an_authors_bio_edit_purges_their_stories_and_page(client, live):
    story, other = live
    author = story.bylines.get().author
    warm(client, story.get_absolute_url(), author.get_absolute_url(), other.get_absolute_url())
    author.bio = "Now covers transport."
    author.save()
    assert "Now covers transport." in client.get(story.get_absolute_url()).content.decode()
    assert not cached(client, author.get_absolute_url())
    assert cached(client, other.get_absolute_url())


def test_an_authors_private_email_change_purges_nothing(client, live, frontend_cache):
    author = live[0].bylines.get().author
    author.email = "new-address@newsroom.example"
    author.save()
    assert frontend_cache.purges == []


def test_a_photo_caption_edit_purges_the_stories_showing_it(client):
    photo = PhotoFactory()
    story = ArticleFactory(cover_photo=photo)
    other = ArticleFactory()
    warm(client, story.get_absolute_url(), other.get_absolute_url())
    photo.caption = "The bridge at dawn."
    photo.save()
    assert "The bridge at dawn." in client.get(story.get_absolute_url()).content.decode()
    assert cached(client, other.get_absolute_url())


def test_renaming_a_section_purges_every_page_showing_the_navigation(client, live):
    story, other = live
    warm(client, other.get_absolute_url())
    section = story.section
    section.name = "Local news"
    section.save()
    assert "Local news" in client.get(other.get_absolute_url()).content.decode()


def test_a_tag_rename_purges_the_stories_carrying_it(client, live):
    story, other = live
    warm(client, story.get_absolute_url(), other.get_absolute_url())
    tag = story.tags.get()
    tag.name = "Streets"
    tag.save()
    assert "Streets" in client.get(story.get_absolute_url()).content.decode()
    assert cached(client, other.get_absolute_url())


def test_a_scheduled_story_edit_purges_nothing(client, live, frontend_cache):
    scheduled = ArticleFactory(scheduled=True)
    frontend_cache.purges.clear()
    scheduled.headline = "Embargoed until tomorrow"
    scheduled.save()
    assert frontend_cache.purges == []


def test_a_render_that_read_before_a_purge_is_not_stored():
    """A reader that read the old content while an edit was saved must not store it."""
    store = page_store()
    _, seen, _ = store.lookup("some-page")
    store.purge({keys.article(1)})
    assert not store.store("some-page", b"old content", 60, {keys.article(1)}, seen)
    assert store.lookup("some-page")[0] is None


def test_a_render_after_the_purge_is_stored():
    store = page_store()
    store.purge({keys.article(1)})
    _, seen, _ = store.lookup("some-page")
    assert store.store("some-page", b"new content", 60, {keys.article(1)}, seen)
    assert store.lookup("some-page")[0] == b"new content"


def test_a_page_expires_no_later_than_a_story_scheduled_in_its_listing(client):
    ArticleFactory()
    ArticleFactory(publish_at=timezone.now() + timedelta(seconds=30))
    response = client.get("/sections/news/")
    assert "s-maxage=" in response["Cache-Control"]
    assert int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 30


def test_scheduling_a_story_purges_the_listings_it_will_enter(client, live):
    story, _ = live
    draft = ArticleFactory(draft=True, headline="Budget vote at noon", tag_names=["Roads"])
    warm(client, "/", "/tags/roads/", story.get_absolute_url())
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = timezone.now() + timedelta(seconds=60)
    draft.save()
    for url in ("/", "/tags/roads/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Budget vote at noon" not in response.content.decode()
        assert int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 60
    assert cached(client, story.get_absolute_url())


def test_a_view_naming_no_keys_is_purged_by_any_public_change(
    rf, django_capture_on_commit_callbacks
):
    """Views cached as they are (e.g. the content API) go with every public change."""
    calls = []

    def view(request):
        calls.append(request)
        return HttpResponse("listing")

    with django_capture_on_commit_callbacks(execute=True):
        SectionFactory(name="News", slug="news")  # a new section: a public change of its own
    cached_view = cache_public_response(view, parameters={})
    assert response_keys(cached_view(rf.get("/elsewhere/"))) == {keys.ANY_CHANGE, keys.ALL}
    cached_view(rf.get("/elsewhere/"))
    ArticleFactory(draft=True).save()
    cached_view(rf.get("/elsewhere/"))
    ArticleFactory()
    cached_view(rf.get("/elsewhere/"))
    assert len(calls) == 2


def test_purge_page_cache_retires_every_copy_here_and_in_the_front_ends(
    client, live, frontend_cache
):
    """After a deploy: new templates may change any page, whatever keys it carries."""
    story, _ = live
    urls = ["/", story.get_absolute_url(), "/feed/", "/sitemap.xml", "/api/v1/articles/"]
    warm(client, *urls)
    assert all(keys.ALL in response_keys(client.get(url)) for url in urls)
    call_command("purge_page_cache", stdout=io.StringIO())
    assert not any(cached(client, url) for url in urls)
    assert frontend_cache.purges == [("soft", {keys.ALL})]


def test_a_live_edit_purges_the_searches_for_the_words_it_changed_and_no_other(client, live):
    story, other = live
    ArticleFactory(headline="Harbour ferry returns")
    warm(client, "/search/?q=harbour", "/search/?q=museum", "/search/?q=bridge")
    story.body = "<p>The harbour bridge reopens.</p>"
    story.save()
    assert not cached(client, "/search/?q=harbour")
    assert "Bridge reopens" in client.get("/search/?q=harbour").content.decode()
    assert not cached(client, "/search/?q=bridge")  # it shows the story
    assert cached(client, "/search/?q=museum")


def test_searches_for_other_forms_of_a_changed_word_are_purged(client, live):
    story, _ = live
    ArticleFactory(headline="Harbour ferries return")
    warm(client, "/search/?q=ferry")
    story.body = "<p>The ferries wait.</p>"
    story.save()
    assert "Bridge reopens" in client.get("/search/?q=ferry").content.decode()


def test_a_live_edit_purges_searches_for_a_phrase(client, live):
    story, other = live
    warm(client, '/search/?q="extends hours"')
    story.dek = "Traffic returns"
    story.save()
    assert not cached(client, '/search/?q="extends hours"')


def test_a_live_edit_leaving_the_searched_text_alone_purges_no_search(client, live):
    story, other = live
    warm(client, "/search/?q=museum", '/search/?q="extends hours"')
    story.cover_photo = PhotoFactory()
    story.save()
    assert cached(client, "/search/?q=museum")
    assert cached(client, '/search/?q="extends hours"')


def test_a_live_edit_purges_the_sitemap_page_listing_it_not_the_index(client, live):
    story, _ = live
    warm(client, "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-tags.xml")
    story.headline = "Bridge reopens after two years"
    story.save()
    assert not cached(client, "/sitemap-articles.xml")
    assert cached(client, "/sitemap.xml")
    assert cached(client, "/sitemap-tags.xml")


def test_a_live_edit_purges_the_news_sitemap_only_for_a_recent_story(client):
    recent = ArticleFactory()
    old = ArticleFactory(publish_at=timezone.now() - timedelta(days=30))
    warm(client, "/news-sitemap.xml")
    old.dek = "Updated"
    old.save()
    assert cached(client, "/news-sitemap.xml")
    recent.dek = "Updated"
    recent.save()
    assert not cached(client, "/news-sitemap.xml")


def test_renaming_a_tag_purges_the_sitemaps(client, live):
    story, _ = live
    warm(client, "/sitemap-tags.xml")
    tag = story.tags.get()
    tag.name, tag.slug = "Streets", "streets"
    tag.save()
    assert "/tags/streets/" in client.get("/sitemap-tags.xml").content.decode()


def test_a_body_edit_leaves_the_listings_and_dont_miss_boxes_alone(client, live):
    story, other = live
    showing = ArticleFactory(related_articles=[story])
    urls = ["/", "/tags/roads/", showing.get_absolute_url()]
    warm(client, *urls, story.get_absolute_url(), "/feed/")
    story.body = "<p>Update: the east lane opens on Monday.</p>"
    story.save()
    assert "east lane" in client.get(story.get_absolute_url()).content.decode()
    assert "east lane" in client.get("/feed/").content.decode()
    assert all(cached(client, url) for url in urls)


@pytest.mark.parametrize(
    "change", [{"headline": "Bridge reopens early"}, {"dek": "Two lanes first"}]
)
def test_a_teaser_edit_purges_the_listings_and_dont_miss_boxes_showing_it(client, live, change):
    story, other = live
    showing = ArticleFactory(related_articles=[story])
    urls = ["/", "/tags/roads/", showing.get_absolute_url()]
    warm(client, *urls)
    for field, value in change.items():
        setattr(story, field, value)
    story.save()
    assert not any(cached(client, url) for url in urls)


def test_unpublishing_purges_the_dont_miss_boxes_showing_the_story(client, live):
    story, other = live
    showing = ArticleFactory(related_articles=[story])
    warm(client, showing.get_absolute_url())
    story.status = Article.Status.DRAFT
    story.save()
    assert story.headline not in client.get(showing.get_absolute_url()).content.decode()


def test_a_new_section_joins_the_navigation_of_cached_pages(
    client, live, django_capture_on_commit_callbacks
):
    warm(client, "/")
    with django_capture_on_commit_callbacks(execute=True):  # get_or_create's own transaction
        SectionFactory(name="Weather", slug="weather")
    assert 'href="/sections/weather/"' in client.get("/").content.decode()
