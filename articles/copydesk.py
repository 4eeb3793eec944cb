"""Copy-desk checks run before publication.

Each check is a small function that returns a warning message, or None when the copy is fine.
They warn rather than refuse: the editor decides, and publishing with warnings needs an explicit
"publish anyway". `review()` runs them all over what the editor is about to save.

No check reaches the database: the caller gathers the facts a check needs (whether another
article has the same headline: `Article.objects.headline_taken()`) and hands them in with the
copy.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HEADLINE_MAX_LENGTH = 110

# Digits joined by points or commas: "1,250.75", "1.250,75", "14,3000".
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)+\b")
PLACEHOLDER = re.compile(r"\b(?:TK)+\b")
DOUBLED_WORD = re.compile(r"\b(\w+)\s+(\1)\b", re.IGNORECASE)
# Doubled words that are correct English ("he had had enough", "she said that that was").
LEGITIMATE_DOUBLES = {"had", "that"}
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
IMAGE_ALT = re.compile(r'<img\b[^>]*\balt="[^"]*\S[^"]*"', re.IGNORECASE)


def plain_text(markup):
    """The words a reader sees in an HTML fragment."""
    return html.unescape(strip_tags(markup or ""))


def malformed_number(number, decimal):
    """Whether `number` breaks the rules of a language whose decimal sign is `decimal` (and
    whose thousands separator is the other of "." and ","): groups after the first are three
    digits long, the decimal sign comes once and last, and decimals do not trail zeros past
    the second place ("14,3000" in Spanish, "14.3000" in English)."""
    thousands = "." if decimal == "," else ","
    whole, separator, fraction = (
        number.rpartition(decimal) if decimal in number else (number, "", "")
    )
    if not fraction.isdigit() and separator:
        return True
    first, *groups = whole.split(thousands)
    if groups and (len(first) > 3 or first.startswith("0") or any(len(g) != 3 for g in groups)):
        return True
    return bool(separator) and len(fraction) > 2 and fraction.endswith("0")


def malformed_numbers(text):
    """Numbers mistyped for the active language: "14,3000" and "1,00" in English; "14.3000"
    and "14,3000" in Spanish, where "3,5 millones" and "1.250,75 soles" are right."""
    decimal = get_format("DECIMAL_SEPARATOR")
    bad = [
        match.group() for match in NUMBER.finditer(text) if malformed_number(match.group(), decimal)
    ]
    if bad:
        thousands = "." if decimal == "," else ","
        return _(
            "Check %(numbers)s: digit groups are three digits long (%(thousands)s) and "
            "decimals come after the decimal sign (%(decimals)s)."
        ) % {"numbers": ", ".join(bad), "thousands": f"1{thousands}250", "decimals": f"3{decimal}5"}
    return None


def leftover_placeholders(text):
    """ "TK" ("to come") marks a fact still missing."""
    if PLACEHOLDER.search(text):
        return _('The copy still contains a "TK" placeholder.')
    return None


def unbalanced_quotes(text):
    """Straight double quotes come in pairs; curly ones open and close in equal numbers."""
    if text.count('"') % 2 or text.count("\u201c") != text.count("\u201d"):
        return _(
            "Quotation marks are unbalanced: a quote is opened and not closed, or the reverse."
        )
    return None


def doubled_words(text):
    """A word typed twice in a row ("the the")."""
    for match in DOUBLED_WORD.finditer(text):
        if match.group(1).lower() not in LEGITIMATE_DOUBLES and not match.group(1).isdigit():
            return _('The word "%(word)s" is doubled ("%(words)s").') % {
                "word": match.group(1),
                "words": match.group(),
            }
    return None


def missing_dek(dek):
    if not (dek or "").strip():
        return _("There is no dek: add a line under the headline.")
    return None


def headline_too_long(headline):
    if len(headline or "") > HEADLINE_MAX_LENGTH:
        return _(
            "The headline is %(length)d characters long; search results cut it off after "
            "about %(limit)d."
        ) % {"length": len(headline), "limit": HEADLINE_MAX_LENGTH}
    return None


def cover_photo_incomplete(photo):
    """A cover photo needs a credit (rights) and alt text (accessibility)."""
    if photo is None:
        return None
    no_credit = not (photo.credit or "").strip()
    no_alt = not (photo.alt_text or "").strip()
    if no_credit and no_alt:
        return _("The cover photo has no credit and no alt text.")
    if no_credit:
        return _("The cover photo has no credit.")
    if no_alt:
        return _("The cover photo has no alt text.")
    return None


def no_tags(tag_names):
    if not tag_names:
        return _("The article has no tags: readers and feeds find stories through them.")
    return None


def duplicate_headline(headline, headline_taken):
    """`headline_taken`: whether another article has this headline (the caller looked)."""
    if headline and headline_taken:
        return _("Another article already has this exact headline.")
    return None


def empty_links(body):
    """Links with no text (nor an image with alt text) are invisible to screen-reader users."""
    count = sum(
        1
        for match in LINK.finditer(body or "")
        if not plain_text(match.group(1)).strip() and not IMAGE_ALT.search(match.group(1))
    )
    if count:
        return ngettext("%(count)d link has no text.", "%(count)d links have no text.", count) % {
            "count": count
        }
    return None


@dataclass
class Copy:
    """What the copy desk looks at; built from the admin form before anything is saved."""

    headline: str = ""
    dek: str = ""
    body: str = ""
    cover_photo: object = None
    tag_names: list = field(default_factory=list)
    # Whether another article already has this headline; the caller looks it up.
    headline_taken: bool = False

    @classmethod
    def from_article(cls, article, headline_taken=False):
        """The copy of a saved article (bulk actions and the dashboard check without a form).

        Reads `article.tags.all()`, so prefetch tags when checking many articles.
        """
        return cls(
            headline=article.headline,
            dek=article.dek,
            body=article.body,
            cover_photo=article.cover_photo,
            tag_names=[tag.name for tag in article.tags.all()],
            headline_taken=headline_taken,
        )


def review(copy):
    """Every warning for `copy`, in reading order."""
    body_text = plain_text(copy.body)
    texts = [copy.headline, copy.dek, body_text]
    warnings = [
        headline_too_long(copy.headline),
        duplicate_headline(copy.headline, copy.headline_taken),
        missing_dek(copy.dek),
        malformed_numbers(" ".join(texts)),
        leftover_placeholders(" ".join(texts)),
        *(unbalanced_quotes(text) for text in texts),
        *(doubled_words(text) for text in texts),
        empty_links(copy.body),
        cover_photo_incomplete(copy.cover_photo),
        no_tags(copy.tag_names),
    ]
    # Several fields can raise the same warning (unbalanced quotes): report it once.
    return list(dict.fromkeys(w for w in warnings if w))
