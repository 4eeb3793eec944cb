"""Feed formats: Django's RSS 2.0 and Atom 1.0 writers extended with what newsreaders expect, and
a JSON Feed 1.1 writer.

Besides Django's standard item fields, every generator reads these extra item keys (passed through
`Feed.item_extra_kwargs`):

- ``authors``: a list of ``{"name", "url", "avatar"}`` dicts, one per byline, in byline order;
- ``content_html``: the full body as HTML with absolute URLs, or None for summary-only feeds;
- ``summary_text``: a plain-text summary (the dek);
- ``cover``: None or a dict with ``url``, ``mime_type``, ``width``, ``height``, ``length``
  (bytes, or None when unknown), ``caption`` and ``credit``.

and these extra feed keys (from `Feed.feed_extra_kwargs`): ``logo_url``, ``icon_url``.
"""

import json

from django.utils import feedgenerator

from newsroom.xmlsafe import xml_safe

NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}


class XmlSafeFeedMixin:
    """Cleans every string given to the feed or its items, so no content can break the XML."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_safe(args), **xml_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_safe(args), **xml_safe(kwargs))


def add_media_content(handler, cover):
    """A Media RSS `media:content` for the cover photo, with its caption and credit."""
    attrs = {"url": cover["url"], "medium": "image"}
    if cover["mime_type"]:
        attrs["type"] = cover["mime_type"]
    if cover["width"] and cover["height"]:
        attrs["width"] = str(cover["width"])
        attrs["height"] = str(cover["height"])
    if cover["length"] is not None:
        attrs["fileSize"] = str(cover["length"])
    handler.startElement("media:content", attrs)
    if cover["caption"]:
        handler.addQuickElement("media:description", cover["caption"], {"type": "plain"})
    if cover["credit"]:
        handler.addQuickElement("media:credit", cover["credit"])
    handler.endElement("media:content")


class RssFeed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with one `dc:creator` per byline, `content:encoded`, Media RSS and a channel image;
    every namespace is declared once, on the root element."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs.update({f"xmlns:{prefix}": uri for prefix, uri in NAMESPACES.items()})
        return attrs

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("logo_url"):
            handler.startElement("image", {})
            handler.addQuickElement("url", self.feed["logo_url"])
            # RSS requires the image's title and link to match the channel's.
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        if item["content_html"]:
            handler.addQuickElement("content:encoded", item["content_html"])
        if item["cover"]:
            add_media_content(handler, item["cover"])


class AtomFeed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    """Atom 1.0 with one `author` per byline, `content type="html"`, Media RSS, icon and logo."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": NAMESPACES["media"]}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("icon_url"):
            handler.addQuickElement("icon", self.feed["icon_url"])
        if self.feed.get("logo_url"):
            handler.addQuickElement("logo", self.feed["logo_url"])

    def add_item_elements(self, handler, item):
        # Written in full rather than through super(): Atom needs several authors, `content`,
        # and an `updated` on every entry (RFC 4287 4.1.2), which Django's writer omits.
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", "", {"href": item["link"], "rel": "alternate"})
        handler.addQuickElement("id", item["unique_id"])
        if item["pubdate"] is not None:
            handler.addQuickElement("published", feedgenerator.rfc3339_date(item["pubdate"]))
        updated = item["updateddate"] or item["pubdate"]
        handler.addQuickElement("updated", feedgenerator.rfc3339_date(updated))
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            if author["url"]:
                handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "html"})
        if item["content_html"]:
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        for enclosure in item["enclosures"]:
            handler.addQuickElement(
                "link",
                "",
                {
                    "rel": "enclosure",
                    "href": enclosure.url,
                    "length": enclosure.length,
                    "type": enclosure.mime_type,
                },
            )
        if item["cover"]:
            add_media_content(handler, item["cover"])
        for category in item["categories"]:
            handler.addQuickElement("category", "", {"term": category})


class JsonFeed(XmlSafeFeedMixin, feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

    content_type = "application/feed+json; charset=utf-8"
    version = "https://jsonfeed.org/version/1.1"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.as_dict(), ensure_ascii=False, indent=2))

    def as_dict(self):
        feed = self.feed
        document = {
            "version": self.version,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "icon": feed.get("icon_url"),
            "favicon": feed.get("icon_url"),
            "authors": [{"name": feed["author_name"], "url": feed["author_link"]}],
        }
        # `items` is required even when empty.
        return {**drop_empty(document), "items": [self.item_dict(item) for item in self.items]}

    def item_dict(self, item):
        full_text = item["content_html"]
        return drop_empty(
            {
                "id": item["unique_id"],
                "url": item["link"],
                "title": item["title"],
                # One of content_html and content_text is required; summary-only feeds send the dek.
                "content_html": full_text,
                "content_text": None if full_text else item["summary_text"] or item["title"],
                "summary": item["summary_text"],
                "image": item["cover"]["url"] if item["cover"] else None,
                "date_published": rfc3339(item["pubdate"]),
                "date_modified": rfc3339(item["updateddate"]),
                "authors": [drop_empty(dict(author)) for author in item["authors"]],
                "tags": list(item["categories"]),
            }
        )


def rfc3339(value):
    return feedgenerator.rfc3339_date(value) if value else None


def drop_empty(mapping):
    """JSON Feed leaves optional fields out rather than sending them null or empty."""
    return {key: value for key, value in mapping.items() if value not in (None, "", [])}
