"""The one filter for text written into XML: feeds, sitemaps and XML templates all use it.

XML 1.0 allows tab, newline and carriage return but no other C0 control character, no lone
surrogate and neither U+FFFE nor U+FFFF; word processors paste such characters into copy, and
one of them makes a whole feed or sitemap unreadable to a strict parser (Google News is one).
"""

import re

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """`value` with characters XML 1.0 forbids removed, looking inside lists and dicts."""
    if isinstance(value, str):
        return XML_FORBIDDEN.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    return value
