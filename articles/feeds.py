"""Feeds of published articles for the whole site, a section, a tag and an author.

RSS 2.0 and Atom 1.0 for each, JSON Feed 1.1 for the site (formats in `feedgenerators.py`). Every
feed lists the `ITEMS` newest published articles, in full text unless `FEEDS_FULL_TEXT` is off, and
answers conditional requests: the ETag and Last-Modified come from one small query over the feed's
window, so a reader polling an unchanged feed gets a 304 without the feed being built.
"""

import hashlib
import html
import re
from datetime import UTC
from urllib.parse import quote, urlsplit

import lxml.html
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Enclosure
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe
from taggit.models import Tag

from authors.models import Author
from newsroom.caching import add_keys
from newsroom.caching import keys as cache_keys
from newsroom.site_url import absolute_url
from newsroom.xmlsafe import xml_safe

from . import richtext
from .feedgenerators import AtomFeed, JsonFeed, RssFeed
from .models import Article, ArticleTag, Section
from .views import public_corrections

ITEMS = 50
# Length of the summary taken from the body when a story has no dek.
SUMMARY_WORDS = 40
FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)
LOGO = "feed-logo.png"


# An href or src whose value does not start with a scheme or "//": a link feed readers cannot
# follow as it is.
RELATIVE_LINK = re.compile(
    r"""\b(?:href|src)\s*=\s*["']?(?!["']|[a-z][a-z0-9+.-]*:|//)""", re.IGNORECASE
)


def absolutize_links(body, base_url):
    """The body HTML with every relative `href` and `src` resolved against `base_url`.

    Bodies whose links are all absolute already are returned as they are, without lxml
    parsing and re-serialising them.
    """
    if not body.strip():
        return ""
    if not RELATIVE_LINK.search(body):
        return body
    # lxml refuses XML-forbidden characters, so they go first.
    fragment = lxml.html.fragment_fromstring(xml_safe(body), create_parent="div")
    fragment.make_links_absolute(base_url, resolve_base_href=False, handle_failures="discard")
    children = "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment)
    return html.escape(fragment.text or "", quote=False) + children


def summary_from_body(body):
    """The first SUMMARY_WORDS words of the body's text, leaving out figures (captions)."""
    return Truncator(richtext.text_of(FIGURE.sub(" ", body))).words(SUMMARY_WORDS, truncate="…")


def article_guid(article):
    """A tag: URI (RFC 4151) from the site's host, the creation date and the primary key.

    It never changes when the headline, slug or publication date changes, so readers do not show
    an edited story twice. Only moving the site to another host would change it.
    """
    host = urlsplit(settings.SITE_URL).hostname
    created = article.created_at.astimezone(UTC).date().isoformat()
    return f"tag:{host},{created}:article:{article.pk}"


