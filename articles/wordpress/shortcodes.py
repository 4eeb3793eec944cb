"""WordPress shortcodes: a port of `get_shortcode_regex()` and `shortcode_parse_atts()`.

WordPress only expands shortcodes a plugin registered; the importer cannot know which plugins
the old site ran, so a bracketed word counts as a shortcode when it has attributes, a closing
tag, or a name no sentence uses (with "-" or "_"); "[sic]" and "[Updated]" stay text.
"""

import re

NAME = r"[A-Za-z][\w-]*"
_SHORTCODE = re.compile(
    r"\["
    r"(\[?)"  # 1: escaped [[tag]]
    r"(" + NAME + r")"  # 2: name
    r"(?![\w-])"
    r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"  # 3: attributes
    r"(?:(/)\]"  # 4: self-closing
    r"|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"  # 5: content
    r"(\]?)"  # 6: escaped
)
_ATTRIBUTE = re.compile(
    r'([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)'
    r"|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"
    r'|([\w-]+)\s*=\s*([^\s\'"]+)(?:\s|$)'
    r'|"([^"]*)"(?:\s|$)'
    r"|'([^']*)'(?:\s|$)"
    r"|(\S+)(?:\s|$)"
)


class Shortcode:
    def __init__(self, match):
        self.match = match
        self.name = match.group(2).lower()
        self.raw_attributes = match.group(3)
        self.attributes = parse_attributes(match.group(3))
        self.content = match.group(5)
        self.escaped = match.group(1) == "[" and match.group(6) == "]"

    @property
    def text(self):
        return self.match.group(0)

    def looks_like_shortcode(self):
        return bool(
            self.raw_attributes.strip()
            or self.content is not None
            or self.match.group(4)
            or "-" in self.name
            or "_" in self.name
        )


def parse_attributes(text):
    """shortcode_parse_atts(): named attributes lower-cased; positional ones under 0, 1, …"""
    attributes = {}
    text = re.sub(r"[\u00a0\u200b]", " ", text or "")
    position = 0
    for match in _ATTRIBUTE.finditer(text):
        groups = match.groups()
        for name_index in (0, 2, 4):
            if groups[name_index]:
                attributes[groups[name_index].lower()] = groups[name_index + 1]
                break
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            attributes[position] = value
            position += 1
    return attributes


def replace_shortcodes(text, handler):
    """Replace every shortcode in `text` by `handler(shortcode)`; None keeps it as written.

    Escaped shortcodes ([[tag]]) become the literal [tag], as WordPress displays them.
    """

    def substitute(match):
        shortcode = Shortcode(match)
        if shortcode.escaped:
            return match.group(0)[1:-1]
        if not shortcode.looks_like_shortcode():
            return match.group(0)
        replacement = handler(shortcode)
        return match.group(0) if replacement is None else replacement

    return _SHORTCODE.sub(substitute, text)
