"""The one sanitising policy for stored article HTML (DESIGN.md, rule 4).

Besides the nh3 allow-list, `sanitize` cleans what word processors put on the clipboard
(Microsoft Word, LibreOffice, Google Docs): their `<o:p>` and `<xml>` islands, conditional
comments, spans, styles and classes, `<b>`/`<i>` instead of `<strong>`/`<em>`, and the empty
paragraphs they use for spacing.
"""

import re

import nh3

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
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
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


def _strip_google_docs_wrapper(html):
    match = GOOGLE_DOCS_WRAPPER.search(html)
    if not match:
        return html
    closing = html.rfind("</b>")
    if closing < match.end():
        return html[: match.start()] + html[match.end() :]
    return html[: match.start()] + html[match.end() : closing] + html[closing + len("</b>") :]


def sanitize(html):
    """Return `html` reduced to the allow-list, with safe link relations and no paste debris."""
    html = WORD_LIST_MARKER.sub("", html or "")
    html = CONDITIONAL_COMMENT.sub("", html)
    html = _strip_google_docs_wrapper(html)
    for pattern, replacement in SEMANTIC_TAGS:
        html = pattern.sub(replacement, html)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return EMPTY_PARAGRAPH.sub("", html).strip()