class ArticleFeed(Feed):
    """The site's RSS feed; subclasses narrow the scope (`lookup`, `in_scope`) or change format.

    A fresh instance serves each request (see `as_view`) so it can keep the object and the
    freshness figures it computed between Django's hooks.
    """

    feed_type = RssFeed
    item_guid_is_permalink = False

    @classmethod
    def as_view(cls):
        @require_safe
        def view(request, *args, **kwargs):
            return cls().serve(request, *args, **kwargs)

        return view

    def serve(self, request, *args, **kwargs):
        self.request = request
        # Counted from before the feed is read, so it never outlives a story due meanwhile.
        max_age = self.max_age()
        respond = condition(etag_func=self.etag, last_modified_func=self.last_modified)
        response = respond(self.__call__)(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=max_age)
        return response

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Django stamps Last-Modified from the items' dates; `condition` must set the one its
        # 304 decision used instead.
        del response["Last-Modified"]
        # The XML writer leaves thousands of small chunks, which a WSGI server sends one write
        # at a time (25 ms for a 140 kB feed); one joined chunk goes out at once.
        response.content = response.content
        return response

    # Scope ---------------------------------------------------------------------------------

    def lookup(self, **kwargs):
        """The section, tag or author the feed follows; None for the whole site."""
        return None

    def in_scope(self, articles, obj):
        """`articles` narrowed to the feed's section, tag or author, in any state."""
        return articles

    def published_in_scope(self, obj):
        """The published articles of the feed, newest first."""
        return self.in_scope(Article.objects.published(), obj)

    def scope_key(self, obj):
        """The cache key of the listing the feed follows (`newsroom.caching.keys`)."""
        return cache_keys.FEED

    def get_object(self, request, *args, **kwargs):
        if not hasattr(self, "_object"):
            self._object = self.lookup(**kwargs)
        return self._object

    def items(self, obj):
        articles = list(self.published_in_scope(obj).for_listing().with_last_correction()[:ITEMS])
        add_keys(
            self.request, self.scope_key(obj), cache_keys.SECTIONS, *cache_keys.articles(articles)
        )
        return articles

    # Conditional requests and caching ------------------------------------------------------

    def freshness(self, request, *args, **kwargs):
        """(ETag, Last-Modified) from the feed's window of articles, in one query.

        The ETag covers which articles are in the window and when each last changed, so it also
        changes when an article is unpublished; edits to a section, tag, author or photo alone do
        not change it, and reach readers with the next article change or after `max_age`.
        """
        if not hasattr(self, "_freshness"):
            obj = self.get_object(request, *args, **kwargs)
            rows = (
                self.published_in_scope(obj)
                .with_last_correction()
                .values_list("pk", "publish_at", "updated_at", "last_corrected_at")[:ITEMS]
            )
            changes = [(pk, max(filter(None, dates))) for pk, *dates in rows]
            fingerprint = repr(
                [
                    type(self).__name__,
                    settings.SITE_URL,
                    settings.FEEDS_FULL_TEXT,
                    [(pk, changed.timestamp()) for pk, changed in changes],
                ]
            )
            etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
            last_modified = max((changed for _, changed in changes), default=None)
            self._freshness = (etag, last_modified)
        return self._freshness

    def etag(self, request, *args, **kwargs):
        return self.freshness(request, *args, **kwargs)[0]

    def last_modified(self, request, *args, **kwargs):
        return self.freshness(request, *args, **kwargs)[1]

    def max_age(self):
        """FEEDS_MAX_AGE seconds, cut short so no cache outlives the next scheduled article.

        The next one anywhere on the site: one of the feed's own scope would tell readers that
        this author or section has a story coming, and when.
        """
        return Article.objects.seconds_until_next_publication(settings.FEEDS_MAX_AGE)

    # Channel -------------------------------------------------------------------------------

    def title(self, obj):
        return settings.SITE_NAME

    def link(self, obj):
        return absolute_url("/")

    def description(self, obj):
        return settings.SITE_DESCRIPTION

    def subtitle(self, obj):
        return self.description(obj)

    def feed_url(self, obj):
        return absolute_url(self.request.path)

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def author_name(self, obj):
        # Atom requires a feed-level author when an entry may have no byline.
        return settings.SITE_NAME

    def author_link(self, obj):
        return absolute_url("/")

    def feed_extra_kwargs(self, obj):
        logo = absolute_url(static(LOGO))
        return {"logo_url": logo, "icon_url": logo}

    # Items ---------------------------------------------------------------------------------

    def item_title(self, article):
        # Plain text: the generators escape it once, as XML and JSON need.
        return article.headline

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_description(self, article):
        # Without a summary, readers fall back to whatever text they find (often the cover
        # caption); the start of the story is the better summary.
        return html.escape(article.dek or summary_from_body(article.body)) or None

    def item_guid(self, article):
        return article_guid(article)

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.last_update(article.last_corrected_at)

    def item_categories(self, article):
        section = [article.section.name] if article.section else []
        return section + [tag.name for tag in article.tag_list]

    def item_enclosures(self, article):
        cover = self.cover(article)
        if cover is None or cover["length"] is None or not cover["mime_type"]:
            return []
        return [Enclosure(cover["url"], str(cover["length"]), cover["mime_type"])]

    def item_extra_kwargs(self, article):
        full_text = settings.FEEDS_FULL_TEXT and article.body
        return {
            "authors": [
                {
                    "name": author.name,
                    "url": absolute_url(author.get_absolute_url()),
                    "avatar": absolute_url(author.photo.url) if author.photo else None,
                }
                for author in article.byline_authors
            ],
            "content_html": absolutize_links(article.body, self.item_link(article))
            if full_text
            else None,
            "summary_text": article.dek,
            "cover": self.cover(article),
        }

    def cover(self, article):
        """The cover as a feed image: a JPEG rendition up to 1200 px wide, read from the photo's
        rendition record (no storage call); None for a photo whose renditions were never made."""
        photo = article.cover_photo
        enclosure = photo.enclosure if photo else None
        if enclosure is None:
            return None
        url, length, mime_type = enclosure
        width, height = photo.enclosure_size
        return {
            "url": url,
            "mime_type": mime_type,
            "width": width,
            "height": height,
            "length": length,
            "caption": photo.caption,
            "credit": photo.credit,
        }


