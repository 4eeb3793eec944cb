"""Machine-readable times for `<time datetime>` and meta tags."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_datetime(value):
    """ISO 8601 in the site's time zone, to the second: HTML's `datetime` attribute accepts at
    most three fractional digits, so Django's `date:"c"` (microseconds) is not valid there."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
