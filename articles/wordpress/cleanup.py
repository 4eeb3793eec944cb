"""The legacy clean-up: "Don't Miss" link blocks, cover-photo credit lines and closing bios.

Works on the top-level elements of a body parsed by `body.py`; the phrasings come from `rules`.
Each function removes what it recognises from the tree and returns what it found, so a body
with none of these habits comes out exactly as it went in.
"""

import re
import unicodedata

from . import rules

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
BLOCK_TAGS = {"p", "div", "h2", "h3", "h4", "h5", "h6", "strong", "b"}
# What may sit between the links of a picks block besides whitespace: bullets and separators.
SEPARATORS = re.compile(r"^[\s|•·\-–—,;»>›*]*$")


def normalise(text):
    return " ".join((text or "").translate(APOSTROPHES).split()).casefold()


def _label_pattern(labels):
    alternatives = "|".join(
        re.escape(normalise(label)) for label in sorted(labels, key=len, reverse=True)
    )
    return re.compile(rf"^(?:{alternatives})\s*:?\s*", re.IGNORECASE)


PICKS_LABEL = _label_pattern([label for labels in rules.PICKS_LABELS.values() for label in labels])


def _credit_patterns():
    optional = [p for lang in rules.CREDIT_LABELS.values() for p in lang["colon_optional"]]
    required = [p for lang in rules.CREDIT_LABELS.values() for p in lang["colon_required"]]

    def alternatives(labels):
        return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))

    return [
        # "(Cover Photo Wikimedia Commons)", "Cover photo: AP"
        re.compile(rf"^\(?\s*(?:{alternatives(optional)})\s*[:\-–—]?\s*(?P<credit>[^()]+?)\s*\)?$"),
        # "Foto: Juan Gómez / Reuters", "(Photo: AP)"
        re.compile(rf"^\(?\s*(?:{alternatives(required)})\s*:\s*(?P<credit>[^()]+?)\s*\)?$"),
        # "(Photo Wikimedia Commons)": parentheses make the colon unnecessary
        re.compile(rf"^\(\s*(?:{alternatives(required)})\s+(?P<credit>[^()]+?)\s*\)$"),
    ]


CREDIT_PATTERNS = [re.compile(p.pattern, re.IGNORECASE) for p in _credit_patterns()]
# A caption ending in a credit: "Vendors at the market. Photo: Ana Díaz".
TRAILING_CREDIT = re.compile(
    r"^(?P<caption>.*?[.!?])?\s*(?P<line>\(?[^.!?()]*:[^()]*\)?)$", re.DOTALL
)


def match_credit(text):
    """The credit a whole credit line names, or None: "(Cover Photo Wikimedia Commons)" → …"""
    text = " ".join((text or "").split())
    if not text or len(text) > rules.MAX_CREDIT_LENGTH:
        return None
    for pattern in CREDIT_PATTERNS:
        match = pattern.match(text)
        if match:
            return match.group("credit").strip()
    return None


def split_caption_credit(caption):
    """("Vendors at the market.", "Ana Díaz") from "Vendors at the market. Photo: Ana Díaz"."""
    caption = " ".join((caption or "").split())
    match = TRAILING_CREDIT.match(caption)
    if match:
        credit = match_credit(match.group("line"))
        if credit:
            return (match.group("caption") or "").strip(), credit
    return caption, ""


def _text(element):
    return element.text_content() if element is not None else ""


def _only_links(element, label_match_end=0):
    """The <a> elements of `element` if, past the label, it holds nothing but links."""
    links = list(element.iter("a"))
    if not links:
        return None
    rest = normalise(_text(element))[label_match_end:]
    for link in links:
        rest = rest.replace(normalise(_text(link)), " ", 1)
    return links if SEPARATORS.match(rest) else None


def _list_links(element):
    """The links of a <ul>/<ol> whose every item is one link, or None."""
    if element.tag not in ("ul", "ol"):
        return None
    links = []
    for item in element:
        if item.tag != "li":
            return None
        found = _only_links(item)
        if not found:
            return None
        links += found
    return links or None


def take_picks_blocks(root, is_own_link):
    """Remove every "Don't Miss:"-style block of the site's own links; return its <a> elements.

    A block is an element starting with a label followed only by links, or a label on its own
    followed by a list of links or by paragraphs holding only links. Every link must point at the
    old site (`is_own_link(href)`): a box of outside links is the writer's, and stays.
    """
    picks = []
    children = list(root)
    index = 0
    while index < len(children):
        element = children[index]
        index += 1
        if element.tag not in BLOCK_TAGS:
            continue
        text = normalise(_text(element))
        label = PICKS_LABEL.match(text)
        if not label:
            continue
        block, links = [element], _only_links(element, label.end())
        if links is None:
            if text[label.end() :].strip():
                continue
            # A label alone: the links follow.
            while index < len(children):
                following = children[index]
                found = _list_links(following) or (following.tag == "p" and _only_links(following))
                if not found:
                    break
                block.append(following)
                links = (links or []) + found
                index += 1
        if not links or not all(is_own_link(a.get("href", "")) for a in links):
            continue
        picks += links
        for part in block:
            drop(part)
    return picks


def take_credit_line(root):
    """Remove the first paragraph that is only a photo credit; return the credit or ""."""
    for element in list(root):
        if element.tag in ("p", "div") and not list(element.iter("img", "a")):
            credit = match_credit(_text(element))
            if credit:
                drop(element)
                return credit
    return ""


def _starts_with_name_and_verb(text, name):
    name = normalise(name)
    if not name or not text.startswith(name):
        return False
    rest = text[len(name) :].lstrip()
    verbs = [normalise(v) for lang in rules.BIO_VERBS.values() for v in lang]
    return any(
        rest.startswith(verb) and (verb == "," or rest[len(verb) : len(verb) + 1] in " ")
        for verb in verbs
    )


def take_bio_paragraph(root, authors):
    """Remove a closing paragraph that is an author's bio; return (author, text) or (None, "").

    It is the bio when it matches the author's description, or starts with their name followed
    by a bio verb ("… is a journalist", "… es periodista").
    """
    children = [child for child in root if child.tag is not None]
    if not children or children[-1].tag != "p":
        return None, ""
    last = children[-1]
    raw = unicodedata.normalize("NFC", " ".join(_text(last).split()))
    text = normalise(raw)
    if not text or len(raw) > rules.MAX_BIO_LENGTH:
        return None, ""
    for author in authors:
        description = normalise(unicodedata.normalize("NFC", author.bio or ""))
        if (description and text == description) or _starts_with_name_and_verb(text, author.name):
            drop(last)
            return author, raw
    return None, ""


def drop(element):
    """Remove `element` from its parent, keeping the text that followed it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
