"""Streaming reader for WordPress eXtended RSS (WXR 1.0–1.2), the file Tools → Export writes.

The export comes from another system, so it is parsed as hostile: no DTD is loaded, no entity is
expanded, nothing is fetched from the network, and a file declaring a DOCTYPE (which a WordPress
export never has: that is how XXE and "billion laughs" files start) is refused before parsing.
Items are read one at a time with `iterparse` and dropped once read, so memory stays flat
whatever the size of the file.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree

WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[0-9]+/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
EXCERPT_NS_PREFIX = "http://wordpress.org/export/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# How far into the file the root element must start (WordPress writes ~1.5 KB of comments).
PROLOGUE_LIMIT = 1024 * 1024
DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class NotWXR(Exception):
    """The file is not a WordPress export; the message is one line for the user."""


@dataclass
class Author:
    wp_id: int | None
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category or a tag from the channel header."""

    wp_id: int | None
    taxonomy: str  # "category" or "post_tag"
    slug: str
    name: str
    parent: str = ""  # the parent category's slug
    description: str = ""


@dataclass
class Item:
    wp_id: int | None
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_modified_gmt: str = ""
    post_name: str = ""
    post_parent: int = 0
    menu_order: int = 0
    attachment_url: str = ""
    password: str = ""
    terms: list = field(default_factory=list)  # [(domain, nicename, name)]
    meta: dict = field(default_factory=dict)


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    authors: dict = field(default_factory=dict)  # login → Author
    terms: dict = field(default_factory=dict)  # (taxonomy, slug) → Term


def _check_prologue(path):
    """Refuse files whose prologue is not WordPress's: a DOCTYPE, or no <rss> root near the top."""
    with open(path, "rb") as handle:
        head = handle.read(PROLOGUE_LIMIT)
    root_at = head.find(b"<rss")
    if root_at == -1:
        raise NotWXR(_("it has no <rss> root element"))
    if DOCTYPE.search(head, 0, root_at):
        raise NotWXR(_("it declares a DOCTYPE, which WordPress exports never do"))


def _int(text):
    try:
        return int((text or "").strip())
    except ValueError:
        return None


