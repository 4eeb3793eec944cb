from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.search import MARK_END, MARK_START

register = template.Library()


@register.filter
def highlight_snippet(snippet):
    """A search snippet as HTML: its text escaped, its marked matches in <mark>."""
    html = escape(snippet or "").replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    if html.count("<mark>") > html.count("</mark>"):
        html += "</mark>"
    return mark_safe(html)  # noqa: S308 - every character of the text was escaped above
