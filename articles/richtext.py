"""The one sanitising policy for stored article HTML (DESIGN.md, rule 4).

Besides the nh3 allow-list, `sanitize` cleans what word processors put on the clipboard
(Microsoft Word, LibreOffice, Google Docs): their `<o:p>` and `<xml>` islands, conditional
comments, spans, styles and classes, `<b>`/`<i>` instead of `<strong>`/`<em>`, and the empty
paragraphs they use for spacing.

Beyond plain text markup it allows exactly the body's three rich forms (a library photo figure,
an embed figure, a pull quote; see `articles.embeds`): their classes and data attributes pass
nh3's allow-list only with known values, and `_enforce_forms` then checks each form's shape,
turning anything that only looks like one into plain markup.
"""

import html
import re

import lxml.html
import nh3
from django.utils.html import strip_tags

from .embeds import PROVIDERS, provider_for_url

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "hr",
    "code",
    "pre",
    "sub",
    "sup",
    # Only as the credit inside a photo figure's caption; other spans are unwrapped.
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "figure": {"data-photo-id"},
}
# Attributes allowed only with these values (nh3 drops any other value).
ALLOWED_ATTRIBUTE_VALUES = {
    "figure": {"class": {"photo", "embed"}, "data-provider": set(PROVIDERS)},
    "blockquote": {"class": {"pullquote"}},
    "span": {"class": {"credit"}},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements dropped together with their content: they never hold article text.
DROPPED_WITH_CONTENT = {"script", "style", "xml", "title", "head"}

# Word's list bullets and numbers sit in a downlevel conditional block; the list survives as text.
WORD_LIST_MARKER = re.compile(r"<!\[if !supportLists\]>.*?<!\[endif\]>", re.IGNORECASE | re.DOTALL)
# Word's downlevel conditional comments (`<![if !vml]>`) are not real comments.
CONDITIONAL_COMMENT = re.compile(r"<!\[(?:end)?if[^>]*>", re.IGNORECASE)
# Google Docs wraps a whole paste in a non-bold <b id="docs-internal-guid-…">.
GOOGLE_DOCS_WRAPPER = re.compile(r'<b\b[^>]*id="docs-internal-guid[^"]*"[^>]*>', re.IGNORECASE)
SEMANTIC_TAGS = [
    (re.compile(r"<(/?)b(?=[\s>])[^>]*>", re.IGNORECASE), r"<\1strong>"),
    (re.compile(r"<(/?)i(?=[\s>])[^>]*>", re.IGNORECASE), r"<\1em>"),
    # The headline is the page's only h1.
    (re.compile(r"<(/?)h1(?=[\s>])[^>]*>", re.IGNORECASE), r"<\1h2>"),
]
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>", re.IGNORECASE)
# Block-level tags become spaces in `text_of`, so "<p>end</p><p>start" stays two words.
BLOCK_TAG = re.compile(
    r"</?(?:p|br|h[1-6]|li|ul|ol|blockquote|figure|figcaption|pre|hr|div)\b[^>]*>", re.I
)


def _strip_google_docs_wrapper(html):
    match = GOOGLE_DOCS_WRAPPER.search(html)
    if not match:
        return html
    closing = html.rfind("</b>")
    if closing < match.end():
        return html[: match.start()] + html[match.end() :]
    return html[: match.start()] + html[match.end() : closing] + html[closing + len("</b>") :]


def _keep_attribute(tag, name, value):
    if name == "data-photo-id":
        return value if value.isdigit() and len(value) <= 12 else None
    return value


def _clean(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        attribute_filter=_keep_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _demote(element):
    """Make a would-be rich form plain markup: no class, no data attributes."""
    for name in ("class", "data-photo-id", "data-provider"):
        element.attrib.pop(name, None)


def _is_photo_shape(figure):
    """An image, then at most a caption: nothing else inside a library photo figure."""
    tags = [child.tag for child in figure]
    return (
        bool(figure.get("data-photo-id"))
        and "data-provider" not in figure.attrib
        and tags in (["img"], ["img", "figcaption"])
        and not (figure.text or "").strip()
    )


def _enforce_figure(figure):
    kind = figure.get("class")
    if kind == "photo":
        if not _is_photo_shape(figure):
            _demote(figure)
    elif kind == "embed":
        links = figure.findall(".//a")
        url = links[0].get("href") if len(links) == 1 else None
        provider = provider_for_url(url)
        if provider is None or provider != figure.get("data-provider"):
            _demote(figure)
            return
        # The one stored shape: the URL as the link and its text, nothing else.
        figure.attrib.pop("data-photo-id", None)
        for child in list(figure):
            figure.remove(child)
        figure.text = None
        link = lxml.html.Element("a", href=url)
        link.text = url
        figure.append(link)
    else:
        _demote(figure)


def _is_credit(span):
    caption = span.getparent()
    figure = caption.getparent()
    return (
        span.get("class") == "credit"
        and caption.tag == "figcaption"
        and figure is not None
        and figure.tag == "figure"
        and figure.get("class") == "photo"
    )


def _enforce_forms(markup):
    """Keep the rich forms only in their exact shapes (see `articles.embeds`)."""
    fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    for figure in list(fragment.iter("figure")):
        _enforce_figure(figure)
    for quote in fragment.iter("blockquote"):
        if quote.get("class") and any(child.tag != "p" for child in quote):
            _demote(quote)
    for span in list(fragment.iter("span")):
        if not _is_credit(span):
            span.drop_tag()
    children = "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment)
    return html.escape(fragment.text or "", quote=False) + children


def sanitize(html):
    """Return `html` reduced to the allow-list, with safe link relations and no paste debris."""
    html = WORD_LIST_MARKER.sub("", html or "")
    html = CONDITIONAL_COMMENT.sub("", html)
    html = _strip_google_docs_wrapper(html)
    for pattern, replacement in SEMANTIC_TAGS:
        html = pattern.sub(replacement, html)
    html = _clean(html)
    if "<span" in html or "<figure" in html or 'class="pullquote"' in html:
        # nh3 judges each attribute alone; the forms' shapes need the tree. Cleaning again
        # gives one canonical serialisation, so sanitising is idempotent.
        html = _clean(_enforce_forms(html))
    return EMPTY_PARAGRAPH.sub("", html).strip()


def text_of(markup):
    """The words a reader sees in stored body HTML, without its markup, single-spaced."""
    return " ".join(html.unescape(strip_tags(BLOCK_TAG.sub(" ", markup or ""))).split())