class AtomSiteFeed(ArticleFeed):
    feed_type = AtomFeed


class JsonSiteFeed(ArticleFeed):
    feed_type = JsonFeed


class SectionFeed(ArticleFeed):
    def lookup(self, slug):
        return get_object_or_404(Section, slug=slug)

    def in_scope(self, articles, section):
        return articles.in_section(section)

    def scope_key(self, section):
        return cache_keys.section(section.pk)

    def title(self, section):
        return f"{section.name} · {settings.SITE_NAME}"

    def link(self, section):
        return absolute_url(section.get_absolute_url())

    def description(self, section):
        return section.description or _("The latest %(section)s stories.") % {
            "section": section.name
        }


class AtomSectionFeed(SectionFeed):
    feed_type = AtomFeed


class TagFeed(ArticleFeed):
    def lookup(self, slug):
        # A tag used only on unpublished articles stays unknown to the public (rule 1).
        published_links = ArticleTag.objects.published().filter(tag=OuterRef("pk"))
        return get_object_or_404(Tag.objects.filter(Exists(published_links)), slug=slug)

    def published_in_scope(self, tag):
        return Article.objects.published().tagged(tag)

    def scope_key(self, tag):
        return cache_keys.tag(tag.pk)

    def title(self, tag):
        return f"{tag.name} · {settings.SITE_NAME}"

    def link(self, tag):
        # The tag page's path is fixed by the URL contract (DESIGN.md).
        return absolute_url(f"/tags/{quote(tag.slug)}/")

    def description(self, tag):
        return _("Stories tagged “%(tag)s”.") % {"tag": tag.name}


class AtomTagFeed(TagFeed):
    feed_type = AtomFeed


class AuthorFeed(ArticleFeed):
    def lookup(self, slug):
        return get_object_or_404(Author, slug=slug, is_active=True)

    def published_in_scope(self, author):
        return Article.objects.published().by_author(author)

    def scope_key(self, author):
        return cache_keys.author(author.pk)

    def title(self, author):
        return f"{author.name} · {settings.SITE_NAME}"

    def link(self, author):
        return absolute_url(author.get_absolute_url())

    def description(self, author):
        return _("Stories by %(name)s.") % {"name": author.name}


class AtomAuthorFeed(AuthorFeed):
    feed_type = AtomFeed


class CorrectionFeed(Feed):
    """RSS 2.0 of the newest corrections to published stories (the /corrections/ page's feed)."""

    feed_type = RssFeed

    @classmethod
    def as_view(cls):
        @require_safe
        def view(request, *args, **kwargs):
            feed = cls()
            feed.request = request
            response = condition(etag_func=feed.etag)(feed)(request, *args, **kwargs)
            max_age = Article.objects.seconds_until_next_publication(settings.FEEDS_MAX_AGE)
            patch_cache_control(response, public=True, max_age=max_age)
            return response

        return view

    def etag(self, request, *args, **kwargs):
        """Which corrections the feed holds and their text, from one query."""
        rows = list(public_corrections().values_list("pk", "corrected_at", "text")[:ITEMS])
        fingerprint = repr(
            [settings.SITE_URL, [(pk, when.timestamp(), text) for pk, when, text in rows]]
        )
        return hashlib.sha256(fingerprint.encode()).hexdigest()[:32]

    def title(self):
        return _("Corrections · %(site)s") % {"site": settings.SITE_NAME}

    def link(self):
        return absolute_url(reverse("articles:corrections"))

    def description(self):
        return _("Every correction to a story of %(site)s, newest first.") % {
            "site": settings.SITE_NAME
        }

    def feed_url(self):
        return absolute_url(self.request.path)

    def items(self):
        return list(public_corrections()[:ITEMS])

    def item_title(self, correction):
        return _("Correction: %(headline)s") % {"headline": correction.article.headline}

    def item_description(self, correction):
        return html.escape(correction.text)

    def item_link(self, correction):
        return absolute_url(correction.article.get_absolute_url()) + "#corrections"

    def item_guid(self, correction):
        host = urlsplit(settings.SITE_URL).hostname
        day = correction.corrected_at.astimezone(UTC).date().isoformat()
        return f"tag:{host},{day}:correction:{correction.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, correction):
        return correction.corrected_at

    def item_extra_kwargs(self, correction):
        # What RssFeed writes beyond Django's elements: a correction has no byline or cover.
        return {"authors": [], "content_html": None, "cover": None}