class WXRReader:
    """Iterate over a WXR file's items; `site` fills in with the channel header as it is read.

    WordPress writes the site, its authors and its terms before the first item, so they are all
    known by the time the first item is yielded.
    """

    def __init__(self, path):
        self.path = path
        self.site = Site()
        self.ns = ""

    def _parser(self):
        return etree.iterparse(
            str(self.path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            recover=False,
        )

    def items(self):
        """Yield every <item> as an `Item`; raises NotWXR for a file that is not an export."""
        _check_prologue(self.path)
        context = self._parser()
        try:
            yield from self._read(context)
        except etree.XMLSyntaxError as error:
            raise NotWXR(_("it is not well-formed XML (%(error)s)") % {"error": error}) from None

    def _read(self, context):
        depth = 0
        checked = False
        for event, element in context:
            if event == "start":
                depth += 1
                if depth == 1:
                    self._check_root(element)
                continue
            depth -= 1
            if not checked and depth == 1 and element.tag == "channel":
                checked = True
            if depth != 2:
                continue
            # A direct child of <channel> is complete.
            tag = element.tag
            if tag == "item":
                if not self.site.wxr_version:
                    raise NotWXR(_("its channel has no wp:wxr_version"))
                yield self._item(element)
            else:
                self._channel_field(element)
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        if not self.site.wxr_version:
            raise NotWXR(_("its channel has no wp:wxr_version"))

    def _check_root(self, element):
        if element.tag != "rss":
            raise NotWXR(_("its root element is <%(tag)s>, not <rss>") % {"tag": element.tag})
        namespaces = [uri for uri in (element.nsmap or {}).values() if WXR_NAMESPACE.match(uri)]
        if not namespaces:
            raise NotWXR(_("it does not use the WordPress export namespace"))
        self.ns = f"{{{namespaces[0]}}}"

    def _text(self, element, tag):
        found = element.find(tag)
        return (found.text or "") if found is not None else ""

    def _channel_field(self, element):
        ns, tag, site = self.ns, element.tag, self.site
        if tag == "title":
            site.title = element.text or ""
        elif tag == "link":
            site.link = (element.text or "").strip()
        elif tag == f"{ns}wxr_version":
            site.wxr_version = (element.text or "").strip()
        elif tag == f"{ns}base_site_url":
            site.base_site_url = (element.text or "").strip()
        elif tag == f"{ns}base_blog_url":
            site.base_blog_url = (element.text or "").strip()
        elif tag == f"{ns}author":
            author = Author(
                wp_id=_int(self._text(element, f"{ns}author_id")),
                login=self._text(element, f"{ns}author_login").strip(),
                email=self._text(element, f"{ns}author_email").strip(),
                display_name=self._text(element, f"{ns}author_display_name").strip(),
                first_name=self._text(element, f"{ns}author_first_name").strip(),
                last_name=self._text(element, f"{ns}author_last_name").strip(),
            )
            if author.login:
                site.authors[author.login] = author
        elif tag == f"{ns}category":
            self._add_term(
                "category",
                element,
                slug=self._text(element, f"{ns}category_nicename"),
                name=self._text(element, f"{ns}cat_name"),
                parent=self._text(element, f"{ns}category_parent"),
                description=self._text(element, f"{ns}category_description"),
            )
        elif tag == f"{ns}tag":
            self._add_term(
                "post_tag",
                element,
                slug=self._text(element, f"{ns}tag_slug"),
                name=self._text(element, f"{ns}tag_name"),
                description=self._text(element, f"{ns}tag_description"),
            )

    def _add_term(self, taxonomy, element, *, slug, name, parent="", description=""):
        slug = slug.strip()
        if slug:
            self.site.terms[(taxonomy, slug)] = Term(
                wp_id=_int(self._text(element, f"{self.ns}term_id")),
                taxonomy=taxonomy,
                slug=slug,
                name=name.strip() or slug,
                parent=parent.strip(),
                description=description.strip(),
            )

    def _item(self, element):
        ns = self.ns
        item = Item(wp_id=None, post_type="", status="")
        for child in element:
            tag, text = child.tag, child.text or ""
            if tag == "title":
                item.title = text.strip()
            elif tag == "link":
                item.link = text.strip()
            elif tag == "guid":
                item.guid = text.strip()
            elif tag == f"{{{DC_NS}}}creator":
                item.creator = text.strip()
            elif tag == f"{{{CONTENT_NS}}}encoded":
                item.content = text
            elif tag.endswith("}encoded") and tag.startswith("{" + EXCERPT_NS_PREFIX):
                item.excerpt = text
            elif tag == f"{ns}post_id":
                item.wp_id = _int(text)
            elif tag == f"{ns}post_type":
                item.post_type = text.strip()
            elif tag == f"{ns}status":
                item.status = text.strip()
            elif tag == f"{ns}post_date":
                item.post_date = text.strip()
            elif tag == f"{ns}post_date_gmt":
                item.post_date_gmt = text.strip()
            elif tag == f"{ns}post_modified_gmt":
                item.post_modified_gmt = text.strip()
            elif tag == f"{ns}post_name":
                item.post_name = text.strip()
            elif tag == f"{ns}post_parent":
                item.post_parent = _int(text) or 0
            elif tag == f"{ns}menu_order":
                item.menu_order = _int(text) or 0
            elif tag == f"{ns}post_password":
                item.password = text
            elif tag == f"{ns}attachment_url":
                item.attachment_url = text.strip()
            elif tag == "category":
                item.terms.append(
                    (child.get("domain", ""), (child.get("nicename") or "").strip(), text.strip())
                )
            elif tag == f"{ns}postmeta":
                key = self._text(child, f"{ns}meta_key")
                if key:
                    item.meta[key] = self._text(child, f"{ns}meta_value")
        return item
