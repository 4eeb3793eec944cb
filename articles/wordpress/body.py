"""Turn a WordPress post's content into a Newsroom body (contract 1 of COORDINATION.md).

The steps follow WordPress's own display filters: block delimiters go (block posts are stored
with their paragraphs) or, for classic posts, bare video/social URLs on their own line become
embeds and `wpautop` adds the paragraphs; then shortcodes are expanded; then, on the parsed HTML,
images become photo figures from the library, block embeds and pull quotes take our forms, the
legacy clean-up takes out "Don't Miss" boxes, credit lines and closing bios, and links to other
imported posts get their new addresses. `Article.save()` then sanitises the result.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree
from lxml import html as lxml_html

from ..embeds import provider_for_url
from . import cleanup
from .autop import wpautop
from .shortcodes import replace_shortcodes

BLOCK_DELIMITER = re.compile(r"<!--\s*/?wp:[^>]*?-->[ \t]*\n?")
URL_LINE = re.compile(r'^([ \t]*)(https?://[^\s<>"]+)([ \t]*)$', re.MULTILINE)
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
ATTACHMENT_ID = re.compile(r"^attachment_(\d+)$")
P_AROUND_FIGURE = re.compile(r"<p>\s*(<figure\b.*?</figure>)\s*(?:<br\s*/?>)?\s*</p>", re.DOTALL)
SHORTCODES_REMOVED_WITH_CONTENT = {"audio", "video", "playlist"}


@dataclass
class Body:
    html: str
    pick_ids: list = field(default_factory=list)  # WordPress IDs of the "Don't Miss" picks
    unresolved_picks: list = field(default_factory=list)  # their links that found no post
    credit: str = ""
    bio_author: object = None
    bio: str = ""
    notes: list = field(default_factory=list)  # what changed or was dropped, for the report
    has_pending_links: bool = False  # links to posts later in the export


def embed_html(url, provider):
    url = html.escape(url)
    if provider:
        return (
            f'<figure class="embed" data-provider="{provider}"><a href="{url}">{url}</a></figure>'
        )
    return f'<p><a href="{url}">{url}</a></p>'


def _autoembed(text):
    """WordPress's autoembed for classic posts: a known provider's URL alone on its line."""

    def substitute(match):
        provider = provider_for_url(match.group(2))
        if not provider:
            return match.group(0)
        return f"\n{embed_html(match.group(2), provider)}\n"

    return URL_LINE.sub(substitute, text)


class Converter:
    """Converts one post's content; `context` is the importer (see its methods used here)."""

    def __init__(self, context, item, *, authors, has_cover):
        self.context = context
        self.item = item
        self.authors = authors
        self.has_cover = has_cover
        self.body = Body(html="")

    def note(self, message):
        self.body.notes.append(message)

    def convert(self):
        text = self.item.content or ""
        # As WordPress: block posts are stored with their paragraphs; classic ones are not.
        is_block_post = "<!-- wp:" in text
        text = BLOCK_DELIMITER.sub("", text) if is_block_post else wpautop(_autoembed(text))
        text = replace_shortcodes(text, self._shortcode)
        text = P_AROUND_FIGURE.sub(r"\1", text)
        if not text.strip():
            return self.body
        root = lxml_html.fragment_fromstring(text, create_parent="div")
        self._figures(root)
        self._images(root)
        self._cleanup(root)
        self._links(root)
        self.body.html = _serialise(root)
        return self.body

    # Shortcodes

    def _shortcode(self, shortcode):
        name = shortcode.name
        if name in ("caption", "wp_caption"):
            inner = shortcode.content or ""
            caption = shortcode.attributes.get("caption", "")
            match = re.match(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.S)
            image, text = (match.group(1), match.group(2)) if match else (inner, "")
            caption = caption or text.strip()
            attachment = ATTACHMENT_ID.match(shortcode.attributes.get("id", ""))
            data = f' data-attachment-id="{attachment.group(1)}"' if attachment else ""
            return f"<figure{data}>{image}<figcaption>{caption}</figcaption></figure>"
        if name == "embed":
            url = html.unescape((shortcode.content or "").strip())
            return embed_html(url, provider_for_url(url))
        if name == "gallery":
            ids = shortcode.attributes.get("ids") or shortcode.attributes.get("include") or ""
            wanted = [int(i) for i in re.findall(r"\d+", ids)] or self.context.gallery_ids(
                self.item.wp_id
            )
            return "".join(f'<figure data-attachment-id="{i}"></figure>' for i in wanted)
        if name in SHORTCODES_REMOVED_WITH_CONTENT:
            self.note(_("removed the [%(name)s] shortcode") % {"name": name})
            return ""
        self.note(_("removed the [%(name)s] shortcode, kept its text") % {"name": name})
        return shortcode.content or ""

    # Figures, images, embeds, pull quotes

    def _figures(self, root):
        for figure in list(root.iter("figure")):
            classes = figure.get("class", "")
            if "wp-block-embed" in classes:
                url = " ".join(figure.text_content().split())
                replacement = embed_html(url, provider_for_url(url))
                _replace(figure, replacement)
            elif "wp-block-pullquote" in classes:
                paragraphs = [p for p in figure.iter("p")] or [figure]
                inner = "".join(
                    f"<p>{html.escape(p.text_content().strip())}</p>" for p in paragraphs
                )
                _replace(figure, f'<blockquote class="pullquote">{inner}</blockquote>')
            elif figure.get("data-attachment-id") and not list(figure.iter("img")):
                self._photo_figure(figure, int(figure.get("data-attachment-id")), src="")

    def _images(self, root):
        for img in list(root.iter("img")):
            if img.getparent() is None:
                continue
            figure = _ancestor(img, "figure")
            if figure is not None and figure.get("class", "").startswith("photo"):
                continue
            match = WP_IMAGE_CLASS.search(img.get("class", ""))
            attachment_id = int(match.group(1)) if match else None
            if attachment_id is None and figure is not None and figure.get("data-attachment-id"):
                attachment_id = int(figure.get("data-attachment-id"))
            target = figure if figure is not None else img
            link = img.getparent()
            if figure is None and link is not None and link.tag == "a" and len(link) == 1:
                target = link
            target = _alone_in_paragraph(target)
            self._photo_figure(
                target,
                attachment_id,
                src=img.get("src", ""),
                alt=img.get("alt", ""),
                caption=_caption(figure),
            )

    def _photo_figure(self, target, attachment_id, *, src, alt="", caption=""):
        photo, problem = self.context.photo_for_image(src, attachment_id, alt=alt)
        if photo is None:
            if problem:
                self.note(problem)
                cleanup.drop(target)
            else:
                self.note(_("kept an image from another site: %(src)s") % {"src": src})
            return
        caption, credit = cleanup.split_caption_credit(caption or photo.caption)
        _replace(target, photo_figure_html(photo, caption, credit or photo.credit))

    # Clean-up

    def _cleanup(self, root):
        links = cleanup.take_picks_blocks(root, self.context.is_own_url)
        for link in links:
            wp_id = self.context.post_id_for_url(link.get("href", ""))
            if wp_id is None:
                self.body.unresolved_picks.append(link.get("href", ""))
            elif wp_id not in self.body.pick_ids:
                self.body.pick_ids.append(wp_id)
        if links:
            message = ngettext(
                "moved a box of %(count)d link to Don't Miss",
                "moved a box of %(count)d links to Don't Miss",
                len(links),
            )
            self.note(message % {"count": len(links)})
        if self.has_cover:
            self.body.credit = cleanup.take_credit_line(root)
            if self.body.credit:
                self.note(_("moved the credit line to the cover photo"))
        author, bio = cleanup.take_bio_paragraph(root, self.authors)
        if author is not None:
            self.body.bio_author, self.body.bio = author, bio
            self.note(_("removed the closing author bio"))

    # Links

    def _links(self, root):
        self.body.has_pending_links = rewrite_links(root, self.context)


def rewrite_links(root, context):
    """Point links to imported posts at their new URLs; True when some target is not in yet."""
    pending = False
    for link in root.iter("a"):
        href = link.get("href", "")
        if not href or not context.is_own_url(href):
            continue
        new_url, is_pending = context.new_url_for(href)
        if new_url:
            link.set("href", new_url)
        pending = pending or is_pending
    return pending


def rewrite_stored_links(body_html, context):
    """`rewrite_links` on a stored body (for links to posts that came later in the export)."""
    if not body_html.strip():
        return body_html
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    rewrite_links(root, context)
    return _serialise(root)


def photo_figure_html(photo, caption, credit):
    """Contract 1's library-photo figure."""
    jpegs = photo.renditions_of("jpeg")
    fitting = [record for record in jpegs if record["width"] <= 1200] or jpegs[:1]
    src = fitting[-1]["url"] if fitting else (photo.image.url if photo.image else "")
    parts = [
        f'<figure class="photo" data-photo-id="{photo.pk}">'
        f'<img src="{html.escape(src)}" alt="{html.escape(photo.alt_text)}">'
    ]
    if caption or credit:
        parts.append("<figcaption>")
        parts.append(html.escape(caption))
        if credit:
            parts.append(
                f'{" " if caption else ""}<span class="credit">{html.escape(credit)}</span>'
            )
        parts.append("</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def _alone_in_paragraph(element):
    """The <p> around `element` when it holds nothing else (a figure cannot sit in a <p>)."""
    parent = element.getparent()
    if (
        parent is not None
        and parent.tag == "p"
        and len(parent) == 1
        and not (parent.text or "").strip()
        and not (element.tail or "").strip()
    ):
        return parent
    return element


def _caption(figure):
    if figure is None:
        return ""
    caption = figure.find(".//figcaption")
    return " ".join(caption.text_content().split()) if caption is not None else ""


def _ancestor(element, tag):
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag:
            return parent
        parent = parent.getparent()
    return None


def _replace(element, markup):
    """Put the elements of `markup` where `element` was (keeping the text after it)."""
    parent = element.getparent()
    if parent is None:
        return
    new = lxml_html.fragment_fromstring(markup, create_parent="div")
    position = parent.index(element)
    tail = element.tail
    parent.remove(element)
    items = list(new)
    for offset, child in enumerate(items):
        parent.insert(position + offset, child)
    if items:
        items[-1].tail = (items[-1].tail or "") + (tail or "")
    elif tail:
        _append_text(parent, position, tail)


def _append_text(parent, position, text):
    if position > 0:
        previous = parent[position - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _serialise(root):
    parts = [html.escape(root.text)] if root.text else []
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in root]
    return "".join(parts)
